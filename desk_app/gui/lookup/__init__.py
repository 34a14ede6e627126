"""The look-up box: customers found as the rep types, from the local cache and the server."""
