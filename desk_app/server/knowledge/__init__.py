"""Knowledge-base articles and canned answers."""
