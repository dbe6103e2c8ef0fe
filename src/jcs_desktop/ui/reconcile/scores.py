"""The individual scores of the current element: a placeholder while they are hidden, else three tabs.

The tabs are the distribution (statistics and a bar chart), the mean score by sector and the
scores by person, both heatmaps over the elements of the current element's driver. While the
scores are hidden the heatmap models are emptied, not just covered, so no score can be read.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.content.schema import Framework
from jcs_desktop.domain.scoring import ElementStats, Results, Score
from jcs_desktop.services.dto import ParticipantRecord
from jcs_desktop.ui.reconcile.models import Anonymity, ParticipantHeatmapModel, SectorHeatmapModel
from jcs_desktop.ui.widgets import palette
from jcs_desktop.ui.widgets.charts import DistributionChart
from jcs_desktop.ui.widgets.fonts import scaled_font
from jcs_desktop.ui.widgets.theme import mute, show_focus


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


class ScoresPanel(QStackedWidget):
    def __init__(self, fw: Framework, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fw = fw
        self.hidden_label = QLabel(self)
        self.hidden_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hidden_label.setWordWrap(True)
        self.hidden_label.setAccessibleName("Scores hidden")
        self.hidden_label.setObjectName("scoresHidden")
        self.hidden_label.setStyleSheet("#scoresHidden { background: palette(base); border: 1px dashed palette(mid); }")
        mute(self.hidden_label)

        self.stats_label = QLabel(self)
        self.stats_label.setWordWrap(True)
        self.stats_label.setAccessibleName("Statistics")
        # Last time's agreed level in a follow-up: shown with the revealed scores only.
        self.last_time_label = QLabel(self)
        self.last_time_label.setWordWrap(True)
        self.last_time_label.setAccessibleName("Last time")
        self.last_time_label.hide()
        self.chart = DistributionChart(self)
        distribution = QWidget(self)
        dist_layout = QVBoxLayout(distribution)
        dist_layout.setContentsMargins(4, 4, 4, 4)
        dist_layout.addWidget(self.stats_label)
        dist_layout.addWidget(self.last_time_label)
        dist_layout.addWidget(self.chart, 1)

        self.sector_model = SectorHeatmapModel(fw, self)
        self.sector_view = self._heatmap_view(self.sector_model, "Mean score by sector")
        self.people_model = ParticipantHeatmapModel(fw, self)
        self.people_view = self._heatmap_view(self.people_model, "Scores by person")

        self.tabs = QTabWidget(self)
        self.tabs.addTab(distribution, "Distribution")
        self.tabs.addTab(self.sector_view, "By sector")
        self.tabs.addTab(self.people_view, "By person")
        self.tabs.setAccessibleName("Individual scores")
        self.addWidget(self.hidden_label)
        self.addWidget(self.tabs)
        self.set_shown(False)

    def _heatmap_view(self, model: QAbstractItemModel, name: str) -> QTableView:
        view = QTableView(self)
        view.setModel(model)
        view.setAccessibleName(name)
        view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        view.setTabKeyNavigation(False)
        show_focus(view)
        view.setWordWrap(False)
        view.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        return view

    def apply_fonts(self, base: QFont) -> None:
        self.stats_label.setFont(scaled_font(base, 1.1))
        self.last_time_label.setFont(scaled_font(base, 1.1))
        self.hidden_label.setFont(scaled_font(base, 1.3))
        for view in (self.sector_view, self.people_view):
            view.setFont(scaled_font(base, 1.1))

    def set_shown(self, shown: bool) -> None:
        """The tabs, or the placeholder."""
        self.setCurrentWidget(self.tabs if shown else self.hidden_label)

    def show_nothing(self) -> None:
        """No element: an empty placeholder and empty heatmaps."""
        self.set_shown(False)
        self.hidden_label.setText("")
        self._set_last_time("")
        self.sector_model.clear()
        self.people_model.clear()

    def show_hidden(self, stats: ElementStats | None, total: int, *, follow_up: bool = False) -> None:
        """The placeholder saying how many scored; every model and the chart emptied."""
        self.set_shown(False)
        scored = stats.overall.n if stats else 0
        not_sure = stats.not_sure if stats else 0
        extra = f" ({not_sure} not sure)" if not_sure else ""
        self.hidden_label.setText(
            f"Individual scores are hidden.\n{scored} of {_people(total)} scored this element{extra}.\n\n"
            "Discuss the descriptors first, then reveal the scores (Ctrl+R)."
            + ("\nLast time's agreed level shows with them." if follow_up else "")
        )
        # Empty the models so no score can be read while hidden.
        self.sector_model.clear()
        self.people_model.clear()
        self.chart.show_message("Scores hidden")
        self.stats_label.setText("")
        self._set_last_time("")

    def show_scores(
        self,
        element_id: str,
        stats: ElementStats | None,
        agreed_level: int | None,
        *,
        results: Results | None,
        agreed_levels: dict[str, int | None],
        sector_order: list[str],
        participants: list[ParticipantRecord],
        scores: dict[int, dict[str, Score]],
        anonymity: Anonymity,
        revealed: frozenset[str] | set[str],
        labels: dict[int, str] | None = None,
        last_time: str = "",
    ) -> None:
        """The revealed scores of ``element_id``, and the heatmaps over its driver's elements.

        The heatmaps show only the ``revealed`` elements' scores; the rest of the driver stays hidden.
        ``labels`` are the people's anonymous labels for this opening (see ``RevealState``);
        ``last_time`` says what the previous workshop of the series agreed for it (rich text).
        """
        self.set_shown(True)
        self._set_last_time(last_time)
        fw = self.fw
        level_names = [lv.name for lv in fw.levels]
        driver = fw.driver_of(element_id)
        if stats is None or stats.overall.n == 0:
            self.stats_label.setText("Nobody has scored this element individually.")
            self.chart.show_message("No individual scores")
        else:
            o = stats.overall
            parts = [
                f"<b>{_people(o.n)}</b> scored",
                f"mean <b>{o.mean:.1f}</b>",
                f"median <b>{o.median:g}</b>",
                f"range <b>{o.min}–{o.max}</b>",
            ]
            if stats.not_sure:
                parts.append(f"not sure <b>{stats.not_sure}</b>")
            if stats.divergent:
                parts.append(f"<span style='color:{palette.DIVERGENT_COLOUR}'><b>⚑ Divergent</b></span>")
            self.stats_label.setText(" · ".join(parts))
            self.chart.set_distribution(o.counts, level_names, agreed_level)
        self.sector_model.set_data(
            list(driver.elements),
            results.elements if results else {},
            agreed_levels,
            sector_order,
            element_id,
            revealed,
        )
        self.people_model.set_data(list(driver.elements), participants, scores, anonymity, element_id, revealed, labels)
        for view in (self.sector_view, self.people_view):
            header = view.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def _set_last_time(self, text: str) -> None:
        self.last_time_label.setText(text)
        self.last_time_label.setVisible(bool(text))

    def show_agreed(self, agreed_level: int | None, agreed_levels: Mapping[str, int | None]) -> None:
        """Only the agreement changed: the chart's agreed bar and the heatmap's "Agreed" row follow."""
        if not self.chart.message_shown:
            self.chart.set_agreed(agreed_level)
        self.sector_model.set_agreed(agreed_levels)


__all__ = ["ScoresPanel"]
