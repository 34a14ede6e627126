"""The day's hourly graph for the PDF: contacts handled per hour (bars) and AHT (a line).

Drawn with QPainter on a QImage, which works offscreen and off the GUI
thread; the legend names both series so it reads in black and white too.
"""

import itertools
import math
from collections.abc import Sequence
from datetime import tzinfo

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from desk_app.domain.kpi import Metric, Point
from desk_app.reports.figures import minutes

WIDTH, HEIGHT = 1600, 600
LEFT, RIGHT, TOP, BOTTOM = 90, 100, 70, 70
BAR = QColor("#7d9cc0")
_LINE = QColor("#b4530a")
_GRID = QColor("#d9d9d9")
_INK = QColor("#222222")


_STEPS = 5  # grid lines shared by both axes


def _ceiling(value: float) -> int:
    """A top for an axis whose every grid line falls on a whole number (a multiple of 5)."""
    return _STEPS * max(1, math.ceil(value / _STEPS))


def hourly_graph(hourly: Sequence[Point], zone: tzinfo) -> QImage:
    """Handled contacts per hour (left axis) and average handle time in minutes (right)."""
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    counts = [len(point.contact_ids) for point in hourly]
    aht = [point.values.get(Metric.AHT) for point in hourly]
    top_count = _ceiling(max(counts, default=0))
    top_minutes = _ceiling(max((a / 60 for a in aht if a is not None), default=0.0))
    plot = QRectF(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM)
    slot = plot.width() / max(1, len(hourly))

    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont()
        font.setPixelSize(26)
        painter.setFont(font)
        _axes(painter, plot, top_count, top_minutes)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BAR)
        for index, count in enumerate(counts):
            height = plot.height() * count / top_count
            painter.drawRect(
                QRectF(
                    plot.left() + index * slot + slot * 0.15,
                    plot.bottom() - height,
                    slot * 0.7,
                    height,
                )
            )
        _aht_line(painter, plot, slot, aht, top_minutes)
        painter.setPen(_INK)
        for index, point in enumerate(hourly):
            label = point.window.start.astimezone(zone).strftime("%H")
            box = QRectF(plot.left() + index * slot, plot.bottom() + 6, slot, 28)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        painter.drawText(
            QRectF(0, HEIGHT - 34, WIDTH, 30), Qt.AlignmentFlag.AlignCenter, "hour of the day"
        )
        _legend(painter)
    finally:
        painter.end()
    return image


def _axes(painter: QPainter, plot: QRectF, top_count: int, top_minutes: int) -> None:
    steps = _STEPS
    for step in range(steps + 1):
        y = plot.bottom() - plot.height() * step / steps
        painter.setPen(QPen(_GRID, 1))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(_INK)
        count = top_count * step / steps
        painter.drawText(
            QRectF(0, y - 14, LEFT - 10, 28),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            f"{count:g}",
        )
        painter.setPen(_LINE)
        painter.drawText(
            QRectF(plot.right() + 10, y - 14, RIGHT - 10, 28),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            minutes(top_minutes * 60 * step / steps),
        )
    painter.setPen(QPen(_INK, 2))
    painter.drawLine(plot.bottomLeft(), plot.bottomRight())


def _aht_line(
    painter: QPainter, plot: QRectF, slot: float, aht: Sequence[float | None], top: int
) -> None:
    """Dots joined where neighbouring hours both have a value (an idle hour breaks the line)."""
    points = [
        None
        if seconds is None
        else QPointF(
            plot.left() + (i + 0.5) * slot, plot.bottom() - plot.height() * seconds / 60 / top
        )
        for i, seconds in enumerate(aht)
    ]
    painter.setPen(QPen(_LINE, 4))
    painter.setBrush(_LINE)
    for here, there in itertools.pairwise(points):
        if here is not None and there is not None:
            painter.drawLine(here, there)
    for point in points:
        if point is not None:
            painter.drawEllipse(point, 7, 7)


def _legend(painter: QPainter) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(BAR)
    painter.drawRect(QRectF(LEFT, 18, 34, 24))
    painter.setPen(_INK)
    painter.drawText(
        QRectF(LEFT + 44, 14, 420, 32),
        Qt.AlignmentFlag.AlignVCenter,
        "contacts handled (left axis)",
    )
    painter.setPen(QPen(_LINE, 4))
    painter.drawLine(QPointF(LEFT + 520, 30), QPointF(LEFT + 560, 30))
    painter.setPen(_INK)
    painter.drawText(
        QRectF(LEFT + 570, 14, 560, 32),
        Qt.AlignmentFlag.AlignVCenter,
        "average handle time, m:ss (right axis)",
    )
