"""The live workshop state: one read to load, no database to follow a change, always equal to a fresh load."""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test
from sqlalchemy import event

from jcs_desktop.domain.scoring import NOT_SURE, compute_results
from jcs_desktop.exports.importer import ImportPreview, apply_import
from jcs_desktop.exports.model import build_report
from jcs_desktop.services import ServiceError, Services
from jcs_desktop.services.changes import Changes, ScoreCell
from jcs_desktop.services.dto import ReviewPointFields
from jcs_desktop.services.live import LiveWorkshop
from tests.test_change_records import differing, keyed, named


@contextmanager
def counting(services: Services, name: str) -> Iterator[list[object]]:
    """Every ``name`` event ("begin": a transaction, "before_cursor_execute": a query) of the engine."""
    seen: list[object] = []

    def listener(*args: object) -> None:
        seen.append(args[1] if len(args) > 1 else args[0])

    event.listen(services.db.engine, name, listener)
    try:
        yield seen
    finally:
        event.remove(services.db.engine, name, listener)


def unequal(live: LiveWorkshop, fresh: LiveWorkshop) -> str:
    """Which parts of two states differ, and the keys that do: a readable failure."""
    parts = [name for name, value in live.data().items() if fresh.data()[name] != value]
    return f"differing parts: {parts}; keys: {sorted(differing(keyed(live), keyed(fresh)), key=str)}"


# -- loading and following ---------------------------------------------------------------------------


def test_load_is_one_read_transaction_and_matches_the_services(services, demo_id) -> None:
    with counting(services, "begin") as transactions, counting(services, "before_cursor_execute") as queries:
        live = LiveWorkshop.load(services, demo_id)
    assert len(transactions) == 1 and queries
    assert live.workshop == services.workshops.get(demo_id)
    assert live.participants == services.participants.list(demo_id)
    assert live.scores == services.scores.scores_for_workshop(demo_id)
    assert live.notes == {p.id: services.scores.notes_for_participant(p.id) for p in live.participants}
    assert live.agreed == services.scores.agreed_for_workshop(demo_id)
    assert live.plans == services.planning.driver_plans(demo_id)
    assert live.detailed == services.planning.detailed(demo_id)
    assert live.approaches == services.planning.chosen_approaches(demo_id)
    assert live.actions == services.planning.actions(demo_id)
    assert live.sectors == services.participants.sectors()
    assert live.results == services.scores.results(demo_id)
    assert live.progress == services.scores.progress(demo_id)


def test_a_score_with_its_note_is_one_write_and_apply_reads_nothing(services, demo_id) -> None:
    live = LiveWorkshop.load(services, demo_id)
    pid, eid = live.participants[0].id, services.framework.drivers[2].elements[1].id
    value = 1 if live.scores[pid][eid] != 1 else 2
    with counting(services, "begin") as transactions:
        changes = services.scores.set_score(pid, eid, value, note="a second thought")
    assert len(transactions) == 1
    with counting(services, "begin") as transactions, counting(services, "before_cursor_execute") as queries:
        applied = live.apply(changes)
    assert transactions == [] and queries == []
    # Only that element's statistics and its driver's results were computed again.
    assert applied.elements == {eid} and applied.drivers == {services.framework.drivers[2].id}
    assert applied.participants == {pid} and not applied.everything
    assert live == LiveWorkshop.load(services, demo_id)


def test_an_agreement_recomputes_only_its_driver(services, demo_id) -> None:
    live = LiveWorkshop.load(services, demo_id)
    driver = services.framework.drivers[3]
    eid = driver.elements[0].id
    before = live.results
    applied = live.apply(services.scores.set_agreed(demo_id, eid, 1 if live.agreed[eid].level != 1 else 4))
    assert applied.elements == frozenset() and applied.drivers == {driver.id}
    # The old results are left as they were: a view holding them sees no change under its feet.
    assert before.agreed[eid] != live.results.agreed[eid]
    assert [d for d in before.drivers if d.driver_id != driver.id] == [
        d for d in live.results.drivers if d.driver_id != driver.id
    ]
    assert live == LiveWorkshop.load(services, demo_id)


