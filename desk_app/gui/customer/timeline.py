"""Past interactions and tickets across channels, newest first; the selected one's whole thread.

Each entry is one line (when, channel, subject, status, disposition); the
thread beside it shows the script the rep followed (its path, the answers
given, the must-say lines and whether each was confirmed), its wrap notes
and every note, oldest first, as the server composed it (``TimelineEntry``).
"""

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk_app.gui.customer.display import moment
from desk_app.gui.offer.display import channel_name

ENTRY_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # the TimelineEntry dict


class TimelinePanel(QWidget):
    """The list of past contacts above the selected one's thread."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("TimelinePanel")
        self.entries = QListWidget(objectName="timelineList")
        self.entries.setAccessibleName(self.tr("Past interactions and tickets, newest first"))
        self.thread = QTextBrowser(objectName="timelineThread")
        self.thread.setAccessibleName(self.tr("The selected interaction's thread"))
        self.thread.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.entries)
        splitter.addWidget(self.thread)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        # connections
        self.entries.currentItemChanged.connect(self._show_thread)
        self.entries.itemActivated.connect(self._show_thread)
        # populate
        self.show_timeline([])

    def show_timeline(self, timeline: list[dict[str, Any]]) -> None:
        """Draw ``timeline`` in the order given (the server sends it newest first)."""
        self.entries.clear()
        for entry in timeline:
            item = QListWidgetItem(self._line(entry))
            item.setData(ENTRY_ROLE, entry)
            self.entries.addItem(item)
        if not timeline:
            self.thread.setHtml(f"<i>{html.escape(self.tr('No past interactions or tickets'))}</i>")
        else:
            self.thread.setHtml(f"<i>{html.escape(self.tr('Select one to read its thread'))}</i>")

    def open_entry(self, row: int) -> None:
        self.entries.setCurrentRow(row)

    def _line(self, entry: dict[str, Any]) -> str:
        kind = (
            self.tr("Ticket")
            if entry.get("kind") == "ticket"
            else channel_name(entry.get("channel"))
        )
        parts = [moment(entry.get("at")), kind, entry.get("subject") or self.tr("(no subject)")]
        status = str(entry.get("status") or "").replace("_", " ")
        if entry.get("disposition"):
            status += f", {entry['disposition']}"
        return " · ".join(str(part) for part in parts if part) + (f" — {status}" if status else "")

    def _show_thread(self, item: QListWidgetItem | None, *_: object) -> None:
        entry = item.data(ENTRY_ROLE) if item is not None else None
        if not isinstance(entry, dict):
            return
        self.thread.setHtml(self.thread_html(entry))

    def thread_html(self, entry: dict[str, Any]) -> str:
        """One interaction or ticket with everything written about it."""
        out = [f"<h3>{html.escape(str(entry.get('subject') or self.tr('(no subject)')))}</h3>"]
        out.append(f"<p>{html.escape(self._line(entry))}</p>")
        if entry.get("disposition"):
            label = html.escape(self.tr("Disposition"))
            out.append(f"<p><b>{label}:</b> {html.escape(str(entry['disposition']))}</p>")
        if entry.get("script"):
            out.append(self.script_html(entry["script"]))
        if entry.get("wrap_notes"):
            wrap = html.escape(str(entry["wrap_notes"])).replace("\n", "<br>")
            out.append(f"<p><b>{html.escape(self.tr('Wrap notes'))}:</b><br>{wrap}</p>")
        notes = entry.get("notes") or []
        if notes:
            out.append(f"<p><b>{html.escape(self.tr('Notes'))}</b></p>")
        for note in notes:
            body = html.escape(str(note.get("body") or "")).replace("\n", "<br>")
            out.append(f"<p><i>{html.escape(moment(note.get('created_at')))}</i><br>{body}</p>")
        if not notes and not entry.get("wrap_notes"):
            out.append(f"<p><i>{html.escape(self.tr('Nothing was written about it'))}</i></p>")
        return "".join(out)

    def script_html(self, script: dict[str, Any]) -> str:
        """The script followed: the steps in order with the answers, then the must-say lines."""
        titles = ", ".join(str(title) for title in script.get("titles") or [])
        out = [f"<p><b>{html.escape(self.tr('Script'))}:</b> {html.escape(titles)}</p><ol>"]
        left = {
            "back": self.tr("went back"),
            "restart": self.tr("restarted"),
            "switch": self.tr("switched script"),
        }
        for step in script.get("path") or []:
            said = html.escape(str(step.get("said") or step.get("step") or ""))
            how = step.get("left_by")
            if step.get("choice"):
                said += " → <b>" + html.escape(str(step["choice"])) + "</b>"
            elif how in left:
                said += f" <i>({html.escape(left[how])})</i>"
            out.append(f"<li>{said}</li>")
        out.append("</ol>")
        lines = script.get("lines") or []
        if lines:
            out.append(f"<p><b>{html.escape(self.tr('Must say'))}</b></p><ul>")
        for line in lines:
            mark = self.tr("confirmed") if line.get("confirmed") else self.tr("NOT confirmed")
            text = html.escape(str(line.get("text") or ""))
            out.append(f"<li>{text} — <b>{html.escape(mark)}</b></li>")
        if lines:
            out.append("</ul>")
        return "".join(out)
