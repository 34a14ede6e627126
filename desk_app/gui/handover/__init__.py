"""Handover notes: what the last shift left, shown at sign-in until acknowledged; leaving one."""
