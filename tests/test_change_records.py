"""Each use case's change record names exactly what it changed, with the values now stored.

A fresh ``LiveWorkshop`` snapshot is taken before and after each use case and flattened to
keys (a cell, an agreed element, a driver's plan, an action, a participant, the workshop's
fields...). The keys whose values differ must be exactly the keys the ``Changes`` names, the
values it names must be the stored ones, and the live state taken before must, after
``apply``, equal the snapshot taken after.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jcs_desktop.domain.scoring import NOT_SURE
from jcs_desktop.exports.importer import ImportPreview, ImportResult, apply_import
from jcs_desktop.services import Services
from jcs_desktop.services.changes import (
    ACTIONS,
    AGREED,
    PARTICIPANTS,
    PLANS,
    SCORES,
    WORKSHOPS,
    Changes,
    ScoreCell,
)
from jcs_desktop.services.dto import ReviewPointFields
from jcs_desktop.services.live import LiveWorkshop

Key = tuple[object, ...]
EMPTY_CELL = (None, "")
"""How a cell that has no row reads: no score, no note."""


# -- the generic snapshot diff ---------------------------------------------------------------------


def keyed(live: LiveWorkshop) -> dict[Key, object]:
    """Everything a live state holds, flattened to one key per thing a change record can name."""
    data = live.data()
    out: dict[Key, object] = {("workshop",): data["workshop"], ("sectors",): tuple(live.sectors)}
    for p in live.participants:
        out[("participant", p.id)] = p
    for pid, values in live.scores.items():
        notes = live.notes[pid]
        for eid in set(values) | set(notes):
            out[("cell", pid, eid)] = (values.get(eid), notes.get(eid, ""))
    for eid, record in live.agreed.items():
        out[("agreed", eid)] = record
    for did, plan in live.plans.items():
        out[("plan", did)] = plan
    for eid, record in live.detailed.items():
        out[("detailed", eid)] = record
    for record in live.approaches:
        out[("approach", record.id)] = record
    for record in live.actions:
        out[("action", record.id)] = record
    return out


def named(changes: Changes) -> dict[Key, object]:
    """What a change record names, in the shape of ``keyed`` (None: gone)."""
    out: dict[Key, object] = {}
    if changes.workshop is not None:
        out[("workshop",)] = changes.workshop.model_dump(exclude={"updated_at"})
    if changes.sectors is not None:
        out[("sectors",)] = changes.sectors
    for pid, record in changes.participants.items():
        out[("participant", pid)] = record
    for (pid, eid), cell in changes.scores.items():
        assert (cell.participant_id, cell.element_id) == (pid, eid)
        out[("cell", pid, eid)] = (cell.value, cell.note)
    for kind, mapping in (
        ("agreed", changes.agreed),
        ("plan", changes.plans),
        ("detailed", changes.detailed),
        ("approach", changes.approaches),
        ("action", changes.actions),
    ):
        for key, record in mapping.items():
            out[(kind, key)] = record
    return out


def absent(key: Key) -> object:
    return EMPTY_CELL if key[0] == "cell" else None


def differing(before: dict[Key, object], after: dict[Key, object]) -> set[Key]:
    return {k for k in before.keys() | after.keys() if before.get(k, absent(k)) != after.get(k, absent(k))}


def check_record(services: Services, workshop_id: int, do: Callable[[], Changes]) -> Changes:
    """Run ``do`` and check its record against fresh snapshots before and after; returns the record."""
    live = LiveWorkshop.load(services, workshop_id)
    before = keyed(live)
    changes = do()
    assert isinstance(changes, Changes)
    fresh = LiveWorkshop.load(services, workshop_id)
    after = keyed(fresh)
    names = named(changes)
    assert differing(before, after) == set(names)
    for key, value in names.items():
        assert after.get(key, absent(key)) == value, key
    live.apply(changes)
    assert live == fresh
    return changes


# -- fixtures ---------------------------------------------------------------------------------------


@pytest.fixture
def fw(services):
    return services.framework


@pytest.fixture
def people(services, demo_id):
    return services.participants.list(demo_id)


@pytest.fixture
def actions(services, demo_id):
    return services.planning.actions(demo_id)


def first_element(fw, driver: int = 0, element: int = 0) -> str:
    return fw.drivers[driver].elements[element].id


def other_level(live_value: object, k: int = 4) -> int:
    return 1 if live_value != 1 else k


# -- individual scores -------------------------------------------------------------------------------


def test_a_new_score_names_its_one_cell(services, demo_id, people, fw) -> None:
    pid, eid = people[0].id, first_element(fw)
    old = services.scores.get_score(pid, eid)
    changes = check_record(services, demo_id, lambda: services.scores.set_score(pid, eid, other_level(old)))
    assert changes.previous == old and changes.workshop_id == demo_id
    assert changes.touches(SCORES) and not changes.touches(AGREED, PLANS, ACTIONS, PARTICIPANTS, WORKSHOPS)
    assert changes.elements() == {eid} and changes.drivers(fw) == {fw.drivers[0].id}


def test_a_score_and_its_note_are_one_call(services, demo_id, people, fw) -> None:
    pid, eid = people[1].id, first_element(fw, 2, 1)
    old = services.scores.get_score(pid, eid)
    changes = check_record(
        services, demo_id, lambda: services.scores.set_score(pid, eid, NOT_SURE, note="  ask about housing ")
    )
    assert changes.scores == {(pid, eid): ScoreCell(pid, eid, NOT_SURE, "ask about housing")}
    assert changes.previous == ScoreCell(pid, eid, old, "")
    # Undo with the previous cell puts both back in one call.
    check_record(
        services,
        demo_id,
        lambda: services.scores.set_score(pid, eid, old, note=changes.previous.note, expected=NOT_SURE),
    )
    assert services.scores.notes_for_participant(pid) == {}


def test_a_note_alone_names_the_cell_with_its_score(services, demo_id, people, fw) -> None:
    pid, eid = people[2].id, first_element(fw, 1)
    changes = check_record(services, demo_id, lambda: services.scores.set_note(pid, eid, "on reflection"))
    assert changes.previous == "" and changes.scores[(pid, eid)].value == services.scores.get_score(pid, eid)


def test_clearing_a_score_names_it_empty_note_and_all(services, demo_id, people, fw) -> None:
    pid, eid = people[3].id, first_element(fw, 3, 2)
    services.scores.set_note(pid, eid, "gone with the score")
    changes = check_record(services, demo_id, lambda: services.scores.set_score(pid, eid, None))
    assert changes.scores == {(pid, eid): ScoreCell(pid, eid, None, "")}


def test_setting_the_stored_value_again_names_nothing(services, demo_id, people, fw) -> None:
    pid, eid = people[0].id, first_element(fw)
    value = services.scores.get_score(pid, eid)
    changes = check_record(services, demo_id, lambda: services.scores.set_score(pid, eid, value))
    assert changes.is_empty and changes.previous == value


def test_set_many_names_the_cells_that_changed(services, demo_id, people, fw) -> None:
    pid = people[4].id
    elements = fw.drivers[1].elements
    current = services.scores.scores_for_participant(pid)
    values = {e.id: (current[e.id] if i == 0 else other_level(current[e.id])) for i, e in enumerate(elements)}
    changes = check_record(services, demo_id, lambda: services.scores.set_many(pid, values))
    assert set(changes.scores) == {(pid, e.id) for e in elements[1:]}
    assert changes.previous == {e.id: current[e.id] for e in elements}


def test_an_import_names_exactly_the_cells_it_changed_not_every_participant(services, demo_id, people, fw) -> None:
    stored = services.scores.scores_for_workshop(demo_id)
    eid, other = first_element(fw, 4, 1), first_element(fw, 5)
    values = {p.id: {eid: stored[p.id][eid], other: stored[p.id][other]} for p in people}  # all the same...
    values[people[2].id][eid] = other_level(stored[people[2].id][eid])  # ...but two
    values[people[7].id][other] = None
    changes = check_record(services, demo_id, lambda: services.scores.import_scores(demo_id, values))
    assert set(changes.scores) == {(people[2].id, eid), (people[7].id, other)}
    assert changes.previous == {p.id: {eid: stored[p.id][eid], other: stored[p.id][other]} for p in people}


def test_applying_an_entry_template_names_its_cells_and_keeps_the_import_result(services, demo_id, people, fw) -> None:
    eid = first_element(fw, 2)
    old = services.scores.get_score(people[5].id, eid)
    preview = ImportPreview(demo_id, Path("filled.xlsx"), (), scores={people[5].id: {eid: other_level(old)}})
    changes = check_record(services, demo_id, lambda: apply_import(services, preview))
    assert isinstance(changes.previous, ImportResult)
    assert changes.previous.written == 1 and changes.previous.previous == {people[5].id: {eid: old}}
    assert set(changes.scores) == {(people[5].id, eid)}


# -- agreed scores ----------------------------------------------------------------------------------


def test_agreeing_names_the_element(services, demo_id, fw) -> None:
    eid = first_element(fw, 1, 1)
    old = services.scores.get_agreed(demo_id, eid)
    changes = check_record(
        services,
        demo_id,
        lambda: services.scores.set_agreed(
            demo_id, eid, other_level(old.level), rationale="Because", with_reservations=True, reservation_note="NHS"
        ),
    )
    assert changes.previous == old and changes.agreed[eid].rationale == "Because"
    assert changes.touches(AGREED) and changes.elements() == {eid}


def test_a_rationale_alone_names_the_element(services, demo_id, fw) -> None:
    eid = first_element(fw, 2, 2)
    changes = check_record(services, demo_id, lambda: services.scores.set_agreed(demo_id, eid, rationale="More"))
    assert changes.agreed[eid].level == changes.previous.level


def test_removing_and_restoring_an_agreement(services, demo_id, fw) -> None:
    eid = first_element(fw, 3)
    removed = check_record(services, demo_id, lambda: services.scores.set_agreed(demo_id, eid, None))
    assert removed.agreed == {eid: None}
    # Removing what is not there changes nothing.
    assert check_record(services, demo_id, lambda: services.scores.set_agreed(demo_id, eid, None)).is_empty
    restored = check_record(
        services, demo_id, lambda: services.scores.restore_agreed(demo_id, eid, removed.previous, expected=None)
    )
    assert restored.previous is None and restored.agreed[eid].level == removed.previous.level


def test_clearing_every_agreement_names_each_element(services, demo_id, fw) -> None:
    changes = check_record(services, demo_id, lambda: services.scores.clear_workshop_agreed(demo_id))
    assert set(changes.agreed) == set(fw.element_ids())


# -- plans, detailed assessment, approaches ------------------------------------------------------------


def test_one_driver_plan(services, demo_id, fw) -> None:
    did = fw.drivers[-1].id
    changes = check_record(
        services, demo_id, lambda: services.planning.set_driver_plan(demo_id, did, improvement_target="Shared data")
    )
    assert changes.previous.driver_id == did and changes.touches(PLANS) and changes.drivers(fw) == {did}
    check_record(services, demo_id, lambda: services.planning.restore_driver_plan(changes.previous))


def test_every_driver_plan_in_one_call(services, demo_id, fw) -> None:
    plans = {
        fw.drivers[0].id: {"priority": 3, "target_level": 4},
        fw.drivers[1].id: {"improvement_target": "Joint budgets"},
        fw.drivers[2].id: {"priority": None},
    }
    before = services.planning.driver_plans(demo_id)
    changes = check_record(services, demo_id, lambda: services.planning.set_driver_plans(demo_id, plans))
    assert changes.previous == {d: before[d] for d in plans}
    check_record(services, demo_id, lambda: services.planning.set_driver_plans(demo_id, changes.previous))
    assert services.planning.driver_plans(demo_id) == before


def test_a_bad_plan_writes_no_plan(services, demo_id, fw) -> None:
    from jcs_desktop.services import ServiceError

    before = services.planning.driver_plans(demo_id)
    with pytest.raises(ServiceError):
        services.planning.set_driver_plans(
            demo_id, {fw.drivers[0].id: {"priority": 2}, fw.drivers[1].id: {"target_level": 9}}
        )
    assert services.planning.driver_plans(demo_id) == before


def test_detailed_assessment(services, demo_id, fw) -> None:
    eid = first_element(fw, 2, 3)
    changes = check_record(
        services, demo_id, lambda: services.planning.set_detailed(demo_id, eid, refined_level=3, notes="Closer look")
    )
    assert changes.previous.refined_level is None and changes.detailed[eid].refined_level == 3


def test_choosing_unchoosing_and_restoring_an_approach(services, demo_id, fw) -> None:
    eid = first_element(fw, 1, 2)
    chosen = check_record(services, demo_id, lambda: services.planning.choose_approach(demo_id, eid, 2, 0))
    record = chosen.previous
    assert chosen.approaches == {record.id: record}
    gone = check_record(services, demo_id, lambda: services.planning.unchoose_approach(record.id))
    assert gone.approaches == {record.id: None} and gone.previous == record
    check_record(services, demo_id, lambda: services.planning.restore_approach(record))


# -- actions ------------------------------------------------------------------------------------------


def test_an_action_from_approaches_names_the_approaches_too(services, demo_id, fw) -> None:
    eid = first_element(fw, 3, 1)
    record = services.planning.choose_approach(demo_id, eid, 3, None, "Our own idea").previous
    changes = check_record(
        services,
        demo_id,
        lambda: services.planning.create_action(demo_id, {"achieve": "More"}, from_approaches=[record.id]),
    )
    action = changes.previous
    assert changes.approaches[record.id].action_id == action.id and action.steps == ["Our own idea"]


def test_action_edits(services, demo_id, actions, fw) -> None:
    aid = actions[1].id
    changes = check_record(services, demo_id, lambda: services.planning.update_action(aid, lead="Sam", so_that="x"))
    assert changes.previous == actions[1] and set(changes.actions) == {aid}
    steps = check_record(services, demo_id, lambda: services.planning.set_steps(aid, ["One", "Two"]))
    assert steps.previous == actions[1].steps
    links = check_record(services, demo_id, lambda: services.planning.set_links(aid, [(fw.drivers[0].id, None)]))
    assert links.previous == actions[1].links
    assert check_record(services, demo_id, lambda: services.planning.update_action(aid, lead="Sam")).is_empty


def test_deleting_restoring_and_moving_actions(services, demo_id, actions) -> None:
    aid = actions[0].id
    deleted = check_record(services, demo_id, lambda: services.planning.delete_action(aid))
    assert deleted.actions == {aid: None}
    check_record(services, demo_id, lambda: services.planning.restore_action(aid))
    moved = check_record(services, demo_id, lambda: services.planning.move_action(aid, 2))
    assert moved.previous == 0 and set(moved.actions) == {a.id for a in actions}  # every place number changed
    moved = check_record(services, demo_id, lambda: services.planning.move_action(actions[2].id, 0))
    assert set(moved.actions) == {actions[2].id, actions[1].id}  # the last keeps its place


def test_review_points_name_their_action(services, demo_id, actions) -> None:
    aid = actions[2].id
    added = check_record(
        services, demo_id, lambda: services.planning.add_review_point(aid, ReviewPointFields(expected="Half"))
    )
    point = added.previous
    assert set(added.actions) == {aid} and point in added.actions[aid].review_points
    check_record(services, demo_id, lambda: services.planning.update_review_point(point.id, achieved="All"))
    gone = check_record(services, demo_id, lambda: services.planning.delete_review_point(point.id))
    check_record(services, demo_id, lambda: services.planning.restore_review_point(gone.previous))


# -- participants, sectors, the workshop ----------------------------------------------------------------


def test_adding_participants(services, demo_id) -> None:
    one = check_record(services, demo_id, lambda: services.participants.add(demo_id, {"display_name": "Kim"}))
    assert one.participants == {one.previous.id: one.previous} and one.touches(PARTICIPANTS)
    many = check_record(
        services,
        demo_id,
        lambda: services.participants.add_many(demo_id, [{"display_name": "Lou"}, {"display_name": "Max"}]),
    )
    assert [p.display_name for p in many.previous] == ["Lou", "Max"]


def test_renaming_and_moving_a_participant_to_another_sector(services, demo_id, people) -> None:
    p = people[0]
    renamed = check_record(
        services, demo_id, lambda: services.participants.update(p.id, {**p.fields().model_dump(), "display_name": "X"})
    )
    assert renamed.previous == p
    check_record(
        services,
        demo_id,
        lambda: services.participants.update(p.id, {**p.fields().model_dump(), "sector": "Somewhere new"}),
    )


def test_removing_a_participant_names_their_cells_and_restoring_brings_them_back(services, demo_id, people, fw) -> None:
    pid = people[5].id
    services.scores.set_note(pid, first_element(fw), "kept for undo")
    removed = check_record(services, demo_id, lambda: services.participants.remove(pid))
    assert removed.participants == {pid: None} and len(removed.scores) == len(fw.element_ids())
    restored = check_record(services, demo_id, lambda: services.participants.restore(pid))
    assert restored.scores[(pid, first_element(fw))].note == "kept for undo"


def test_removing_several_participants_is_one_transaction_all_or_nothing(
    services, demo_id, people, fw, transactions
) -> None:
    from jcs_desktop.services import NotFound

    ids = [people[1].id, people[3].id]
    transactions.take()
    removed = check_record(services, demo_id, lambda: services.participants.remove_many(ids))
    assert removed.participants == dict.fromkeys(ids) and len(removed.scores) == 2 * len(fw.element_ids())
    restored = check_record(services, demo_id, lambda: services.participants.restore_many(ids))
    assert set(restored.participants) == set(ids) and len(restored.scores) == 2 * len(fw.element_ids())
    with pytest.raises(NotFound):
        services.participants.remove_many([people[2].id, 10**6])
    assert people[2].id in {p.id for p in services.participants.list(demo_id)}  # nothing was removed
    transactions.take()
    services.participants.remove_many(ids)
    services.participants.restore_many(ids)
    assert transactions.take() == (2, 0)


def test_the_sector_list(services, demo_id) -> None:
    changes = check_record(services, demo_id, lambda: services.participants.set_sectors(["NHS", "Housing"]))
    assert changes.sectors == ("NHS", "Housing") and changes.workshop_id is None


def test_workshop_fields_and_pin(services, demo_id) -> None:
    record = services.workshops.get(demo_id)
    changes = check_record(
        services,
        demo_id,
        lambda: services.workshops.update(demo_id, {**record.fields().model_dump(), "divergence_range": 3}),
    )
    assert changes.previous == record and changes.touches(WORKSHOPS)
    pin = check_record(services, demo_id, lambda: services.workshops.set_pin(demo_id, "2468"))
    assert pin.workshop.has_pin


def test_workshop_list_changes(services, demo_id) -> None:
    created = services.workshops.create({"title": "Another"})
    assert created.workshop_list and created.workshop == created.previous
    copy = services.workshops.duplicate_as_follow_up(demo_id)
    assert copy.workshop_list and copy.workshop_id == copy.previous.id
    assert dict(copy.participants) == {p.id: p for p in services.participants.list(copy.previous.id)}
    deleted = services.workshops.delete(created.previous.id)
    assert deleted.workshop_list and deleted.workshop.deleted_at is not None
    restored = services.workshops.restore(created.previous.id)
    assert restored.workshop == services.workshops.get(created.previous.id)


def test_the_demo_workshop_is_one_record_naming_everything(services) -> None:
    import datetime as dt

    from jcs_desktop.services.demo import create_demo_workshop

    changes = create_demo_workshop(services, today=dt.date(2026, 11, 23))
    wid = changes.previous
    fresh = keyed(LiveWorkshop.load(services, wid))
    names = named(changes)
    # Every stored thing is named with its stored value (plans: those the demo sets).
    assert {k for k in fresh if k[0] != "plan"} <= set(names) | {("sectors",)}
    for key, value in names.items():
        assert fresh.get(key, absent(key)) == value, key


# -- the record itself -------------------------------------------------------------------------------------


def test_records_merge_later_wins_and_are_read_only(services, demo_id, people, fw) -> None:
    pid, eid = people[0].id, first_element(fw)
    a = services.scores.set_score(pid, eid, 1)
    b = services.scores.set_score(pid, eid, 2)
    merged = a | b
    assert merged.scores == {(pid, eid): ScoreCell(pid, eid, 2, "")} and merged.previous == 1
    with pytest.raises(TypeError):
        merged.scores[(pid, eid)] = ScoreCell(pid, eid, 3)  # type: ignore[index]
    assert Changes().is_empty and not Changes().touches(SCORES)
    with pytest.raises(ValueError, match="unknown kind"):
        Changes().touches("score")


_cells = st.builds(
    ScoreCell,
    participant_id=st.integers(1, 4),
    element_id=st.sampled_from(["a", "b", "c"]),
    value=st.sampled_from([None, NOT_SURE, 1, 2, 3, 4]),
)
_records = st.builds(
    lambda cells, workshop_id, listed, previous, sectors: Changes(
        workshop_id=workshop_id,
        workshop_list=listed,
        previous=previous,
        sectors=sectors,
        scores={(c.participant_id, c.element_id): c for c in cells},
        participants={c.participant_id: None for c in cells[:1]},
    ),
    st.lists(_cells, max_size=4),
    st.none() | st.integers(1, 3),
    st.booleans(),
    st.none() | st.integers(),
    st.none() | st.tuples(st.sampled_from(["Health", "Housing"])),
)


@given(st.lists(_records, min_size=1, max_size=12))
def test_merging_many_records_at_once_is_merging_them_one_by_one(records: list[Changes]) -> None:
    # The Devices hub merges a burst of remote records in one pass; it must be exactly `|`.
    assert Changes.merged(records) == functools.reduce(operator.or_, records)
