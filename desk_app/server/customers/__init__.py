"""Customers: contact data, search and the records hanging off them."""
