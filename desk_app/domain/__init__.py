"""Plain-Python rules of the business: no Qt, no HTTP, no SQL (checked by import-linter)."""
