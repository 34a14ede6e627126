"""Orders with their lines, shipments with tracking, invoices with payments."""
