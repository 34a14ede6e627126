"""The window's icons, found beside this module in a checkout, an installed wheel or a bundle.

The SVGs live in ``desk_app/gui/assets/icons/`` (shipped as package data),
so the same relative path works from the source tree, from site-packages and
inside a PyInstaller bundle that collects the package's data files.
"""

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

ICON_DIR = Path(__file__).resolve().parent / "assets" / "icons"


@cache
def icon(name: str) -> QIcon:
    """The icon ``assets/icons/<name>.svg``, loaded once; a missing file fails loudly."""
    path = ICON_DIR / f"{name}.svg"
    if not path.is_file():
        raise FileNotFoundError(f"no icon {name!r} at {path}")
    return QIcon(str(path))
