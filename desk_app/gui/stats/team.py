"""The team's average beside the rep's line: asked of the server, kept for offline.

``GET /stats/team`` answers per bucket; the answer is kept in the store's
drafts under ``stats/team/<bucket>/<first day>`` with the time it was
fetched, so a desk without the server still shows the last known average
("as of 14:05") instead of nothing. The server is asked beside the sync
thread (:class:`DirectCalls`), never on the UI thread.
"""

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from PySide6.QtCore import QObject, Signal

from desk_app.client.api import DeskApi
from desk_app.client.store import LocalStore
from desk_app.domain.kpi import Metric, Window
from desk_app.domain.kpi_records import moment
from desk_app.gui.lookup.direct import DirectCalls

_log = logging.getLogger(__name__)

FRESH = timedelta(minutes=5)  # a newer kept answer is shown without asking again


def cache_key(bucket: str, first_day: str) -> str:
    return f"stats/team/{bucket}/{first_day}"


@dataclass(frozen=True)
class TeamLine:
    """The team's averages per bucket start, and when the server said so."""

    fetched_at: datetime
    values: dict[datetime, dict[Metric, float | None]]

    def over(self, windows: list[Window], metric: Metric) -> list[float | None]:
        """The average of ``metric`` for each window (``None`` where the team has none)."""
        return [self.values.get(w.start, {}).get(metric) for w in windows]

    @classmethod
    def from_kept(cls, text: str) -> "TeamLine":
        kept = json.loads(text)
        fetched = moment(kept["fetched_at"])
        assert fetched is not None
        values: dict[datetime, dict[Metric, float | None]] = {}
        for bucket in kept["answer"].get("buckets") or []:
            start = moment(bucket["start"])
            assert start is not None
            known = {m.value for m in Metric}
            figures = bucket.get("values") or {}
            values[start.astimezone(UTC)] = {
                Metric(k): (None if v is None else float(v))
                for k, v in figures.items()
                if k in known
            }
        return cls(fetched, values)


class TeamAverages(QObject):
    """Shows the kept team average at once and asks the server for a newer one."""

    # bucket, first day, the line (None: none kept and the server did not answer)
    lineReady = Signal(str, str, object)

    def __init__(
        self,
        store: LocalStore,
        direct: DirectCalls | None,
        reachable: Callable[[], bool],
        *,
        clock: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._direct = direct
        self._reachable = reachable
        self._clock = clock
        self._asking: set[str] = set()

    def kept(self, bucket: str, first_day: str) -> TeamLine | None:
        text = self._store.draft(cache_key(bucket, first_day))
        if text is None:
            return None
        try:
            return TeamLine.from_kept(text)
        except (ValueError, KeyError, TypeError, AssertionError):
            _log.warning("a kept team average could not be read: %s", first_day)
            return None

    def ask(self, windows: list[Window], bucket: str, first_day: str, zone: tzinfo) -> None:
        """Emit the kept line now; ask the server when it is stale and reachable."""
        kept = self.kept(bucket, first_day)
        self.lineReady.emit(bucket, first_day, kept)
        key = cache_key(bucket, first_day)
        fresh = kept is not None and self._clock() - kept.fetched_at < FRESH
        if fresh or self._direct is None or not self._reachable() or key in self._asking:
            return
        self._asking.add(key)
        # the server cuts the same local days into the same windows
        first, last = (windows[i].start.astimezone(zone).date() for i in (0, -1))
        name = str(zone)

        def work(api: DeskApi) -> dict[str, Any]:
            return api.team_stats(first, last, bucket, name)

        def done(answer: dict[str, Any] | None, error: Exception | None) -> None:
            self._asking.discard(key)
            if error is not None or answer is None:
                _log.info("no team average from the server: %s", error)
                return
            kept_at = self._clock().astimezone(UTC).isoformat()
            self._store.save_draft(key, json.dumps({"fetched_at": kept_at, "answer": answer}))
            self.lineReady.emit(bucket, first_day, self.kept(bucket, first_day))

        self._direct.call(work, done)
