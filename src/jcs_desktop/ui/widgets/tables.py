"""A table view whose columns share the width sensibly at any text size."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget


class FittedTableView(QTableView):
    """One column (``stretch_column``) takes what is left; the others get their content's width,
    shrunk in proportion when they would leave the main column less than ``1 - share`` of the
    width (or less than its content needs, when that is smaller).
    Columns in ``fixed_columns`` (short figures: dates, counts, progress) are never shrunk.

    Refits when the model resets, the view is resized or the text size changes, so at
    large text on a small screen the main column is never squeezed to nothing.
    """

    def __init__(
        self,
        stretch_column: int = 0,
        share: float = 0.62,
        parent: QWidget | None = None,
        *,
        fixed_columns: frozenset[int] = frozenset(),
    ) -> None:
        super().__init__(parent)
        self.stretch_column = stretch_column
        self.share = share
        self.fixed_columns = fixed_columns
        self.minimum_width = 56
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_if_changed)
        # What the last fit was made for: (content generation, viewport width, hidden columns).
        # Going back to a page resizes its table (often to the same width) and a fit asks the
        # model for every cell in view in every role: thousands of calls for nothing.
        self._generation = 0
        self._fitted_for: tuple | None = None
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        self._one_line_rows = False

    def use_one_line_rows(self) -> None:
        """Every row one line high, following the text size, instead of measured to its cells.

        For tables that never wrap: measuring each row asks the model for every cell in
        every role, a few thousand calls for 40 participants each time the page is shown.
        """
        self._one_line_rows = True
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._fit_rows()

    def _fit_rows(self) -> None:
        self.verticalHeader().setDefaultSectionSize(round(self.fontMetrics().height() * 1.6))

    def setModel(self, model) -> None:
        super().setModel(model)
        if model is not None:
            for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
                signal.connect(self._content_changed)
        self._content_changed()

    def _content_changed(self) -> None:
        self._generation += 1
        self._fit_timer.start()

    def _fit_key(self) -> tuple:
        model = self.model()
        columns = model.columnCount() if model is not None else 0
        hidden = tuple(c for c in range(columns) if self.isColumnHidden(c))
        return (self._generation, self.viewport().width(), hidden)

    def _fit_if_changed(self) -> None:
        if self._fit_key() != self._fitted_for:
            self.fit_columns()

    def fit_columns(self) -> None:
        """Fit the columns now (also when called directly, e.g. after cells changed in place)."""
        model = self.model()
        if model is None or model.columnCount() == 0:
            return
        self._fitted_for = self._fit_key()
        header = self.horizontalHeader()
        available = max(self.viewport().width(), 200)
        others = [c for c in range(model.columnCount()) if c != self.stretch_column and not self.isColumnHidden(c)]
        wanted = {c: max(self.sizeHintForColumn(c), header.sectionSizeHint(c)) + 14 for c in others}
        fixed = sum(w for c, w in wanted.items() if c in self.fixed_columns)
        # The main column keeps at least (1 - share) of the width, or less if its content needs less.
        main = min(self.sizeHintForColumn(self.stretch_column) + 14, available * (1 - self.share))
        budget = max(available - main - fixed, self.minimum_width)
        # Whole column titles are worth a quarter of the main column's share, no more.
        titles = sum(max(self.minimum_width, header.sectionSizeHint(c)) for c in others if c not in self.fixed_columns)
        if titles > budget:
            budget = max(budget, min(titles, available - 0.75 * main - fixed))
        widths = self._share_out(budget, {c: w for c, w in wanted.items() if c not in self.fixed_columns})
        for c in others:
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(c, wanted[c] if c in self.fixed_columns else widths[c])
        header.setSectionResizeMode(self.stretch_column, QHeaderView.ResizeMode.Stretch)

    def _share_out(self, budget: float, wanted: dict[int, int]) -> dict[int, int]:
        """Shrink ``wanted`` widths in proportion to fit ``budget``, keeping every column's header whole
        while the budget allows it (the cells elide, with a tool tip; the titles do not)."""
        header = self.horizontalHeader()
        floors = {c: max(self.minimum_width, header.sectionSizeHint(c)) for c in wanted}
        if sum(floors.values()) > budget:  # huge text: the main column's share comes first
            floors = dict.fromkeys(wanted, self.minimum_width)
        pinned: dict[int, int] = {}
        while True:
            free = {c: w for c, w in wanted.items() if c not in pinned}
            room = budget - sum(pinned.values())
            total = sum(free.values())
            scale = min(1.0, room / total) if total else 1.0
            short = {c: floors[c] for c, w in free.items() if w * scale < floors[c]}
            if not short:
                return {**pinned, **{c: int(w * scale) for c, w in free.items()}}
            pinned.update(short)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_timer.start()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            if self._one_line_rows:
                self._fit_rows()
            self._content_changed()  # every width depends on the text size
        elif event.type() == QEvent.Type.StyleChange:
            self._content_changed()  # and on the style's paddings
