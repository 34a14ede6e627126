"""The report's files read back: ``pdftotext`` and ``pdfinfo`` come with poppler-utils."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest


def _poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"{tool} is missing: apt-get install -y poppler-utils")
    return found


def pdf_text(path: Path) -> str:
    """The PDF's text, laid out as on the page (one table row a line)."""
    return subprocess.run(
        [_poppler("pdftotext"), "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(
        [_poppler("pdfinfo"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


def line_of(text: str, label: str) -> list[str]:
    """The cells of the table row starting with ``label`` (cells are 2+ spaces apart)."""
    row = next(line for line in text.splitlines() if line.strip().startswith(label))
    return re.split(r"\s{2,}", row.strip())
