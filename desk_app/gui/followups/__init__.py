"""Follow-ups on the desk: setting one, reminders when due, the "Due now" page."""
