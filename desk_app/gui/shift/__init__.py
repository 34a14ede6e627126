"""My shift: today's shift and breaks, reminders before each, time left; the queue at sign-in."""
