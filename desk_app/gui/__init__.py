"""The PySide6 window: panels, item models, themes and translations."""
