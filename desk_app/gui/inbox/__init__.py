"""The rep's inbox: @mentions of them, their questions to the supervisor, the team's questions."""
