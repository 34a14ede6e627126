"""Open interactions: one tab each, with the call controls of a voice call."""
