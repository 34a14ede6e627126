"""One script run on screen: what to say, what to confirm, the choices, and the way back.

The view draws the :class:`ScriptRun` it is handed and reports what the rep
does as signals; it never moves the run itself. The sidebar moves it,
records the trail and hands it back to be drawn, so what is on screen is
always what was recorded.

Keys, while the focus is in the sidebar: 1–9 pick a choice, Alt+Left goes
back. F9 (:data:`CALM_KEY`, the window's action, so it works from anywhere
and whatever page of the sidebar is in front) opens the de-escalation panel. After each
move the focus lands where the rep acts next: the first must-say line not
yet confirmed, else the answer given before, else the first choice or Next.
"""

import html
from collections.abc import Callable, Sequence
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.scripts.definition import Script
from desk_app.domain.scripts.engine import ScriptRun

CHOICE_KEYS = 9
BACK_KEY = "Alt+Left"
CALM_KEY = "F9"
SAY_SCALE = 1.35
WARNING_STYLE = "color: #b00020;"
CALM_STYLE = "#scriptCalmPanel { background: #fff4e0; border: 1px solid #e0a040; }"


def _clear(layout: QLayout) -> None:
    """Remove the last step's widgets; hidden at once, so none keeps the focus meanwhile."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.deleteLater()


def _add(layout: QLayout, widget: QWidget) -> None:
    """Add and show now: a layout shows a new child only later, too late to take the focus."""
    layout.addWidget(widget)
    widget.show()


class _Caption(QLabel):
    """The words beside a checkbox or a choice's number: they wrap, and a click is the control's.

    Checkbox and button texts never wrap; a long compliance line or answer
    would widen the sidebar past the window, so the words live here.
    """

    def __init__(self, text: str, control: QAbstractButton) -> None:
        super().__init__(text)
        self._control = control
        self.setWordWrap(True)
        self.setBuddy(control)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._control.click()
        self._control.setFocus(Qt.FocusReason.MouseFocusReason)
        event.accept()


def _row(control: QAbstractButton, text: str) -> QWidget:
    """``control`` with ``text`` beside it, wrapped."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(control, 0, Qt.AlignmentFlag.AlignTop)
    caption = _Caption(text, control)
    caption.setObjectName(f"{control.objectName()}Caption")
    layout.addWidget(caption, 1)
    return row


def category_name(category: str) -> str:
    """``shipping_delay`` as a rep reads it: "Shipping delay"."""
    return category.replace("_", " ").capitalize()


