"""Telephony: the PBX/CTI webhooks, gateway intake, call control and the adapters behind it."""
