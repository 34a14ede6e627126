"""Ask my supervisor: a question on a piece of work, answered back on the rep's desk."""
