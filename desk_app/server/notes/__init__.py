"""Internal notes on customers, interactions, tickets and orders."""
