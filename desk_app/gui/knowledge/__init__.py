"""The knowledge-base panel: articles searched as the rep types and read inline."""
