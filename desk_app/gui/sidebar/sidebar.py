"""The script sidebar: one run per open interaction, following the tab in front.

When an interaction that is the rep's comes to the front, its run is
brought back from the trail the cache holds for it (the server's copy, or
this desk's newer one not yet sent), or started from the script suggested
for the case, with the rule that chose it shown in words.

Nothing the rep does here is lost: every move, confirmation and tick
records the whole trail at once, as the interaction's local copy and as an
``interaction.script`` op in the outbox, in one transaction. The op carries
the whole trail (the server keeps the latest), so each new one replaces the
one still waiting (``latest_only``): a rep's hundred moves offline wait as
one op, no debounce timer can lose the last second before a crash, and a
restarted desk resumes from the cached trail.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QStackedLayout, QVBoxLayout, QWidget

from desk_app.client.session import Profile
from desk_app.client.store import LocalChange, LocalStore, RecordChange
from desk_app.domain.scripts.definition import Script
from desk_app.domain.scripts.engine import ScriptRun, ScriptRunError
from desk_app.gui.sidebar.case import read_case, route
from desk_app.gui.sidebar.library import Library
from desk_app.gui.sidebar.view import ScriptView, category_name

CONTENT = ("script", "kb_article")
ENDED = ("wrap_up", "done", "abandoned")


def _now() -> datetime:
    return datetime.now(UTC)


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return None if value in (None, "") else uuid.UUID(str(value))
    except ValueError:
        return None


@dataclass
class _Open:
    """One interaction's run, why its script was chosen, and the category it was routed on."""

    run: ScriptRun
    reason: str
    category: str | None
    ended: bool
    customer_id: Any


