"""Desk: a call-center workstation and the central server it syncs with."""

__version__ = "0.1.0"
