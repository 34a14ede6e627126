"""Batched bulk writes on a thread of their own: ``executemany`` on SQLite, ``COPY`` on PostgreSQL.

Generators append ready-made tuples (see :mod:`.values`) to a table's
buffer and call :meth:`BulkWriter.maybe_flush` after each parent record.
A flush hands every buffer's rows to the writer thread in the order the
buffers were opened, so a parent table always reaches the database before
its children. The thread owns the connection from :meth:`start` to
:meth:`finish`; while it runs SQLite's B-tree work (which releases the GIL)
or PostgreSQL digests a ``COPY``, the main thread builds the next batch, so
both cores of a small machine work. The writer commits every
``commit_rows`` rows: a few large transactions, not one per batch nor one
for all.
"""

import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Connection, Table

from desk_app.server.models import Base  # the import list: every table is registered

Progress = Callable[[str, int, int], None]
Row = tuple[Any, ...]
_STOP = None


@dataclass
class Buffer:
    """The pending rows of one table; ``rows.append`` is the generators' hot path."""

    table: Table
    columns: tuple[str, ...]
    estimate: int
    rows: list[Row] = field(default_factory=list)
    written: int = 0  # rows handed to the writer thread


class BulkWriter:
    """Writes buffers in batches of about ``batch_size`` rows, parents first.

    Use as a context manager: leaving it waits for every write, and re-raises
    the writer thread's error if it had one (a failure while generating
    abandons the queued writes instead).
    """

    def __init__(
        self,
        connection: Connection,
        *,
        progress: Progress | None,
        batch_size: int = 10_000,
        commit_rows: int = 500_000,
    ) -> None:
        self._connection = connection
        self._postgres = connection.dialect.name == "postgresql"
        self._progress = progress
        self._batch_size = batch_size
        self._commit_rows = commit_rows
        self._uncommitted = 0
        self._calls = 0
        self._open: list[Buffer] = []
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue(maxsize=4)
        self._thread = threading.Thread(target=self._work, name="seed-writer", daemon=True)
        self._error: BaseException | None = None
        self._abandon = False
        self.counts: dict[str, int] = {}

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._abandon = kind is not None
        self._jobs.put(_STOP)
        self._thread.join()
        if self._error is not None and kind is None:
            raise self._error

    def open(self, name: str, columns: Sequence[str], *, estimate: int = 0) -> Buffer:
        """A buffer for table ``name``; every NOT NULL column must be among ``columns``."""
        table = Base.metadata.tables[name]
        unknown = set(columns) - set(table.c.keys())
        missing = {c.name for c in table.c if not c.nullable and c.server_default is None}
        missing -= set(columns)
        if unknown or missing:
            raise ValueError(f"{name}: unknown columns {unknown or '-'}, missing {missing or '-'}")
        buffer = Buffer(table, tuple(columns), estimate)
        self._open.append(buffer)
        return buffer

    def close(self, *buffers: Buffer) -> None:
        """Write what is left of ``buffers`` (and of every buffer opened before them)."""
        self.flush()
        for buffer in buffers:
            self._open.remove(buffer)
            self.counts[buffer.table.name] = buffer.written
            self._report(buffer, final=True)

    def maybe_flush(self) -> None:
        """Flush when the buffers hold a batch (looked at every 16th call: it is hot)."""
        self._calls += 1
        if self._calls & 15 == 0 and sum(len(b.rows) for b in self._open) >= self._batch_size:
            self.flush()

    def flush(self) -> None:
        for buffer in self._open:
            if not buffer.rows:
                continue
            rows = buffer.rows.copy()  # the generators hold buffer.rows.append
            buffer.rows.clear()
            self._submit(lambda b=buffer, r=rows: self._write(b, r))  # type: ignore[misc]
            buffer.written += len(rows)
            self._uncommitted += len(rows)
            self._report(buffer, final=False)
        if self._uncommitted >= self._commit_rows:
            self.commit()

    def commit(self) -> None:
        self._submit(self._connection.commit)
        self._uncommitted = 0

    def _submit(self, job: Callable[[], None]) -> None:
        if self._error is not None:
            raise self._error
        self._jobs.put(job)

    def _work(self) -> None:
        while (job := self._jobs.get()) is not _STOP:
            if self._error is None and not self._abandon:
                try:
                    job()
                except BaseException as error:  # handed to the main thread in _submit/__exit__
                    self._error = error

    def _report(self, buffer: Buffer, *, final: bool) -> None:
        if self._progress is not None:
            # Until the last call done < total, so a progress bar only completes once.
            total = buffer.written if final else max(buffer.estimate, buffer.written + 1)
            self._progress(buffer.table.name, buffer.written, total)

    def _write(self, buffer: Buffer, rows: list[Row]) -> None:
        preparer = self._connection.dialect.identifier_preparer
        table = preparer.format_table(buffer.table)
        columns = ", ".join(preparer.quote(c) for c in buffer.columns)
        if self._postgres:
            if not self._connection.in_transaction():  # COPY goes past SQLAlchemy's autobegin
                self._connection.begin()
            raw = self._connection.connection.driver_connection
            with (
                raw.cursor() as cursor,  # type: ignore[union-attr]
                cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                write_row = copy.write_row
                for row in rows:
                    write_row(row)
            return
        marks = ", ".join("?" * len(buffer.columns))
        self._connection.exec_driver_sql(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608 - names from metadata
            rows,
        )
