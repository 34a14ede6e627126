"""The Work menu's "Add internal note…": the notes of the interaction or ticket in front."""

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from desk_app.gui.notes.section import NotesSection


class NoteDialog(QDialog):
    """A :class:`NotesSection` in a window of its own; it closes once the note is queued."""

    def __init__(self, section: NotesSection, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoteDialog")
        self.setWindowTitle(self.tr("Internal note — {title}").format(title=title))
        self.resize(560, 420)
        self.section = section
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(section, 1)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        section.opQueued.connect(self.accept)
        section.focus_editor()
