"""The script sidebar: the guide a rep follows through each open interaction."""
