"""Customer-satisfaction surveys: a survey gateway reports each contact's score."""
