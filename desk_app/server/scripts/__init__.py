"""Guideline scripts, versioned: what a rep follows for each kind of case."""