def test_participants_and_the_divergence_range_recompute_everything(services, demo_id) -> None:
    live = LiveWorkshop.load(services, demo_id)
    applied = live.apply(services.participants.add(demo_id, {"display_name": "Newcomer", "sector": "NHS"}))
    assert applied.everything and live.results.drivers[0].individual_of == 13
    record = services.workshops.get(demo_id)
    applied = live.apply(services.workshops.update(demo_id, {**record.fields().model_dump(), "divergence_range": 1}))
    assert applied.everything
    renamed = live.participants[0].fields().model_dump() | {"display_name": "Someone else"}
    applied = live.apply(services.participants.update(live.participants[0].id, renamed))
    assert applied.participants == {live.participants[0].id} and not applied.everything and not applied.elements
    assert live == LiveWorkshop.load(services, demo_id)


def test_another_workshops_changes_are_ignored_but_sectors_are_shared(services, demo_id) -> None:
    live = LiveWorkshop.load(services, demo_id)
    other = services.workshops.create({"title": "Elsewhere"}).previous
    changes = services.participants.add(other.id, {"display_name": "Stranger"})
    assert live.apply(changes).is_empty
    live.apply(services.participants.set_sectors(["Only one"]))
    assert live == LiveWorkshop.load(services, demo_id) and live.sectors == ["Only one"]


def test_a_report_is_one_read_with_statistics_computed_once(services, demo_id, monkeypatch) -> None:
    import jcs_desktop.domain.scoring as scoring

    calls: list[str] = []
    real = scoring.element_stats
    monkeypatch.setattr(scoring, "element_stats", lambda eid, *a, **k: calls.append(eid) or real(eid, *a, **k))
    with counting(services, "begin") as transactions:
        report = build_report(services, demo_id)
    assert len(transactions) == 1
    assert sorted(calls) == sorted(services.framework.element_ids())  # once per element
    live = LiveWorkshop.load(services, demo_id)
    with counting(services, "begin") as transactions:
        again = build_report(services, demo_id, live=live, today=report.generated)
    assert transactions == [] and again == report
    assert again.elements[0].stats is live.results.elements[again.elements[0].id]


# -- random sequences of use cases, undo included ----------------------------------------------------

LEVELS = [1, 2, 3, 4]
VALUES = st.sampled_from([*LEVELS, NOT_SURE, None])
TEXT = st.text(alphabet=string.ascii_letters + " ", max_size=12)
SECTORS = st.sampled_from(["NHS", "Housing", "Council", ""])


