"""Goals for the personal stats graph, set by supervisors per team or per rep."""
