"""Knowledge-base articles and their search, canned answers and macros."""
