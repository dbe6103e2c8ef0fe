"""Dialogs of the planning pages: carry ticked approaches into actions; choose what an action serves."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.content.schema import Framework
from jcs_desktop.services.dto import ActionRecord, ChosenApproachRecord, DriverPlanRecord, LinkRecord
from jcs_desktop.ui.commands.planning import PlannedAction
from jcs_desktop.ui.planning.common import WrapDelegate, level_title, plan_columns, quoted

_CHOSEN_ROLE = Qt.ItemDataRole.UserRole + 1
_LINK_ROLE = Qt.ItemDataRole.UserRole + 2


def pending_approaches(
    chosen: Sequence[ChosenApproachRecord], actions: Sequence[ActionRecord]
) -> list[ChosenApproachRecord]:
    """Ticked approaches not (or no longer) carried into a live action of the plan."""
    live = {a.id for a in actions}
    return [c for c in chosen if c.action_id is None or c.action_id not in live]


def plan_actions(
    fw: Framework,
    approaches: Sequence[ChosenApproachRecord],
    plans: dict[str, DriverPlanRecord],
    one_per_approach: bool = False,
) -> list[PlannedAction]:
    """Group ticked approaches into actions, pre-filled from the content and the driver's target.

    "We need to achieve…" starts as the statement of the level the approaches lead to (the
    highest of them), "So that we can…" as the driver's prioritised improvement target; the
    approaches become the numbered "By doing…" steps and the element becomes the link.
    """
    groups: dict[object, list[ChosenApproachRecord]] = {}
    for approach in approaches:
        key = approach.id if one_per_approach else approach.element_id
        groups.setdefault(key, []).append(approach)
    planned = []
    for items in groups.values():
        element = fw.element(items[0].element_id)
        driver = fw.driver_of(element.id)
        level = max(a.level for a in items)
        plan = plans.get(driver.id)
        fields = {"achieve": element.detail.levels[level - 1].statement}
        if plan is not None and plan.improvement_target:
            fields["so_that"] = plan.improvement_target
        planned.append(PlannedAction(fields=fields, approach_ids=[a.id for a in items]))
    return planned


class CreateActionsDialog(QDialog):
    """Choose which ticked approaches to carry into the action plan, and how to group them."""

    def __init__(
        self,
        fw: Framework,
        approaches: Sequence[ChosenApproachRecord],
        plans: dict[str, DriverPlanRecord],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.fw = fw
        self.plans = plans
        self.setWindowTitle("Create actions from ticked approaches")
        self.setMinimumSize(640, 460)
        cols = plan_columns(fw)
        lay = QVBoxLayout(self)
        intro = QLabel(
            f"Each new action starts with {quoted(cols['achieve'].heading)} taken from the level the approaches "
            f"lead to, {quoted(cols['so_that'].heading)} from the driver's improvement target, and the approaches "
            f"as its numbered {quoted(cols['by_doing'].heading)} steps. Change any of it in the action plan."
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)

        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Ticked approaches to carry into the action plan")
        self.tree.setWordWrap(True)
        self.tree.setItemDelegate(WrapDelegate(self.tree))
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tree.header().sectionResized.connect(lambda *_: self.tree.scheduleDelayedItemsLayout())
        by_element: dict[str, list[ChosenApproachRecord]] = {}
        for a in approaches:
            by_element.setdefault(a.element_id, []).append(a)
        for element_id, items in by_element.items():
            element = fw.element(element_id)
            parent_item = QTreeWidgetItem([f"{fw.driver_of(element_id).title}: {element.title}"])
            parent_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            f = parent_item.font(0)
            f.setBold(True)
            parent_item.setFont(0, f)
            self.tree.addTopLevelItem(parent_item)
            for a in items:
                item = QTreeWidgetItem([f"{a.text}  ({level_title(fw, a.level)})"])
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(0, Qt.CheckState.Checked)
                item.setData(0, _CHOSEN_ROLE, a)
                item.setToolTip(0, a.text)
                parent_item.addChild(item)
            parent_item.setExpanded(True)
        lay.addWidget(self.tree, 1)

        self.per_element = QRadioButton("One action per element (its ticked approaches become the steps)", self)
        self.per_approach = QRadioButton("One action per approach", self)
        self.per_element.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.per_element)
        group.addButton(self.per_approach)
        lay.addWidget(self.per_element)
        lay.addWidget(self.per_approach)
        self.summary = QLabel(self)
        lay.addWidget(self.summary)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = self.buttons.addButton("Create actions", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.tree.itemChanged.connect(self._update)
        group.buttonToggled.connect(self._update)
        self._update()

    def selected(self) -> list[ChosenApproachRecord]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                item = top.child(j)
                if item.checkState(0) == Qt.CheckState.Checked:
                    out.append(item.data(0, _CHOSEN_ROLE))
        return out

    def planned(self) -> list[PlannedAction]:
        return plan_actions(self.fw, self.selected(), self.plans, one_per_approach=self.per_approach.isChecked())

    def _update(self, *_args) -> None:
        n = len(self.planned())
        self.summary.setText(f"{n} action{'s' if n != 1 else ''} will be added to the end of the action plan.")
        self.ok.setEnabled(n > 0)


class LinksDialog(QDialog):
    """Tick the drivers (as a whole) and the elements an action serves."""

    def __init__(self, fw: Framework, links: Sequence[LinkRecord], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fw = fw
        self.setWindowTitle("What this action serves")
        self.setMinimumSize(560, 520)
        lay = QVBoxLayout(self)
        hint = QLabel("Tick the elements this action serves, or a driver as a whole.")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Drivers and elements")
        self.tree.setItemDelegate(WrapDelegate(self.tree))
        current = {(lk.driver_id, lk.element_id) for lk in links}
        for driver in fw.drivers:
            top = QTreeWidgetItem([driver.title])
            top.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            any_child = any(d == driver.id for d, _ in current)
            top.setCheckState(0, Qt.CheckState.Checked if any_child else Qt.CheckState.Unchecked)
            top.setData(0, _LINK_ROLE, (driver.id, None))
            for element in driver.elements:
                child = QTreeWidgetItem([element.title])
                child.setFlags(
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
                )
                child.setCheckState(
                    0, Qt.CheckState.Checked if (driver.id, element.id) in current else Qt.CheckState.Unchecked
                )
                child.setData(0, _LINK_ROLE, (driver.id, element.id))
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(any_child)
        lay.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.tree.itemChanged.connect(self._changed)

    def _changed(self, item: QTreeWidgetItem, _column: int) -> None:
        self.tree.blockSignals(True)
        try:
            if item.parent() is None and item.checkState(0) == Qt.CheckState.Unchecked:
                for j in range(item.childCount()):
                    item.child(j).setCheckState(0, Qt.CheckState.Unchecked)
            elif item.parent() is not None and item.checkState(0) == Qt.CheckState.Checked:
                item.parent().setCheckState(0, Qt.CheckState.Checked)
        finally:
            self.tree.blockSignals(False)

    def links(self) -> list[tuple[str, str | None]]:
        out: list[tuple[str, str | None]] = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            elements = [
                top.child(j).data(0, _LINK_ROLE)
                for j in range(top.childCount())
                if top.child(j).checkState(0) == Qt.CheckState.Checked
            ]
            if elements:
                out.extend(tuple(e) for e in elements)
            elif top.checkState(0) == Qt.CheckState.Checked:
                out.append(tuple(top.data(0, _LINK_ROLE)))
        return out
