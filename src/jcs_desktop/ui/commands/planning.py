"""Every planning edit as one undoable ``ServiceCommand``.

Each function pushes one command on ``ctx`` (so it is saved at once and undone with Ctrl+Z)
and returns the command, or None when the service refused the change (the context has then
shown the message). Redo after undo puts back the *same* row (restore by id) rather than
creating a new one, so later commands that name that row stay valid.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from jcs_desktop.services.dto import ChosenApproachRecord, ReviewPointRecord
from jcs_desktop.ui.core.context import ACTIONS, PLANS, AppContext, Change, ServiceCommand


def _push(
    ctx: AppContext,
    text: str,
    do: Callable[[], object],
    undo: Callable[[], object],
    kinds: Sequence[str],
    workshop_id: int,
    ids: tuple[object, ...] = (),
) -> ServiceCommand | None:
    command = ServiceCommand(ctx, text, do=do, undo=undo, change=Change(frozenset(kinds), workshop_id, ids))
    return command if ctx.push(command) else None


@dataclass
class _Memo:
    """What the first run of a command learnt (the new row's id, the value it replaced)."""

    value: object = None
    done: bool = False
    records: list = field(default_factory=list)


# -- driver plans and the detailed assessment ---------------------------------------------------


def set_priority(ctx: AppContext, workshop_id: int, driver_id: str, priority: int | None, text: str):
    planning = ctx.services.planning
    memo = _Memo()

    def do() -> None:
        before = planning.set_driver_plan(workshop_id, driver_id, priority=priority).previous
        if not memo.done:
            memo.value, memo.done = before, True

    def undo() -> None:
        planning.set_driver_plan(workshop_id, driver_id, priority=memo.value.priority)

    return _push(ctx, text, do, undo, (PLANS,), workshop_id, (driver_id,))


def set_detailed(ctx: AppContext, workshop_id: int, element_id: str, text: str, **changes: object):
    """``changes``: refined_level and/or notes."""
    planning = ctx.services.planning
    memo = _Memo()

    def do() -> None:
        before = planning.set_detailed(workshop_id, element_id, **changes).previous
        if not memo.done:
            memo.value, memo.done = before, True

    def undo() -> None:
        planning.set_detailed(workshop_id, element_id, **{k: getattr(memo.value, k) for k in changes})

    return _push(ctx, text, do, undo, (PLANS,), workshop_id, (element_id,))


def choose_approach(
    ctx: AppContext, workshop_id: int, element_id: str, level: int, index: int | None, text: str, label: str
):
    planning = ctx.services.planning
    memo = _Memo()

    def do() -> ChosenApproachRecord:
        if memo.value is None:
            memo.value = planning.choose_approach(workshop_id, element_id, level, index, text).previous
        else:
            planning.restore_approach(memo.value)
        return memo.value

    def undo() -> None:
        planning.unchoose_approach(memo.value.id)

    return _push(ctx, label, do, undo, (PLANS,), workshop_id, (element_id,))


def unchoose_approaches(ctx: AppContext, workshop_id: int, chosen_ids: Sequence[int], label: str):
    planning = ctx.services.planning
    memo = _Memo()

    def do() -> None:
        memo.records = [planning.unchoose_approach(cid).previous for cid in chosen_ids]

    def undo() -> None:
        for record in memo.records:
            planning.restore_approach(record)

    return _push(ctx, label, do, undo, (PLANS,), workshop_id, tuple(chosen_ids))


# -- actions --------------------------------------------------------------------------------------


def create_action(
    ctx: AppContext,
    workshop_id: int,
    label: str,
    fields: dict | None = None,
    steps: list[str] | None = None,
    links: list[tuple[str, str | None]] | None = None,
    from_approaches: list[int] | None = None,
):
    """Add an action at the end of the plan; ``command.result`` is its id."""
    planning = ctx.services.planning
    memo = _Memo()

    def do() -> int:
        if memo.value is None:
            record = planning.create_action(
                workshop_id, fields or {}, steps=steps, links=links, from_approaches=from_approaches
            ).previous
            memo.value = record.id
        else:
            planning.restore_action(memo.value)
        return memo.value

    def undo() -> None:
        planning.delete_action(memo.value)

    kinds = (ACTIONS, PLANS) if from_approaches else (ACTIONS,)
    return _push(ctx, label, do, undo, kinds, workshop_id)


def update_action(ctx: AppContext, workshop_id: int, action_id: int, key: str, value: object, label: str):
    planning = ctx.services.planning
    memo = _Memo()

    def do() -> None:
        before = planning.update_action(action_id, **{key: value}).previous
        if not memo.done:
            memo.value, memo.done = getattr(before, key), True

    def undo() -> None:
        planning.update_action(action_id, **{key: memo.value})

    return _push(ctx, label, do, undo, (ACTIONS,), workshop_id, (action_id,))


def set_steps(ctx: AppContext, workshop_id: int, action_id: int, steps: list[str], label: str):
    planning = ctx.services.planning
    memo = _Memo()

    def do() -> None:
        before = planning.set_steps(action_id, steps).previous
        if not memo.done:
            memo.value, memo.done = before, True

    def undo() -> None:
        planning.set_steps(action_id, memo.value)

    return _push(ctx, label, do, undo, (ACTIONS,), workshop_id, (action_id,))


def set_links(ctx: AppContext, workshop_id: int, action_id: int, links: list[tuple[str, str | None]], label: str):
    planning = ctx.services.planning
    memo = _Memo()

    def do() -> None:
        before = planning.set_links(action_id, links).previous
        if not memo.done:
            memo.value, memo.done = [(lk.driver_id, lk.element_id) for lk in before], True

    def undo() -> None:
        planning.set_links(action_id, memo.value)

    return _push(ctx, label, do, undo, (ACTIONS,), workshop_id, (action_id,))


def delete_action(ctx: AppContext, workshop_id: int, action_id: int, label: str):
    planning = ctx.services.planning
    return _push(
        ctx,
        label,
        lambda: planning.delete_action(action_id),
        lambda: planning.restore_action(action_id),
        (ACTIONS, PLANS),
        workshop_id,
        (action_id,),
    )


def move_action(ctx: AppContext, workshop_id: int, action_id: int, new_index: int, label: str):
    planning = ctx.services.planning
    memo = _Memo()

    def do() -> None:
        old = planning.move_action(action_id, new_index).previous
        if not memo.done:
            memo.value, memo.done = old, True

    def undo() -> None:
        planning.move_action(action_id, memo.value)

    return _push(ctx, label, do, undo, (ACTIONS,), workshop_id, (action_id,))


# -- review points of a delivery plan -------------------------------------------------------------


def add_review_point(ctx: AppContext, workshop_id: int, action_id: int, label: str, fields: dict | None = None):
    """``command.result`` is the new review point's id."""
    planning = ctx.services.planning
    memo = _Memo()

    def do() -> int:
        if memo.value is None:
            memo.value = planning.add_review_point(action_id, fields or {}).previous
        else:
            planning.restore_review_point(memo.value)
        return memo.value.id

    def undo() -> None:
        planning.delete_review_point(memo.value.id)

    return _push(ctx, label, do, undo, (ACTIONS,), workshop_id, (action_id,))


def update_review_point(ctx: AppContext, workshop_id: int, point: ReviewPointRecord, key: str, value, label: str):
    planning = ctx.services.planning
    memo = _Memo()

    def do() -> None:
        before = planning.update_review_point(point.id, **{key: value}).previous
        if not memo.done:
            memo.value, memo.done = getattr(before, key), True

    def undo() -> None:
        planning.update_review_point(point.id, **{key: memo.value})

    return _push(ctx, label, do, undo, (ACTIONS,), workshop_id, (point.action_id,))


def delete_review_point(ctx: AppContext, workshop_id: int, point: ReviewPointRecord, label: str):
    planning = ctx.services.planning
    memo = _Memo()

    def do() -> None:
        memo.value = planning.delete_review_point(point.id).previous

    def undo() -> None:
        planning.restore_review_point(memo.value)

    return _push(ctx, label, do, undo, (ACTIONS,), workshop_id, (point.action_id,))


# -- one user action, several service calls ------------------------------------------------------


@dataclass(frozen=True)
class PlannedAction:
    """An action about to be created from ticked approaches."""

    fields: dict
    approach_ids: list[int]
    links: list[tuple[str, str | None]] = field(default_factory=list)


def create_actions_from_approaches(
    ctx: AppContext, workshop_id: int, planned: Sequence[PlannedAction], label: str
) -> list[int]:
    """Create several actions as one undoable step (a macro); returns the new action ids."""
    created: list[int] = []
    if not planned:
        return created
    ctx.undo_stack.beginMacro(label)
    try:
        for i, item in enumerate(planned, start=1):
            command = create_action(
                ctx,
                workshop_id,
                f"{label} ({i} of {len(planned)})",
                fields=item.fields,
                links=item.links,
                from_approaches=item.approach_ids,
            )
            if command is not None:
                created.append(command.result)
    finally:
        ctx.undo_stack.endMacro()
    return created


# -- a run of saves from one text box, undone in one step ------------------------------------------------

_UNSET = object()


class TextBoxEdit(ServiceCommand):
    """A save of a text box that saves itself while the user types (after each pause).

    Consecutive saves of the same box merge into one undo step, so Ctrl+Z takes back the whole
    run of typing, not the last few words.
    """

    MERGE_ID = 0x4A4353

    def __init__(
        self,
        ctx: AppContext,
        label: str,
        change: Change,
        target: tuple,
        write: Callable[[object], object],
        new: object,
    ) -> None:
        super().__init__(ctx, label, do=self._write_new, undo=self._write_old, change=change)
        self.target = target
        self._writer = write
        self.new = new
        self.old: object = _UNSET

    def _write_new(self) -> None:
        before = self._writer(self.new)
        if self.old is _UNSET:
            self.old = before

    def _write_old(self) -> None:
        self._writer(self.old)

    def id(self) -> int:
        return self.MERGE_ID

    def mergeWith(self, other) -> bool:
        if not isinstance(other, TextBoxEdit) or other.target != self.target or other.failed is not None:
            return False
        self.new = other.new
        return True


def edit_action_text(ctx: AppContext, workshop_id: int, action_id: int, key: str, text: str, label: str):
    planning = ctx.services.planning
    return _push_command(
        ctx,
        TextBoxEdit(
            ctx,
            label,
            Change(frozenset((ACTIONS,)), workshop_id, (action_id,)),
            ("action", action_id, key),
            lambda value: getattr(planning.update_action(action_id, **{key: value}).previous, key),
            text,
        ),
    )


def edit_notes(ctx: AppContext, workshop_id: int, element_id: str, text: str, label: str):
    planning = ctx.services.planning
    return _push_command(
        ctx,
        TextBoxEdit(
            ctx,
            label,
            Change(frozenset((PLANS,)), workshop_id, (element_id,)),
            ("notes", workshop_id, element_id),
            lambda value: planning.set_detailed(workshop_id, element_id, notes=value).previous.notes,
            text,
        ),
    )


def _push_command(ctx: AppContext, command: ServiceCommand) -> ServiceCommand | None:
    return command if ctx.push(command) else None
