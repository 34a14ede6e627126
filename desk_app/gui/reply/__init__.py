"""The reply box of a chat or email tab: conversation, editor with canned answers, macros."""
