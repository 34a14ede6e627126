"""The two dialogs of the Work menu: a new ticket, and an escalation with its hand-off.

Both check what they can on the desk before anything is queued: a new
ticket needs a subject; an escalation needs somewhere new to go (another
department or a higher tier) and the hand-off's three parts (the domain's
:meth:`HandOff.of`, which also masks card numbers). The dialog stays open
with the reason until it is right.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.enums import Priority, TicketStatus
from desk_app.domain.tickets import (
    CATEGORY_DEPARTMENT,
    CHECKLIST_TEMPLATES,
    MAX_TIER,
    HandOff,
    TicketRuleError,
    check_escalation,
    department_for,
)
from desk_app.gui.notes.directory import UserDirectory
from desk_app.gui.offer.display import error_label
from desk_app.gui.tickets.display import (
    category_name,
    department_name,
    priority_name,
    sentence,
)


@dataclass(frozen=True)
class Escalation:
    """Where the ticket goes and the hand-off it carries (masked)."""

    to_department: str | None
    to_tier: int | None
    to_owner_id: uuid.UUID | None
    hand_off: HandOff


@dataclass(frozen=True)
class NewTicket:
    subject: str
    description: str
    category: str | None
    department: str
    priority: Priority


def _text_box(name: str, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit(objectName=name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setMaximumHeight(80)
    return box


class EscalateDialog(QDialog):
    """Escalate a ticket (department and/or tier, optional owner) with its hand-off note."""

    def __init__(
        self,
        *,
        department: str,
        departments: Sequence[str],
        tier: int,
        status: TicketStatus,
        directory: UserDirectory,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("EscalateDialog")
        self.setWindowTitle(self.tr("Escalate — {title}").format(title=title))
        self._department = department
        self._tier = tier
        self._status = status
        self.escalation: Escalation | None = None
        self.to_department = QComboBox(objectName="escalateDepartment")
        self.to_department.addItem(
            self.tr("Stay in {department}").format(department=department_name(department)), None
        )
        for other in departments:
            if other != department:
                self.to_department.addItem(department_name(other), other)
        self.to_tier = QComboBox(objectName="escalateTier")
        self.to_tier.addItem(self.tr("Stay at tier {tier}").format(tier=tier), None)
        for higher in range(tier + 1, MAX_TIER + 1):
            self.to_tier.addItem(self.tr("Tier {tier}").format(tier=higher), higher)
        self.to_owner = QComboBox(objectName="escalateOwner")
        self.to_owner.addItem(self.tr("The receiving queue"), None)
        for user in sorted(directory.users(), key=lambda u: str(u.get("display_name") or "")):
            self.to_owner.addItem(str(user.get("display_name") or user.get("username")), user["id"])
        self.tried = _text_box("handOffTried", self.tr("What was tried"))
        self.told = _text_box("handOffTold", self.tr("What the customer was told"))
        self.expected = _text_box("handOffExpected", self.tr("What is expected of them"))
        self.problem = error_label("escalateProblem")
        form = QFormLayout()
        form.addRow(self.tr("To &department"), self.to_department)
        form.addRow(self.tr("To t&ier"), self.to_tier)
        form.addRow(self.tr("To &owner"), self.to_owner)
        form.addRow(self.tr("What was &tried"), self.tried)
        form.addRow(self.tr("What the customer was to&ld"), self.told)
        form.addRow(self.tr("What is e&xpected"), self.expected)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Escalate"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("The script path, the answers and the disposition are attached."))
        )
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.resize(560, self.sizeHint().height())

    def accept(self) -> None:
        """Check the hand-off and the target; stay open with the reason if they are wrong."""
        to_department = self.to_department.currentData()
        to_tier = self.to_tier.currentData()
        owner = self.to_owner.currentData()
        try:
            check_escalation(
                department=self._department,
                tier=self._tier,
                to_department=to_department,
                to_tier=to_tier,
                status=self._status,
            )
            hand_off = HandOff.of(
                self.tried.toPlainText(), self.told.toPlainText(), self.expected.toPlainText()
            )
        except TicketRuleError as error:
            self.problem.setText(sentence(error))
            self.problem.show()
            return
        self.escalation = Escalation(
            to_department, to_tier, None if owner is None else uuid.UUID(str(owner)), hand_off
        )
        super().accept()


CATEGORIES = tuple(sorted({*CHECKLIST_TEMPLATES, *CATEGORY_DEPARTMENT}))


class NewTicketDialog(QDialog):
    """A new ticket: subject, category (its department by default), priority, description."""

    def __init__(
        self,
        *,
        departments: Sequence[str],
        subject: str = "",
        category: str | None = None,
        customer_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("NewTicketDialog")
        self.setWindowTitle(self.tr("New ticket"))
        self.ticket: NewTicket | None = None
        self.subject = QLineEdit(subject, objectName="newTicketSubject")
        self.category = QComboBox(objectName="newTicketCategory")
        self.category.addItem(self.tr("(none)"), None)
        categories = list(CATEGORIES)
        if category and category not in categories:
            categories.append(category)
        for name in categories:
            self.category.addItem(category_name(name), name)
        self.department = QComboBox(objectName="newTicketDepartment")
        for department in departments:
            self.department.addItem(department_name(department), department)
        self.priority = QComboBox(objectName="newTicketPriority")
        for priority in Priority:
            self.priority.addItem(priority_name(priority), priority.value)
        self.priority.setCurrentIndex(self.priority.findData(Priority.NORMAL.value))
        self.description = QPlainTextEdit(objectName="newTicketDescription")
        self.description.setTabChangesFocus(True)
        self.problem = error_label("newTicketProblem")
        form = QFormLayout()
        if customer_name:
            form.addRow(self.tr("Customer"), QLabel(customer_name))
        form.addRow(self.tr("&Subject"), self.subject)
        form.addRow(self.tr("&Category"), self.category)
        form.addRow(self.tr("&Department"), self.department)
        form.addRow(self.tr("&Priority"), self.priority)
        form.addRow(self.tr("D&escription"), self.description)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Create"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.category.currentIndexChanged.connect(self._category_chosen)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.category.setCurrentIndex(max(0, self.category.findData(category)))
        self._category_chosen()
        self.resize(520, self.sizeHint().height())

    def _category_chosen(self) -> None:
        """The category's department, as a default the rep may change."""
        department = department_for(self.category.currentData())
        self.department.setCurrentIndex(max(0, self.department.findData(department.value)))

    def accept(self) -> None:
        subject = self.subject.text().strip()
        if not subject:
            self.problem.setText(self.tr("Give the ticket a subject."))
            self.problem.show()
            self.subject.setFocus()
            return
        self.ticket = NewTicket(
            subject=subject,
            description=self.description.toPlainText().strip(),
            category=self.category.currentData(),
            department=str(self.department.currentData()),
            priority=Priority(self.priority.currentData()),
        )
        super().accept()
