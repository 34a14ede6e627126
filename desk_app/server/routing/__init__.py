"""Routing: agent profiles and presence, offers, and the router that matches work to agents."""
