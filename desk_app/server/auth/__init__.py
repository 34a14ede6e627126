"""Sign-in, bearer tokens, password hashing and login throttling."""
