"""Undoable score commands: each calls the score services and says what changed.

Every factory returns a ``ServiceCommand`` to hand to ``ctx.push``: the change is
saved at once and Ctrl+Z / Ctrl+Shift+Z undo and redo it. Commands carry
``participant_id`` and ``element_id`` (and ``session``, when participant mode set
one) so participant mode can tell a participant's own entries from anyone else's.
"""

from __future__ import annotations

from jcs_desktop.domain.scoring import Score
from jcs_desktop.ui.core.context import AGREED, SCORES, AppContext, Change, ServiceCommand
from jcs_desktop.ui.widgets.labels import element_label, value_label


def score_command(
    ctx: AppContext,
    workshop_id: int,
    participant_id: int,
    element_id: str,
    value: Score,
    *,
    note: str | None = None,
    text: str | None = None,
    session: object = None,
) -> ServiceCommand:
    """Set one individual score (a level, NOT_SURE, or None to clear), optionally with its note.

    Undo puts back the previous score and note (clearing a score drops its note, so the
    note is remembered before the change).
    """
    scores = ctx.services.scores
    state: dict[str, object] = {}

    def do() -> Score:
        state["note"] = scores.notes_for_participant(participant_id).get(element_id, "")
        if "previous" in state:
            # A redo: refused (nothing written) if the value undo put back was changed elsewhere since.
            scores.set_score(participant_id, element_id, value, expected=state["previous"])  # type: ignore[arg-type]
        else:
            state["previous"] = scores.set_score(participant_id, element_id, value).previous
        if note is not None and value is not None and note.strip() != state["note"]:
            scores.set_note(participant_id, element_id, note)
        return state["previous"]  # type: ignore[return-value]

    def undo() -> None:
        previous = state.get("previous")
        # Refused (nothing written) if another window has changed the score since.
        scores.set_score(participant_id, element_id, previous, expected=value)  # type: ignore[arg-type]
        if previous is not None:
            old_note = str(state.get("note", ""))
            if scores.notes_for_participant(participant_id).get(element_id, "") != old_note:
                scores.set_note(participant_id, element_id, old_note)

    if text is None:
        text = f"Score {element_label(ctx, element_id)}: {value_label(ctx, value)}"
    command = ServiceCommand(
        ctx, text, do=do, undo=undo, change=Change(frozenset({SCORES}), workshop_id, (participant_id, element_id))
    )
    command.participant_id = participant_id
    command.element_id = element_id
    command.session = session
    return command


def note_command(
    ctx: AppContext,
    workshop_id: int,
    participant_id: int,
    element_id: str,
    note: str,
    *,
    session: object = None,
) -> ServiceCommand:
    """Change the short note on an element the participant has already scored."""
    scores = ctx.services.scores
    state: dict[str, str] = {}

    def do() -> None:
        state["previous"] = scores.set_note(participant_id, element_id, note).previous

    def undo() -> None:
        scores.set_note(participant_id, element_id, state.get("previous", ""))

    command = ServiceCommand(
        ctx,
        f"Note on {element_label(ctx, element_id)}",
        do=do,
        undo=undo,
        change=Change(frozenset({SCORES}), workshop_id, (participant_id, element_id)),
    )
    command.participant_id = participant_id
    command.element_id = element_id
    command.session = session
    return command


def agreed_command(
    ctx: AppContext,
    workshop_id: int,
    element_id: str,
    level: int | None,
    *,
    rationale: str | None = None,
) -> ServiceCommand:
    """Record the group's agreed level for an element (None removes the agreement), optionally its rationale."""
    scores = ctx.services.scores
    state: dict[str, object] = {}

    def do() -> None:
        if level is None:
            state["previous"] = scores.set_agreed(workshop_id, element_id, None).previous
        elif rationale is None:
            state["previous"] = scores.set_agreed(workshop_id, element_id, level).previous
        else:
            state["previous"] = scores.set_agreed(workshop_id, element_id, level, rationale=rationale).previous
        state["after"] = scores.get_agreed(workshop_id, element_id)

    def undo() -> None:
        previous, after = state.get("previous"), state.get("after")
        scores.restore_agreed(workshop_id, element_id, previous, expected=after)  # type: ignore[arg-type]

    what = "cleared" if level is None else f"level {level}"
    command = ServiceCommand(
        ctx,
        f"Agreed score {element_label(ctx, element_id)}: {what}",
        do=do,
        undo=undo,
        change=Change(frozenset({AGREED}), workshop_id, (element_id,)),
    )
    command.participant_id = None
    command.element_id = element_id
    command.session = None
    return command


def rationale_command(ctx: AppContext, workshop_id: int, element_id: str, rationale: str) -> ServiceCommand:
    """Change the reasoning recorded with an agreed score (the level must already be agreed)."""
    scores = ctx.services.scores
    state: dict[str, object] = {}

    def do() -> None:
        state["previous"] = scores.set_agreed(workshop_id, element_id, rationale=rationale).previous
        state["after"] = scores.get_agreed(workshop_id, element_id)

    def undo() -> None:
        previous, after = state.get("previous"), state.get("after")
        scores.restore_agreed(workshop_id, element_id, previous, expected=after)  # type: ignore[arg-type]

    command = ServiceCommand(
        ctx,
        f"Rationale for {element_label(ctx, element_id)}",
        do=do,
        undo=undo,
        change=Change(frozenset({AGREED}), workshop_id, (element_id,)),
    )
    command.participant_id = None
    command.element_id = element_id
    command.session = None
    return command