class WorkshopMachine(RuleBasedStateMachine):
    """Use cases in random order on one workshop; after each, the live state equals a fresh load."""

    services: Services

    def __init__(self) -> None:
        super().__init__()
        svc = self.services
        fw = svc.framework
        # Only a few elements, so that rules keep meeting the same cells and agreements.
        self.elements = [fw.drivers[0].elements[0].id, fw.drivers[0].elements[1].id, fw.drivers[1].elements[0].id]
        self.drivers = [fw.drivers[0].id, fw.drivers[1].id]
        with svc.db.session():
            self.wid = svc.workshops.create({"title": "Random day"}).previous.id
            people = svc.participants.add_many(
                self.wid, [{"display_name": n, "sector": s} for n, s in (("Ann", "NHS"), ("Bo", "Housing"))]
            ).previous
            for p in people:
                svc.scores.set_many(p.id, {e: 2 for e in self.elements[:2]})
            svc.planning.create_action(self.wid, {"achieve": "First"})
            svc.planning.create_action(self.wid, {"achieve": "Second"})
        self.live = LiveWorkshop.load(svc, self.wid)
        self.undo: list[Callable[[], Changes]] = []

    # -- helpers -----------------------------------------------------------------------------------

    def run(
        self, do: Callable[[], Changes], undo: Callable[[Changes], Callable[[], Changes]] | None = None
    ) -> Changes | None:
        before = keyed(self.live)  # equal to a fresh snapshot: it was after the last step
        try:
            changes = do()
        except ServiceError:
            # Refused (a note on an empty cell, an undo over someone's later change...): nothing written.
            fresh = LiveWorkshop.load(self.services, self.wid)
            assert self.live == fresh, unequal(self.live, fresh)
            return None
        fresh = LiveWorkshop.load(self.services, self.wid)
        assert differing(before, keyed(fresh)) == set(named(changes))
        with counting(self.services, "before_cursor_execute") as queries:
            self.live.apply(changes)
        assert queries == []
        assert self.live == fresh, unequal(self.live, fresh)
        if undo is not None:
            self.undo.append(undo(changes))
        return changes

    def person(self, index: int) -> int | None:
        people = self.live.participants
        return people[index % len(people)].id if people else None

    def action(self, index: int) -> int | None:
        actions = self.live.actions
        return actions[index % len(actions)].id if actions else None

    # -- scores --------------------------------------------------------------------------------------

    @rule(who=st.integers(0, 9), which=st.integers(0, 2), value=VALUES, note=st.none() | TEXT)
    def set_score(self, who: int, which: int, value: object, note: str | None) -> None:
        pid, eid = self.person(who), self.elements[which]
        if pid is None:
            return
        scores = self.services.scores
        if note is None:

            def undo(c: Changes) -> Callable[[], Changes]:
                return lambda: scores.set_score(pid, eid, c.previous, expected=value)

            self.run(lambda: scores.set_score(pid, eid, value), undo)
        else:

            def undo_both(c: Changes) -> Callable[[], Changes]:
                old: ScoreCell = c.previous
                return lambda: scores.set_score(pid, eid, old.value, note=old.note, expected=value)

            self.run(lambda: scores.set_score(pid, eid, value, note=note), undo_both)

    @rule(who=st.integers(0, 9), which=st.integers(0, 2), note=TEXT)
    def set_note(self, who: int, which: int, note: str) -> None:
        pid, eid = self.person(who), self.elements[which]
        if pid is not None:
            scores = self.services.scores
            self.run(lambda: scores.set_note(pid, eid, note), lambda c: lambda: scores.set_note(pid, eid, c.previous))

    @rule(values=st.dictionaries(st.tuples(st.integers(0, 9), st.integers(0, 2)), VALUES, max_size=5))
    def import_scores(self, values: dict[tuple[int, int], object]) -> None:
        if not self.live.participants:
            return
        wanted: dict[int, dict[str, object]] = {}
        for (who, which), value in values.items():
            wanted.setdefault(self.person(who), {})[self.elements[which]] = value
        svc, wid = self.services, self.wid
        preview = ImportPreview(wid, Path("filled.xlsx"), (), scores=wanted)
        self.run(
            lambda: apply_import(svc, preview),
            lambda c: lambda: svc.scores.import_scores(wid, c.previous.previous),
        )

    # -- agreed scores --------------------------------------------------------------------------------

    @rule(
        which=st.integers(0, 2),
        level=st.none() | st.sampled_from(LEVELS),
        rationale=st.none() | TEXT,
        reservations=st.none() | st.booleans(),
    )
    def set_agreed(self, which: int, level: int | None, rationale: str | None, reservations: bool | None) -> None:
        eid, scores, wid = self.elements[which], self.services.scores, self.wid
        given: dict[str, object] = {}
        if rationale is not None:
            given["rationale"] = rationale
        if reservations is not None:
            given |= {"with_reservations": reservations, "reservation_note": "some doubt" if reservations else ""}
        args = (level,) if level is not None or not given else ()

        def undo(c: Changes) -> Callable[[], Changes]:
            now = c.agreed.get(eid, self.live.agreed.get(eid))
            return lambda: scores.restore_agreed(wid, eid, c.previous, expected=now)

        self.run(lambda: scores.set_agreed(wid, eid, *args, **given), undo)

    @rule(which=st.integers(0, 2))
    def remove_agreement(self, which: int) -> None:
        eid, scores, wid = self.elements[which], self.services.scores, self.wid
        self.run(
            lambda: scores.set_agreed(wid, eid, None),
            lambda c: lambda: scores.restore_agreed(wid, eid, c.previous, expected=None),
        )

    # -- plans, detailed assessment, actions -----------------------------------------------------------

    @rule(
        plans=st.dictionaries(
            st.integers(0, 1),
            st.fixed_dictionaries(
                {},
                optional={
                    "improvement_target": TEXT,
                    "target_level": st.none() | st.sampled_from(LEVELS),
                    "priority": st.none() | st.integers(1, 3),
                },
            ),
            min_size=1,
        )
    )
    def set_driver_plans(self, plans: dict[int, dict[str, object]]) -> None:
        planning, wid = self.services.planning, self.wid
        wanted = {self.drivers[i]: fields for i, fields in plans.items()}
        self.run(
            lambda: planning.set_driver_plans(wid, wanted),
            lambda c: lambda: planning.set_driver_plans(wid, c.previous),
        )

    @rule(which=st.integers(0, 2), level=st.none() | st.sampled_from(LEVELS), notes=TEXT)
    def set_detailed(self, which: int, level: int | None, notes: str) -> None:
        planning, wid, eid = self.services.planning, self.wid, self.elements[which]

        def undo(c: Changes) -> Callable[[], Changes]:
            old = c.previous
            return lambda: planning.set_detailed(wid, eid, refined_level=old.refined_level, notes=old.notes)

        self.run(lambda: planning.set_detailed(wid, eid, refined_level=level, notes=notes), undo)

    @rule(achieve=TEXT, steps=st.lists(TEXT.filter(str.strip), max_size=3))
    def create_action(self, achieve: str, steps: list[str]) -> None:
        planning, wid = self.services.planning, self.wid
        self.run(
            lambda: planning.create_action(wid, {"achieve": achieve}, steps=steps),
            lambda c: lambda: planning.delete_action(c.previous.id),
        )

    @rule(index=st.integers(0, 9), lead=TEXT)
    def update_action(self, index: int, lead: str) -> None:
        aid, planning = self.action(index), self.services.planning
        if aid is not None:
            self.run(
                lambda: planning.update_action(aid, lead=lead),
                lambda c: lambda: planning.update_action(aid, lead=c.previous.lead),
            )

    @rule(index=st.integers(0, 9))
    def delete_action(self, index: int) -> None:
        aid, planning = self.action(index), self.services.planning
        if aid is not None:
            self.run(lambda: planning.delete_action(aid), lambda c: lambda: planning.restore_action(aid))

    @rule(index=st.integers(0, 9), to=st.integers(0, 9))
    def move_action(self, index: int, to: int) -> None:
        aid, planning = self.action(index), self.services.planning
        if aid is not None:
            self.run(
                lambda: planning.move_action(aid, to),
                lambda c: lambda: planning.move_action(aid, c.previous),
            )

    @rule(index=st.integers(0, 9), steps=st.lists(TEXT.filter(str.strip), max_size=3), link=st.booleans())
    def steps_and_links(self, index: int, steps: list[str], link: bool) -> None:
        aid, planning = self.action(index), self.services.planning
        if aid is None:
            return
        self.run(lambda: planning.set_steps(aid, steps), lambda c: lambda: planning.set_steps(aid, c.previous))
        links = [(self.drivers[0], self.elements[0])] if link else []
        self.run(
            lambda: planning.set_links(aid, links),
            lambda c: lambda: planning.set_links(aid, [(x.driver_id, x.element_id) for x in c.previous]),
        )

    @rule(index=st.integers(0, 9), expected=TEXT, edit=st.none() | TEXT, delete=st.booleans())
    def review_points(self, index: int, expected: str, edit: str | None, delete: bool) -> None:
        aid, planning = self.action(index), self.services.planning
        if aid is None:
            return
        added = self.run(
            lambda: planning.add_review_point(aid, ReviewPointFields(expected=expected)),
            lambda c: lambda: planning.delete_review_point(c.previous.id),
        )
        assert added is not None
        point = added.previous.id
        if edit is not None:
            self.run(
                lambda: planning.update_review_point(point, achieved=edit),
                lambda c: lambda: planning.update_review_point(point, achieved=c.previous.achieved),
            )
        if delete:
            self.run(
                lambda: planning.delete_review_point(point),
                lambda c: lambda: planning.restore_review_point(c.previous),
            )

    @rule(which=st.integers(0, 2), level=st.sampled_from(LEVELS), index=st.integers(0, 5))
    def choose_approach(self, which: int, level: int, index: int) -> None:
        planning, wid, eid = self.services.planning, self.wid, self.elements[which]
        count = len(self.services.framework.element(eid).detail.levels[level - 1].approaches)
        self.run(
            lambda: planning.choose_approach(wid, eid, level, index % count),
            lambda c: lambda: planning.unchoose_approach(c.previous.id),
        )

    @precondition(lambda self: bool(self.live.approaches))
    @rule(index=st.integers(0, 9))
    def unchoose_approach(self, index: int) -> None:
        planning = self.services.planning
        chosen = self.live.approaches[index % len(self.live.approaches)].id
        self.run(lambda: planning.unchoose_approach(chosen), lambda c: lambda: planning.restore_approach(c.previous))

    # -- participants -----------------------------------------------------------------------------------

    @rule(name=TEXT.filter(str.strip), sector=SECTORS)
    def add_participant(self, name: str, sector: str) -> None:
        people = self.services.participants
        self.run(
            lambda: people.add(self.wid, {"display_name": name, "sector": sector}),
            lambda c: lambda: people.remove(c.previous.id),
        )

    @precondition(lambda self: len(self.live.participants) > 1)
    @rule(who=st.integers(0, 9))
    def remove_participant(self, who: int) -> None:
        pid, people = self.person(who), self.services.participants
        self.run(lambda: people.remove(pid), lambda c: lambda: people.restore(pid))

    @rule(who=st.integers(0, 9), sector=SECTORS)
    def change_sector(self, who: int, sector: str) -> None:
        pid, people = self.person(who), self.services.participants
        if pid is None:
            return
        record = next(p for p in self.live.participants if p.id == pid)
        self.run(
            lambda: people.update(pid, record.fields().model_dump() | {"sector": sector}),
            lambda c: lambda: people.update(pid, c.previous.fields()),
        )

    # -- undo ------------------------------------------------------------------------------------------

    @precondition(lambda self: bool(self.undo))
    @rule()
    def undo_last(self) -> None:
        self.run(self.undo.pop())

    @invariant()
    def results_are_what_a_full_computation_gives(self) -> None:
        live = self.live
        full = compute_results(
            self.services.framework,
            {str(p.id): live.scores[p.id] for p in live.participants},
            {str(p.id): p.sector for p in live.participants},
            {e: r.level for e, r in live.agreed.items()},
            divergence_range=live.workshop.divergence_range,
        )
        assert live.results == full


def test_random_use_cases_and_undo_keep_the_live_state_equal_to_a_fresh_load(services) -> None:
    machine = type("Machine", (WorkshopMachine,), {"services": services})
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=12,
            stateful_step_count=25,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            # Every step reads the database twice: shrinking a failure would outlast the test's
            # timeout, and 25 steps printed as they ran are readable enough.
            phases=[Phase.explicit, Phase.reuse, Phase.generate],
        ),
    )


@pytest.mark.parametrize("bad", [{"x": 1}, {"priority": 0}, {"target_level": 7}])
def test_a_refused_plan_is_no_change(services, demo_id, bad) -> None:
    driver = services.framework.drivers[0].id
    live = LiveWorkshop.load(services, demo_id)
    with pytest.raises(ServiceError):
        services.planning.set_driver_plans(demo_id, {driver: bad})
    assert live == LiveWorkshop.load(services, demo_id)
