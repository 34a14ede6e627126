"""Follow-ups and callbacks: reminders when due, callbacks offered as outbound work."""
