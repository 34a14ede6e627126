"""Day ▸ My shift (Ctrl+Shift+H): today's shift, its breaks and where the rep is now."""

from datetime import datetime

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.gui.shift import today
from desk_app.gui.shift.watch import ShiftWatch, hh_mm


class MyShiftDialog(QDialog):
    """What :class:`ShiftWatch` knows of today, for reading (not modal to the work)."""

    def __init__(self, watch: ShiftWatch, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # UI
        self.setObjectName("myShiftDialog")
        self.setWindowTitle(self.tr("My shift"))
        self.summary = QLabel(objectName="myShiftSummary")
        self.summary.setWordWrap(True)
        self.now_label = QLabel(objectName="myShiftNow")
        self.items = QListWidget(objectName="myShiftItems")
        self.items.setAccessibleName(self.tr("Today's shift and breaks"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close"))
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.now_label, self.items, buttons):
            layout.addWidget(widget)
        # connections
        buttons.rejected.connect(self.reject)
        # populate
        shift = watch.shift()
        if shift is None:
            self.summary.setText(self.tr("No shift planned for today on this desk's copy."))
            self.items.setVisible(False)
            self.now_label.setVisible(False)
            return
        self.summary.setText(
            self.tr("Today: {start} – {end}").format(
                start=hh_mm(shift.starts_at), end=hh_mm(shift.ends_at)
            )
        )
        self.now_label.setText(watch.describe(today.standing(shift, now), now))
        self.now_label.setVisible(bool(self.now_label.text()))
        self.items.addItem(self.tr("{time} Shift starts").format(time=hh_mm(shift.starts_at)))
        for pause in shift.breaks:
            self.items.addItem(
                self.tr("{start} – {end} {kind}").format(
                    start=hh_mm(pause.starts_at),
                    end=hh_mm(pause.ends_at),
                    kind=watch.kind(pause).capitalize(),
                )
            )
        self.items.addItem(self.tr("{time} Shift ends").format(time=hh_mm(shift.ends_at)))

    def lines(self) -> list[str]:
        return [self.items.item(row).text() for row in range(self.items.count())]
