"""The traffic simulator: plays a day of calls and chats through the server's public API."""
