"""The day's interactions as CSV: one row per interaction, the columns of :data:`CSV_HEADER`."""

import csv
from pathlib import Path

from desk_app.domain.day_report import CSV_HEADER, DayReport
from desk_app.reports.atomic import replacing


def write_csv(report: DayReport, path: Path) -> None:
    """Write the report's rows to ``path`` (UTF-8, a header line first), atomically."""
    with replacing(path) as temporary, temporary.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(CSV_HEADER)
        writer.writerows(row.cells() for row in report.rows)
