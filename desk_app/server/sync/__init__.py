"""The sync protocol: exactly-once operations, the change log and the event stream."""