class ScriptView(QWidget):
    """The current step of one run, its compliance lines, choices and the controls around it."""

    choiceMade = Signal(int)
    advanceRequested = Signal()
    backRequested = Signal()
    restartRequested = Signal()
    scriptChosen = Signal(str)
    categoryChosen = Signal(str)
    lineConfirmed = Signal(str, bool)
    itemChecked = Signal(str, bool)
    articleRequested = Signal(str)

    def __init__(self, article_title: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._article_title = article_title
        self._run: ScriptRun | None = None
        self._choice_buttons: list[QPushButton] = []
        self._line_boxes: list[QCheckBox] = []
        self._article_buttons: list[QPushButton] = []
        self._check_boxes: list[QCheckBox] = []
        # UI
        self.setObjectName("ScriptView")
        self.script_combo = QComboBox(objectName="scriptChoice")
        self.script_combo.setAccessibleName(self.tr("Script"))
        self.category_combo = QComboBox(objectName="scriptCategory")
        self.category_combo.setAccessibleName(self.tr("Interaction category"))
        self.category_combo.setToolTip(self.tr("Changing it re-routes the script; answers stay"))
        header = QFormLayout()
        header.addRow(self.tr("Scr&ipt"), self.script_combo)
        header.addRow(self.tr("Cate&gory"), self.category_combo)
        for row, combo in ((0, self.script_combo), (1, self.category_combo)):
            label = header.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            if isinstance(label, QLabel):
                label.setBuddy(combo)
        self.reason = QLabel(objectName="scriptReason")
        self.reason.setWordWrap(True)
        reason_font = QFont(self.reason.font())
        reason_font.setItalic(True)
        self.reason.setFont(reason_font)
        self.progress = QProgressBar(objectName="scriptProgress")
        self.progress.setAccessibleName(self.tr("Progress through the script"))
        self.progress.setTextVisible(False)  # beside it, not half over the bar's chunk
        self.progress.setMaximumHeight(10)
        self.progress_label = QLabel(objectName="scriptProgressText")
        self.say = QLabel(objectName="scriptSay")
        self.say.setWordWrap(True)
        self.say.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.say.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        say_font = QFont(self.say.font())
        say_font.setPointSizeF(say_font.pointSizeF() * SAY_SCALE)
        self.say.setFont(say_font)
        self.must_box = QGroupBox(self.tr("Must say — tick once said"), objectName="mustSay")
        self.must_layout = QVBoxLayout(self.must_box)
        self.checklist_box = QGroupBox(self.tr("Check"), objectName="scriptChecklist")
        self.checklist_layout = QVBoxLayout(self.checklist_box)
        self.question = QLabel(objectName="scriptQuestion")
        self.question.setWordWrap(True)
        question_font = QFont(self.question.font())
        question_font.setBold(True)
        self.question.setFont(question_font)
        self.choices = QWidget(objectName="scriptChoices")
        self.choices_layout = QVBoxLayout(self.choices)
        self.choices_layout.setContentsMargins(0, 0, 0, 0)
        self.next_button = QPushButton(self.tr("&Next"), objectName="scriptNext")
        self.kb_box = QGroupBox(self.tr("Knowledge base"), objectName="scriptKb")
        self.kb_layout = QVBoxLayout(self.kb_box)
        self.dispositions = QLabel(objectName="scriptDispositions")
        self.dispositions.setWordWrap(True)
        self.warning = QLabel(objectName="scriptWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.setAccessibleName(self.tr("Must-say lines not confirmed"))
        self.calm = QFrame(objectName="scriptCalmPanel")
        self.calm.setStyleSheet(CALM_STYLE)
        self.calm_text = QLabel(objectName="scriptCalmText")
        self.calm_text.setWordWrap(True)
        self.calm_text.setTextFormat(Qt.TextFormat.RichText)
        QVBoxLayout(self.calm).addWidget(self.calm_text)
        self.calm.hide()
        self.back_button = QPushButton(self.tr("Back"), objectName="scriptBack")
        self.back_button.setToolTip(self.tr("Back to the previous step (Alt+Left)"))
        self.restart_button = QPushButton(self.tr("Restart"), objectName="scriptRestart")
        self.restart_button.setToolTip(self.tr("Back to the first step; answers stay"))
        self.calm_button = QPushButton(self.tr("Upset customer (F9)"), objectName="scriptCalm")
        self.calm_button.setCheckable(True)
        self.calm_button.setToolTip(self.tr("Show what to say to an upset customer (F9)"))
        controls = QHBoxLayout()
        for button in (self.back_button, self.restart_button, self.calm_button):
            controls.addWidget(button)
        body = QWidget(objectName="scriptBody")
        body_layout = QVBoxLayout(body)
        for widget in (
            self.calm,
            self.say,
            self.must_box,
            self.checklist_box,
            self.question,
            self.choices,
            self.next_button,
            self.warning,
            self.dispositions,
            self.kb_box,
        ):
            body_layout.addWidget(widget)
        body_layout.addStretch(1)
        scroll = QScrollArea(objectName="scriptScroll")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(header)
        layout.addWidget(self.reason)
        progress = QHBoxLayout()
        progress.addWidget(self.progress, 1)
        progress.addWidget(self.progress_label)
        layout.addLayout(progress)
        layout.addWidget(scroll, 1)
        layout.addLayout(controls)
        # connections
        self.script_combo.activated.connect(self._script_activated)
        self.category_combo.activated.connect(self._category_activated)
        self.next_button.clicked.connect(self.advanceRequested)
        self.back_button.clicked.connect(self.backRequested)
        self.restart_button.clicked.connect(self.restartRequested)
        self.calm_button.toggled.connect(self.calm.setVisible)
        for number in range(1, CHOICE_KEYS + 1):
            self._shortcut(str(number), lambda n=number: self._number_key(n))
        self._shortcut(BACK_KEY, self._back_key)

    def _shortcut(self, key: str, slot: Callable[[], None]) -> None:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    # --- drawing ---------------------------------------------------------------------

    def show_run(
        self,
        run: ScriptRun,
        *,
        reason: str,
        scripts: Sequence[Script],
        category: str | None,
        call_ended: bool,
    ) -> None:
        """Draw ``run`` as it is now; ``scripts`` fill the switch list and the categories."""
        self._run = run
        step = run.current
        self._fill_combos(run.script, scripts, category)
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))
        done, total = run.progress()
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setFormat(self.tr("Step {done} of {total}").format(done=done, total=total))
        self.progress_label.setText(self.progress.text())
        self.say.setText(run.say())
        self.say.setAccessibleName(self.tr("Say: {text}").format(text=run.say()))
        self._draw_lines(run)
        self._draw_checklist(run)
        self.question.setText(step.question)
        self.question.setVisible(bool(step.question))
        self._draw_choices(run)
        self.next_button.setVisible(step.next is not None)
        self._draw_articles(step.kb)
        self.show_end(run, call_ended)
        self._draw_calm(run.script)
        self.back_button.setEnabled(run.can_go_back())
        self._order_tabs()

    def _order_tabs(self) -> None:
        """Tab through the sidebar top to bottom (the step's widgets are made anew each move)."""
        chain: list[QWidget] = [self.script_combo, self.category_combo, self.say]
        chain += self._line_boxes + self._check_boxes + self._choice_buttons
        chain += [self.next_button, *self._article_buttons]
        chain += [self.back_button, self.restart_button, self.calm_button]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _fill_combos(
        self, current: Script, scripts: Sequence[Script], category: str | None
    ) -> None:
        for combo in (self.script_combo, self.category_combo):
            combo.blockSignals(True)
            combo.clear()
        for script in scripts:
            self.script_combo.addItem(script.title, script.key)
        self.script_combo.setCurrentIndex(self.script_combo.findData(current.key))
        categories = sorted({script.category for script in scripts} | {category or ""} - {""})
        for name in categories:
            self.category_combo.addItem(category_name(name), name)
        self.category_combo.setCurrentIndex(self.category_combo.findData(category))
        for combo in (self.script_combo, self.category_combo):
            combo.blockSignals(False)

    def _draw_lines(self, run: ScriptRun) -> None:
        _clear(self.must_layout)
        self._line_boxes = []
        for line in run.current.must_say:
            box = QCheckBox(objectName=f"mustSay_{line.id}")
            box.setAccessibleName(self.tr("Must say: {text}").format(text=run.line_text(line)))
            box.setChecked(run.is_confirmed(line.id))
            box.toggled.connect(lambda said, i=line.id: self.lineConfirmed.emit(i, said))
            _add(self.must_layout, _row(box, run.line_text(line)))
            self._line_boxes.append(box)
        self.must_box.setVisible(bool(run.current.must_say))

    def _draw_checklist(self, run: ScriptRun) -> None:
        _clear(self.checklist_layout)
        self._check_boxes = []
        for item in run.current.checklist:
            box = QCheckBox(objectName="scriptCheckItem")
            box.setAccessibleName(item)
            box.setChecked(run.is_checked(item))
            box.toggled.connect(lambda done, i=item: self.itemChecked.emit(i, done))
            _add(self.checklist_layout, _row(box, item))
            self._check_boxes.append(box)
        self.checklist_box.setVisible(bool(run.current.checklist))

    def _draw_choices(self, run: ScriptRun) -> None:
        _clear(self.choices_layout)
        self._choice_buttons = []
        before = run.previous_answer()
        for number, choice in enumerate(run.current.choices, start=1):
            text = choice.label
            if choice.label == before:
                text += "  " + self.tr("(answered before)")
            button = QPushButton(str(number), objectName=f"scriptChoice{number}")
            button.setFixedWidth(button.fontMetrics().horizontalAdvance("00") + 24)
            if number <= CHOICE_KEYS:
                button.setToolTip(self.tr("Press {number}").format(number=number))
            button.setAccessibleName(choice.label)
            button.setAccessibleDescription(text)
            button.clicked.connect(lambda _=False, i=number - 1: self.choiceMade.emit(i))
            _add(self.choices_layout, _row(button, text))
            self._choice_buttons.append(button)
        self.choices.setVisible(bool(run.current.choices))

    def _draw_articles(self, slugs: Sequence[str]) -> None:
        _clear(self.kb_layout)
        self._article_buttons = []
        for slug in slugs:
            title = self._article_title(slug)
            button = QPushButton(title, objectName="scriptArticle")
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.setToolTip(self.tr("Open “{title}” in the knowledge panel").format(title=title))
            button.setAccessibleName(self.tr("Article: {title}").format(title=title))
            button.clicked.connect(lambda _=False, s=slug: self.articleRequested.emit(s))
            _add(self.kb_layout, button)
            self._article_buttons.append(button)
        self.kb_box.setVisible(bool(slugs))

    def show_end(self, run: ScriptRun, call_ended: bool) -> None:
        """The wrap-up warning (lines not confirmed, once the run or the call has ended)."""
        missing = run.unconfirmed() if (run.finished or call_ended) else []
        if missing:
            lines = "".join(f"<li>{html.escape(run.line_text(line))}</li>" for line in missing)
            title = html.escape(self.tr("Not confirmed as said:"))
            self.warning.setText(f"<b>{title}</b><ul>{lines}</ul>")
        self.warning.setVisible(bool(missing))
        dispositions = run.suggested_dispositions()
        self.dispositions.setText(
            self.tr("Suggested disposition: {names}").format(
                names=", ".join(category_name(d) for d in dispositions)
            )
        )
        self.dispositions.setVisible(bool(dispositions))

    def _draw_calm(self, script: Script) -> None:
        calm = script.de_escalation
        self.calm_button.setEnabled(calm is not None)
        if calm is None:
            self.calm_button.setChecked(False)
            return
        tips = "".join(f"<li>{html.escape(tip)}</li>" for tip in calm.tips)
        self.calm_text.setText(
            f"<p><b>{html.escape(calm.say)}</b></p>" + (f"<ul>{tips}</ul>" if tips else "")
        )
        self.calm_text.setAccessibleName(self.tr("De-escalation: {say}").format(say=calm.say))

    def choice_buttons(self) -> list[QPushButton]:
        """The current step's choices, in order (number key 1 is the first)."""
        return list(self._choice_buttons)

    def choice_texts(self) -> list[str]:
        """The words of each choice as shown beside its number."""
        return [button.accessibleDescription() for button in self._choice_buttons]

    def article_buttons(self) -> list[QPushButton]:
        return list(self._article_buttons)

    def focus_next_action(self) -> None:
        """Put the focus where the rep acts next (see the module docstring)."""
        target: QWidget = self.say
        unsaid = [box for box in self._line_boxes if not box.isChecked()]
        run = self._run
        before = run.previous_answer() if run is not None else None
        answered = [b for b in self._choice_buttons if b.accessibleName() == before]
        if unsaid:
            target = unsaid[0]
        elif answered:
            target = answered[0]
        elif self._choice_buttons:
            target = self._choice_buttons[0]
        elif self.next_button.isVisibleTo(self):
            target = self.next_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- what the rep does -------------------------------------------------------------

    def toggle_calm(self) -> None:
        if self.calm_button.isEnabled():
            self.calm_button.toggle()

    def _number_key(self, number: int) -> None:
        if number <= len(self._choice_buttons):
            self.choiceMade.emit(number - 1)

    def _back_key(self) -> None:
        if self.back_button.isEnabled():
            self.backRequested.emit()

    def _script_activated(self, index: int) -> None:
        key = self.script_combo.itemData(index)
        if isinstance(key, str) and (self._run is None or key != self._run.script.key):
            self.scriptChosen.emit(key)

    def _category_activated(self, index: int) -> None:
        category = self.category_combo.itemData(index)
        if isinstance(category, str):
            self.categoryChosen.emit(category)