class ScriptSidebar(QWidget):
    """The guide beside the open interactions.

    Signals: ``opQueued()`` after each op written to the outbox (the window
    wakes the sync thread and counts it), ``articleRequested(slug)`` for a
    KB link (the window shows it in the knowledge panel).
    """

    opQueued = Signal()
    articleRequested = Signal(str)

    def __init__(
        self,
        store: LocalStore,
        *,
        profile: Profile,
        clock: Callable[[], datetime] = _now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._user_id = profile.user_id
        self._profile = profile
        self._clock = clock
        self._library = Library()
        self._open: dict[uuid.UUID, _Open] = {}
        self._current: uuid.UUID | None = None
        # UI
        self.setObjectName("ScriptSidebar")
        self.setAccessibleName(self.tr("Script guide"))
        self.view = ScriptView(self._library.article_title)
        self.note = QLabel(objectName="scriptNote")
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setMargin(12)
        self.note.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Ctrl+3 lands somewhere
        self.pick_category = QComboBox(objectName="scriptPickCategory")
        self.pick_category.setAccessibleName(self.tr("Interaction category"))
        self.pick_category.setPlaceholderText(self.tr("Pick the category…"))
        self._note_page = QWidget(objectName="scriptNotePage")
        note_layout = QVBoxLayout(self._note_page)
        note_layout.addWidget(self.note)
        note_layout.addWidget(self.pick_category)
        note_layout.addStretch(1)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self._note_page)
        self._stack.addWidget(self.view)
        # connections
        view = self.view
        view.choiceMade.connect(lambda index: self._move(lambda run: run.choose(index)))
        view.advanceRequested.connect(lambda: self._move(ScriptRun.advance))
        view.backRequested.connect(lambda: self._move(ScriptRun.back))
        view.restartRequested.connect(lambda: self._move(ScriptRun.restart))
        view.scriptChosen.connect(self._switch_to)
        view.categoryChosen.connect(self._set_category)
        view.lineConfirmed.connect(lambda line, said: self._tick(lambda r: r.confirm(line, said)))
        view.itemChecked.connect(lambda item, done: self._tick(lambda r: r.check(item, done)))
        view.articleRequested.connect(self.articleRequested)
        self.pick_category.activated.connect(
            lambda index: self._set_category(str(self.pick_category.itemData(index)))
        )
        # populate
        self._load_library()
        self.show_interaction(None)

    # --- what the window calls -----------------------------------------------------------

    def show_interaction(self, interaction_id: uuid.UUID | None) -> None:
        """Follow the tab in front (``None``: no interaction is)."""
        self._current = interaction_id
        record = self._store.record("interaction", interaction_id) if interaction_id else None
        if interaction_id is None or record is None:
            self._show_note(self.tr("The script for the interaction in front shows here."))
            return
        if _uuid(record.get("assigned_agent_id")) != self._user_id:
            self._show_note(self.tr("The script starts once the interaction is yours."))
            return
        opened = self._open.get(interaction_id) or self._start(interaction_id, record)
        if opened is None:
            self._show_note(
                self.tr("No script on this desk fits this interaction yet: pick its category.")
                if self._library.scripts
                else self.tr("No scripts on this desk yet: they arrive with the next sync."),
                categories=sorted({script.category for script in self._library.scripts}),
            )
            return
        self._draw(interaction_id, focus=False)

    def current_run(self) -> ScriptRun | None:
        opened = self._open.get(self._current) if self._current else None
        return None if opened is None else opened.run

    def run_of(self, interaction_id: uuid.UUID) -> ScriptRun | None:
        """The interaction's run: the one open here, else the one its cached trail records.

        Read only: a run not open here is not started or recorded (wrap-up
        asks about tabs the rep has not brought to the front since a restart).
        """
        opened = self._open.get(interaction_id)
        if opened is not None:
            return opened.run
        record = self._store.record("interaction", interaction_id)
        trail = (record or {}).get("script_trail")
        if record is None or not trail:
            return None
        values = read_case(self._store, record, self._profile, self._clock()).values
        try:
            return ScriptRun.resume(self._library.for_trail, trail, values, self._clock)
        except (KeyError, ValueError):
            return None

    def unconfirmed(self, interaction_id: uuid.UUID) -> list[str]:
        """The must-say lines the interaction's script showed and the rep did not confirm."""
        run = self.run_of(interaction_id)
        return [] if run is None else [run.line_text(line) for line in run.unconfirmed()]

    def suggested_dispositions(self, interaction_id: uuid.UUID) -> tuple[str, ...]:
        """The dispositions the end of the interaction's script suggests (none before its end)."""
        run = self.run_of(interaction_id)
        return () if run is None else run.suggested_dispositions()

    def records_changed(self, changes: list[RecordChange]) -> None:
        """React to the cache: new scripts or articles, a category or status changed elsewhere."""
        content = any(change.entity in CONTENT for change in changes)
        if content:
            self._load_library()
        waiting = self._current is not None and self._current not in self._open
        if waiting and (content or any(change.id == self._current for change in changes)):
            self.show_interaction(self._current)  # scripts arrived, or the work became mine
        for change in changes:
            if change.entity != "interaction" or change.id not in self._open:
                continue
            record = self._store.record("interaction", change.id)
            if record is None:
                self.forget(change.id)
            else:
                self._interaction_changed(change.id, record)

    def forget(self, interaction_id: uuid.UUID) -> None:
        """The interaction left the cache: drop its run (its trail is recorded already)."""
        self._open.pop(interaction_id, None)
        if interaction_id == self._current:
            self.show_interaction(None)

    def focus_guide(self) -> None:
        """Put the focus in the sidebar, where the number keys answer."""
        if self._stack.currentWidget() is self.view:
            self.view.focus_next_action()
        elif self.pick_category.isVisibleTo(self):
            self.pick_category.setFocus()
        else:
            self.note.setFocus()

    # --- inside ----------------------------------------------------------------------------

    def _load_library(self) -> None:
        self._library.load(self._store.records("script"), self._store.records("kb_article"))

    def _show_note(self, text: str, categories: list[str] | None = None) -> None:
        """A note instead of a script; with ``categories``, a list to file the interaction."""
        self.note.setText(text)
        self.pick_category.clear()
        for category in categories or []:
            self.pick_category.addItem(category_name(category), category)
        self.pick_category.setCurrentIndex(-1)
        self.pick_category.setVisible(bool(categories))
        self._stack.setCurrentWidget(self._note_page)

    def _start(self, interaction_id: uuid.UUID, record: dict[str, Any]) -> _Open | None:
        case = read_case(self._store, record, self._profile, self._clock())
        routed = route(self._library.scripts, case)
        trail = record.get("script_trail") or []
        run = None
        if trail:
            try:
                run = ScriptRun.resume(self._library.for_trail, trail, case.values, self._clock)
            except (KeyError, ValueError):
                run = None  # recorded on scripts this desk does not have: start afresh
        fresh = run is None
        if run is None:
            if routed is None:
                return None
            run = ScriptRun.start(routed[0], case.values, self._clock)
        if routed is not None and routed[0].key == run.script.key:
            reason = routed[1]
        else:
            reason = self.tr("Chosen by the rep")
        opened = _Open(
            run, reason, record.get("category"), self._ended(record), record.get("customer_id")
        )
        self._open[interaction_id] = opened
        if fresh:
            self._save(interaction_id, opened)
        return opened

    @staticmethod
    def _ended(record: dict[str, Any]) -> bool:
        return record.get("status") in ENDED or bool(record.get("ended_at"))

    def _interaction_changed(self, interaction_id: uuid.UUID, record: dict[str, Any]) -> None:
        """Redraw only for what shows: the server's answer to each move must not move the focus."""
        opened = self._open[interaction_id]
        ended, category = self._ended(record), record.get("category")
        if category != opened.category:
            opened.category, opened.ended = category, ended
            self._reroute(interaction_id, record)
            if interaction_id == self._current:
                self._draw(interaction_id, focus=False)
        elif record.get("customer_id") != opened.customer_id:
            # the caller was identified: their name and orders fill the words from now on
            opened.customer_id, opened.ended = record.get("customer_id"), ended
            opened.run.values = read_case(self._store, record, self._profile, self._clock()).values
            if interaction_id == self._current:
                self._draw(interaction_id, focus=False)
        elif ended != opened.ended:
            opened.ended = ended
            if interaction_id == self._current:
                self.view.show_end(opened.run, ended)

    def _reroute(self, interaction_id: uuid.UUID, record: dict[str, Any]) -> None:
        """Follow a new category to the script that fits it now, keeping every answer."""
        opened = self._open[interaction_id]
        case = read_case(self._store, record, self._profile, self._clock())
        routed = route(self._library.scripts, case)
        if routed is None or routed[0].key == opened.run.script.key:
            return
        opened.run.values = case.values
        opened.run.switch(routed[0])
        opened.reason = routed[1]
        self._save(interaction_id, opened)

    def _save(self, interaction_id: uuid.UUID, opened: _Open) -> None:
        trail = opened.run.to_trail()
        self._store.record_op(
            "interaction.script",
            {"interaction_id": str(interaction_id), "trail": trail},
            local=LocalChange("interaction", interaction_id, {"script_trail": trail}),
            latest_only=True,
        )
        self.opQueued.emit()

    def _draw(self, interaction_id: uuid.UUID, *, focus: bool) -> None:
        opened = self._open[interaction_id]
        self.view.show_run(
            opened.run,
            reason=opened.reason,
            scripts=self._library.scripts,
            category=opened.category,
            call_ended=opened.ended,
        )
        self._stack.setCurrentWidget(self.view)
        if focus:
            self.view.focus_next_action()

    def _move(self, move: Callable[[ScriptRun], object]) -> None:
        """A step move: record it, redraw, and put the focus where the rep acts next."""
        opened = self._open.get(self._current) if self._current else None
        if opened is None or self._current is None:
            return
        try:
            move(opened.run)
        except ScriptRunError:
            return  # a key for a choice this step does not have
        self._save(self._current, opened)
        self._draw(self._current, focus=True)

    def _tick(self, tick: Callable[[ScriptRun], None]) -> None:
        """A confirmation or check: recorded at once; the focus stays on the box ticked."""
        opened = self._open.get(self._current) if self._current else None
        if opened is None or self._current is None:
            return
        tick(opened.run)
        self._save(self._current, opened)
        self.view.show_end(opened.run, opened.ended)

    def _switch_to(self, key: str) -> None:
        script = self._library.get(key)
        if script is not None:
            self._switch(script, self.tr("Chosen by the rep"))

    def _switch(self, script: Script, reason: str) -> None:
        opened = self._open.get(self._current) if self._current else None
        if opened is None or self._current is None:
            return
        opened.run.switch(script)
        opened.reason = reason
        self._save(self._current, opened)
        self._draw(self._current, focus=True)

    def _set_category(self, category: str) -> None:
        """The rep re-files the interaction: an op for the server, and the script re-routed."""
        interaction_id = self._current
        record = self._store.record("interaction", interaction_id) if interaction_id else None
        if interaction_id is None or record is None or record.get("category") == category:
            return
        self._store.record_op(
            "interaction.update",
            {"interaction_id": str(interaction_id), "category": category},
            local=LocalChange("interaction", interaction_id, {"category": category}),
        )
        self.opQueued.emit()
        record = {**record, "category": category}
        if interaction_id in self._open:
            self._interaction_changed(interaction_id, record)
        else:
            self.show_interaction(interaction_id)  # a script may fit now
        self.focus_guide()
