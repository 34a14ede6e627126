"""Both files of a report in one folder, named as ``desk report`` promises."""

from pathlib import Path

from desk_app.domain.day_report import DayReport
from desk_app.reports.csv_file import write_csv
from desk_app.reports.pdf import write_pdf


def report_paths(report: DayReport, out_dir: Path) -> tuple[Path, Path]:
    """``<out_dir>/<file_stem>.pdf`` and ``.csv``, creating ``out_dir`` if need be."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir / f"{report.file_stem}.pdf", out_dir / f"{report.file_stem}.csv"


def write_report(report: DayReport, out_dir: Path) -> tuple[Path, Path]:
    """Write both files (each whole or not at all) where :func:`report_paths` says."""
    pdf, csv = report_paths(report, out_dir)
    write_pdf(report, pdf)
    write_csv(report, csv)
    return pdf, csv
