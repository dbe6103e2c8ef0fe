"""Edit the list of sectors offered for participants (e.g. health, council, housing, independent)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.ui.widgets.layouts import fit_dialog_width, reserve_room
from jcs_desktop.ui.widgets.theme import show_as_error


class SectorDialog(QDialog):
    """An editable, reorderable list; ``on_submit(names)`` returns an error message or None."""

    def __init__(
        self, parent: QWidget | None, sectors: Sequence[str], on_submit: Callable[[list[str]], str | None]
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SectorDialog")
        self.setWindowTitle("Sectors")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._on_submit = on_submit

        intro = QLabel(
            "The sectors participants can belong to. Results can be compared by sector. "
            "Double-click a sector (or press F2) to rename it."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("sectorList")
        self.list.setAccessibleName("Sectors")
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        for name in sectors:
            self._add_item(name)

        add = QPushButton("&Add")
        remove = QPushButton("&Remove")
        up = QPushButton("Move &up")
        down = QPushButton("Move &down")
        for button, tip in (
            (add, "Add a sector"),
            (remove, "Remove the selected sector"),
            (up, "Move the selected sector up"),
            (down, "Move the selected sector down"),
        ):
            button.setAccessibleName(tip)
            button.setToolTip(tip)
        add.clicked.connect(self.add_sector)
        remove.clicked.connect(self.remove_sector)
        up.clicked.connect(lambda: self.move(-1))
        down.clicked.connect(lambda: self.move(1))
        side = QVBoxLayout()
        for button in (add, remove, up, down):
            side.addWidget(button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(side)

        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        show_as_error(self.error)
        self.error.setWordWrap(True)
        reserve_room(self.error, 2).hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("buttonBox")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 18)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(row, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        fit_dialog_width(self, 48)
        self.resize(self.width(), max(self.height(), self.fontMetrics().lineSpacing() * 20))

    def _add_item(self, name: str) -> QListWidgetItem:
        item = QListWidgetItem(name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.list.addItem(item)
        return item

    def names(self) -> list[str]:
        return [self.list.item(i).text().strip() for i in range(self.list.count())]

    def add_sector(self) -> None:
        item = self._add_item("New sector")
        self.list.setCurrentItem(item)
        self.list.editItem(item)

    def remove_sector(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)

    def move(self, delta: int) -> None:
        row = self.list.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def submit(self) -> None:
        problem = self._on_submit([n for n in self.names() if n])
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        self.accept()
