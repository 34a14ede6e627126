"""The 360° view of one customer: contact data to edit, orders, invoices and history."""
