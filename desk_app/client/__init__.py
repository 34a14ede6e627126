"""The desk's non-visual half: REST client, local store, outbox and sync engine."""
