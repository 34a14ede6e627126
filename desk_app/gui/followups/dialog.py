"""The "Follow up…" dialog: a reminder or a callback on the interaction or ticket in front.

The time is picked and shown in the desk's local time (tomorrow 09:00 by
default) and leaves as an aware UTC time. A callback needs a number the
desk can dial: prefilled from the interaction's address or the customer's
first phone, read in the desk's region. Card numbers typed in the note are
masked before anything is queued (:attr:`FollowUpDialog.masked` says so).
"""

from datetime import UTC, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.enums import FollowUpKind
from desk_app.domain.followups import check_follow_up
from desk_app.domain.pan import mask_pans
from desk_app.domain.phones import InvalidPhoneError, to_e164
from desk_app.gui.followups.writes import NewFollowUp
from desk_app.gui.inbox.subjects import Subject

DEFAULT_HOUR = time(9, 0)
TIME_FORMAT = "ddd d MMM yyyy HH:mm"


def default_due(now: datetime) -> datetime:
    """Tomorrow at 09:00 in the desk's local time (aware)."""
    local = now.astimezone()
    return datetime.combine(local.date() + timedelta(days=1), DEFAULT_HOUR, tzinfo=local.tzinfo)


def number_for(
    interaction: dict[str, Any] | None, customer: dict[str, Any] | None, region: str
) -> str:
    """What a callback would dial: the interaction's caller (or callee), else the first phone."""
    candidates = []
    if interaction is not None:
        outbound = interaction.get("direction") == "outbound"
        candidates.append(interaction.get("to_address" if outbound else "from_address"))
    candidates += [phone.get("number") for phone in (customer or {}).get("phones") or []]
    for raw in candidates:
        if raw:
            try:
                return to_e164(str(raw), region=region)
            except InvalidPhoneError:
                continue  # an email address, a chat handle
    return ""


def _sentence(reason: str) -> str:
    """The domain's reason (``a callback needs …``) as a sentence for the rep."""
    return reason[:1].upper() + reason[1:] + "."


class FollowUpDialog(QDialog):
    """Kind, when, number, note; OK is refused with the reason while something is wrong.

    On accept, :attr:`follow_up` holds what to queue and :attr:`masked`
    whether a card number was masked in the note.
    """

    def __init__(
        self,
        subject: Subject,
        *,
        title: str,
        customer: dict[str, Any] | None,
        region: str,
        now: datetime,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("followUpDialog")
        self.setWindowTitle(self.tr("Follow up: {title}").format(title=title))
        self.kind = QComboBox(objectName="followUpKind")
        self.kind.addItem(self.tr("Reminder to me"), FollowUpKind.REMINDER.value)
        self.kind.addItem(self.tr("Callback to the customer"), FollowUpKind.CALLBACK.value)
        self.when = QDateTimeEdit(objectName="followUpWhen")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat(TIME_FORMAT)
        self.phone = QLineEdit(objectName="followUpPhone")
        self.phone.setPlaceholderText(self.tr("Number to call"))
        self.note = QPlainTextEdit(objectName="followUpNote")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.tr("What to do then (optional)"))
        self.error = QLabel(objectName="followUpError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.error.setVisible(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Set follow-up"))
        form = QFormLayout()
        form.addRow(self.tr("&Kind"), self.kind)
        form.addRow(self.tr("&When"), self.when)
        form.addRow(self.tr("&Number"), self.phone)
        form.addRow(self.tr("N&ote"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        # models
        self._subject = subject
        self._customer = customer
        self._region = region
        self._now = now
        self.follow_up: NewFollowUp | None = None
        self.masked = False
        # connections
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        # populate
        self.when.setDateTime(QDateTime(default_due(now).replace(tzinfo=None)))
        interaction = subject.record if subject.type == "interaction" else None
        self.phone.setText(number_for(interaction, customer, region))
        self._kind_changed()

    def chosen_kind(self) -> FollowUpKind:
        return FollowUpKind(str(self.kind.currentData()))

    def due_at(self) -> datetime:
        """The picked time, read as local time, in UTC."""
        picked: datetime = self.when.dateTime().toPython()
        return picked.astimezone(UTC)  # a naive time is the desk's local time

    def _kind_changed(self) -> None:
        self.phone.setEnabled(self.chosen_kind() is FollowUpKind.CALLBACK)

    def _refuse(self, message: str, widget: QWidget) -> None:
        self.error.setText(message)
        self.error.setVisible(True)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept(self) -> None:
        kind = self.chosen_kind()
        note = self.note.toPlainText().strip()
        raw_phone = self.phone.text().strip() if kind is FollowUpKind.CALLBACK else ""
        due = self.due_at()
        try:
            check_follow_up(kind, raw_phone, note)
        except ValueError as error:
            needs_number = kind is FollowUpKind.CALLBACK and not raw_phone
            self._refuse(_sentence(str(error)), self.phone if needs_number else self.note)
            return
        if due <= self._now:
            self._refuse(self.tr("Pick a time in the future."), self.when)
            return
        phone = None
        if raw_phone:
            try:
                phone = to_e164(raw_phone, region=self._region)
            except InvalidPhoneError:
                self._refuse(
                    self.tr("“{number}” is not a phone number.").format(number=raw_phone),
                    self.phone,
                )
                return
        masked_note = mask_pans(note)
        self.masked = masked_note != note
        self.follow_up = NewFollowUp(
            subject_type=self._subject.type,
            subject_id=self._subject.id,
            kind=kind,
            due_at=due,
            phone=phone,
            note=masked_note,
            customer_id=self._subject.customer_id,
            interaction_id=self._subject.id if self._subject.type == "interaction" else None,
        )
        super().accept()
