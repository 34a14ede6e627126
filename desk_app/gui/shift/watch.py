"""My shift, watched each minute: the status bar's time left and a gentle reminder ahead.

A reminder comes :data:`DEFAULT_LEAD` minutes (QSettings
:data:`LEAD_KEY`) before each break and before the shift ends, once per
item; the status bar says "Shift ends in 3 h 20 min" or "On break until
12:30". Read from the cached ``shift`` records, so it works offline; a
changed schedule arriving on the feed is taken at once.
"""

import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, QSettings, QTimer

from desk_app.client.store import LocalStore, RecordChange
from desk_app.gui.inbox.notifier import Notifier
from desk_app.gui.shift import today
from desk_app.gui.shift.today import Break, Shift, Standing

ENTITY = "shift"
LEAD_KEY = "shift/reminderMinutes"
DEFAULT_LEAD = 5
TICK_MS = 60_000


def _now() -> datetime:
    return datetime.now(UTC)


def hh_mm(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M")


class ShiftWatch(QObject):
    """``show_text(text)`` gets the status bar's text; reminders go to ``notifier``."""

    def __init__(
        self,
        *,
        store: LocalStore,
        user_id: uuid.UUID,
        settings: QSettings,
        notifier: Notifier,
        show_text: Callable[[str], None],
        clock: Callable[[], datetime] = _now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._user_id = user_id
        self._settings = settings
        self._notifier = notifier
        self._show_text = show_text
        self._clock = clock
        self._reminded: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        self.check()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def records_changed(self, changes: Iterable[RecordChange]) -> None:
        if any(change.entity == ENTITY for change in changes):
            self.check()

    def lead(self) -> timedelta:
        minutes = self._settings.value(LEAD_KEY, DEFAULT_LEAD, type=int)
        return timedelta(minutes=max(0, int(str(minutes))))

    def shift(self) -> Shift | None:
        """Today's shift of this rep, as the desk knows it."""
        shifts = today.shifts_of(self._store.records(ENTITY), self._user_id)
        return today.today(shifts, self._clock())

    def check(self) -> None:
        """Redraw the status bar's text; remind of what is coming up, once each."""
        now = self._clock()
        shift = self.shift()
        self._show_text("" if shift is None else self.describe(today.standing(shift, now), now))
        if shift is None:
            return
        for item in today.due(shift, now, self.lead()):
            if item.key in self._reminded:
                continue
            self._reminded.add(item.key)
            minutes = today.minutes_until(item.at, now)
            if item.what == "break" and item.on is not None:
                self._notifier.notify(
                    self.tr("Coming up"),
                    self.tr("Your {kind} starts at {time} (in {minutes} min)").format(
                        kind=self.kind(item.on), time=hh_mm(item.at), minutes=minutes
                    ),
                )
            else:
                self._notifier.notify(
                    self.tr("Coming up"),
                    self.tr("Your shift ends at {time} (in {minutes} min)").format(
                        time=hh_mm(item.at), minutes=minutes
                    ),
                )

    def kind(self, pause: Break) -> str:
        names = {"break": self.tr("break"), "lunch": self.tr("lunch")}
        return names.get(pause.kind, pause.kind.replace("_", " "))

    def describe(self, where: Standing, now: datetime) -> str:
        """The status bar's words for where the rep stands."""
        if where.where == "working" and where.until is not None:
            return self.tr("Shift ends in {left}").format(left=self.span(where.until, now))
        if where.where == "on_break" and where.until is not None and where.on is not None:
            return self.tr("On {kind} until {time}").format(
                kind=self.kind(where.on), time=hh_mm(where.until)
            )
        if where.where == "before" and where.until is not None:
            return self.tr("Shift starts at {time}").format(time=hh_mm(where.until))
        return ""

    def span(self, until: datetime, now: datetime) -> str:
        hours, minutes = divmod(today.minutes_until(until, now), 60)
        if hours:
            return self.tr("{hours} h {minutes} min").format(hours=hours, minutes=minutes)
        return self.tr("{minutes} min").format(minutes=minutes)
