"""Attach a workshop to a series after the fact: pick the earlier workshop it follows.

Workshops of the same partnership come first (the likely choice), newest first; a workshop that
already comes after this one in its series cannot be picked (it would make a loop) and says why.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.services.summary import WorkshopSummary
from jcs_desktop.ui.widgets.labels import format_date
from jcs_desktop.ui.widgets.layouts import fit_dialog_width, reserve_room
from jcs_desktop.ui.widgets.theme import show_as_error

NONE_TEXT = "Follows no earlier workshop (the first of its series)"


def _label(w: WorkshopSummary) -> str:
    parts = [w.title]
    if w.partnership:
        parts.append(w.partnership)
    parts.append(format_date(w.date) if w.date else "no date")
    return " · ".join(parts)


class SeriesDialog(QDialog):
    """``on_submit(workshop id to follow, or None)`` returns an error message or None (accepted)."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        partnership: str,
        workshops: Sequence[WorkshopSummary],
        unavailable: Collection[int],
        follows: int | None,
        on_submit: Callable[[int | None], str | None],
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SeriesDialog")
        self.setWindowTitle("Attach to a series")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._on_submit = on_submit

        intro = QLabel(
            f"Which earlier workshop does “{title}” follow? Its agreed scores, targets and actions "
            "then show beside this workshop's (in Reconcile once revealed, and in Final scores)."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("seriesList")
        self.list.setAccessibleName("Workshop this one follows")
        none = QListWidgetItem(NONE_TEXT)
        none.setData(Qt.ItemDataRole.UserRole, None)
        self.list.addItem(none)
        same = [w for w in workshops if partnership and w.partnership.casefold() == partnership.casefold()]
        others = [w for w in workshops if w not in same]
        for w in [*same, *others]:
            item = QListWidgetItem(_label(w))
            item.setData(Qt.ItemDataRole.UserRole, w.id)
            if w.id in unavailable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsSelectable)
                item.setToolTip("Comes after this workshop in its series: following it would make a loop")
                item.setText(_label(w) + "  (a later workshop of this series)")
            self.list.addItem(item)
            if w.id == follows:
                self.list.setCurrentItem(item)
        if follows is None:
            self.list.setCurrentItem(none)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())

        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        show_as_error(self.error)
        self.error.setWordWrap(True)
        self.error.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        reserve_room(self.error)
        fit_dialog_width(self, 60)
        self.list.setFocus()

    def chosen(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self._show_error("Choose the workshop this one follows, or the first line for none.")
            return
        error = self._on_submit(self.chosen())
        if error:
            self._show_error(error)
            return
        super().accept()

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
