"""Tickets on the desk: the list beside the queue, a ticket's page, escalation, new tickets."""
