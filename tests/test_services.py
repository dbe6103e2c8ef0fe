"""The use cases shared by GUI and CLI: validation, undo-friendly setters, results."""

from __future__ import annotations

import datetime as dt

import pytest

from jcs_desktop.domain.scoring import NOT_SURE
from jcs_desktop.services import NotFound, ServiceError

TRUST = "building-partnerships.trust"


@pytest.fixture
def workshop(services):
    return services.workshops.create({"title": "Spring workshop", "partnership": "Northbridge"}).previous


@pytest.fixture
def person(services, workshop):
    return services.participants.add(workshop.id, {"display_name": "Ann Lee", "sector": "NHS"}).previous


def test_workshop_needs_a_title_and_a_known_route(services) -> None:
    with pytest.raises(ServiceError, match="title"):
        services.workshops.create({"title": "   "})
    with pytest.raises(ServiceError, match="route"):
        services.workshops.create({"title": "x", "route": "telepathy"})
    assert services.workshops.list() == []


def test_update_returns_the_previous_fields_for_undo(services, workshop) -> None:
    fields = workshop.fields().model_copy(update={"venue": "Town Hall"})
    before = services.workshops.update(workshop.id, fields).previous
    assert before.venue == "" and services.workshops.get(workshop.id).venue == "Town Hall"
    services.workshops.update(workshop.id, before.fields())
    assert services.workshops.get(workshop.id).venue == ""


def test_delete_hides_and_restore_brings_back(services, workshop, person) -> None:
    services.scores.set_score(person.id, TRUST, 2)
    services.workshops.delete(workshop.id)
    assert services.workshops.list() == []
    with pytest.raises(NotFound):
        services.workshops.get(workshop.id)
    services.workshops.restore(workshop.id)
    assert services.scores.get_score(person.id, TRUST) == 2


def test_list_counts_participants_and_progress_and_searches(services, workshop, person) -> None:
    services.workshops.create({"title": "Other", "partnership": "Southmoor"})
    services.scores.set_score(person.id, TRUST, 2)
    rows = {r.title: r for r in services.workshops.list()}
    assert rows["Spring workshop"].participants == 1
    assert rows["Spring workshop"].scored == 1 and rows["Spring workshop"].expected == 30
    assert [r.title for r in services.workshops.list("southm")] == ["Other"]


def test_participants_get_labels_and_soft_removal(services, workshop) -> None:
    people = services.participants.add_many(
        workshop.id, [{"display_name": "A"}, {"display_name": "B"}, {"display_name": "C"}]
    ).previous
    assert [p.anonymous_label for p in people] == ["P1", "P2", "P3"]
    services.participants.remove(people[1].id)
    assert [p.display_name for p in services.participants.list(workshop.id)] == ["A", "C"]
    new = services.participants.add(workshop.id, {"display_name": "D"}).previous
    assert new.anonymous_label == "P4"  # labels are never reused, so exports stay unambiguous
    services.participants.restore(people[1].id)
    assert [p.display_name for p in services.participants.list(workshop.id)] == ["A", "B", "C", "D"]


def test_add_many_is_all_or_nothing(services, workshop) -> None:
    with pytest.raises(ServiceError):
        services.participants.add_many(workshop.id, [{"display_name": "A"}, {"display_name": ""}])
    assert services.participants.list(workshop.id) == []


def test_scores_validate_and_return_the_previous_value(services, person) -> None:
    assert services.scores.set_score(person.id, TRUST, 3).previous is None
    assert services.scores.set_score(person.id, TRUST, NOT_SURE).previous == 3
    assert services.scores.get_score(person.id, TRUST) == NOT_SURE
    for bad in (0, 5, "x", 2.5):
        with pytest.raises(ServiceError):
            services.scores.set_score(person.id, TRUST, bad)
    with pytest.raises(ServiceError, match="unknown element"):
        services.scores.set_score(person.id, "building-partnerships.nope", 2)
    with pytest.raises(NotFound):
        services.scores.set_score(9999, TRUST, 2)
    assert services.scores.get_score(person.id, TRUST) == NOT_SURE
    assert services.scores.set_score(person.id, TRUST, None).previous == NOT_SURE
    assert services.scores.scores_for_participant(person.id) == {}


def test_note_needs_a_score_and_is_kept(services, person) -> None:
    with pytest.raises(ServiceError):
        services.scores.set_note(person.id, TRUST, "hmm")
    services.scores.set_score(person.id, TRUST, 2)
    services.scores.set_note(person.id, TRUST, "  depends on the area  ")
    assert services.scores.notes_for_participant(person.id) == {TRUST: "depends on the area"}


def test_set_many_is_validated_before_anything_is_written(services, person) -> None:
    with pytest.raises(ServiceError):
        services.scores.set_many(person.id, {TRUST: 2, "building-partnerships.openness": 7})
    assert services.scores.scores_for_participant(person.id) == {}


def test_agreed_partial_updates_and_restore(services, workshop) -> None:
    with pytest.raises(ServiceError):
        services.scores.set_agreed(workshop.id, TRUST, rationale="no level yet")
    assert services.scores.set_agreed(workshop.id, TRUST, 2, rationale="first").previous is None
    previous = services.scores.set_agreed(
        workshop.id, TRUST, with_reservations=True, reservation_note="Housing"
    ).previous
    assert previous.level == 2 and not previous.with_reservations
    now = services.scores.get_agreed(workshop.id, TRUST)
    assert now.level == 2 and now.rationale == "first" and now.with_reservations
    services.scores.restore_agreed(workshop.id, TRUST, previous)
    assert not services.scores.get_agreed(workshop.id, TRUST).with_reservations
    services.scores.restore_agreed(workshop.id, TRUST, None)
    assert services.scores.get_agreed(workshop.id, TRUST) is None
    with pytest.raises(ServiceError):
        services.scores.set_agreed(workshop.id, TRUST, 5)


def test_follow_up_keeps_partnership_and_people_but_no_scores(services, demo_id) -> None:
    copy = services.workshops.duplicate_as_follow_up(demo_id).previous
    assert copy.follows_workshop_id == demo_id
    assert copy.partnership == services.workshops.get(demo_id).partnership
    names = [p.display_name for p in services.participants.list(copy.id)]
    assert names == [p.display_name for p in services.participants.list(demo_id)]
    assert all(not s for s in services.scores.scores_for_workshop(copy.id).values())
    assert services.scores.agreed_for_workshop(copy.id) == {}


def test_pin(services, workshop) -> None:
    assert not services.workshops.check_pin(workshop.id, "1234")
    with pytest.raises(ServiceError):
        services.workshops.set_pin(workshop.id, "12")
    services.workshops.set_pin(workshop.id, "4321")
    assert services.workshops.get(workshop.id).has_pin
    assert services.workshops.check_pin(workshop.id, "4321")
    assert not services.workshops.check_pin(workshop.id, "1234")


def test_demo_results_agree_with_the_thresholds(services, demo_id) -> None:
    from jcs_desktop.domain.scoring import band_for

    results = services.scores.results(demo_id)
    assert len(results.drivers) == 6
    for driver, res in zip(services.framework.drivers, results.drivers, strict=True):
        assert res.agreed.total is not None
        assert res.agreed_band == band_for(res.agreed.total, driver.thresholds)
        assert res.individual_totals.n >= 10
    assert any(s.divergent for s in results.elements.values())


def test_actions_steps_links_order_and_soft_delete(services, workshop) -> None:
    plan = services.planning
    chosen = plan.choose_approach(workshop.id, TRUST, 2, 0).previous
    assert chosen.text == services.framework.element(TRUST).detail.levels[1].approaches[0]
    a = plan.create_action(workshop.id, {"achieve": "First"}, from_approaches=[chosen.id]).previous
    assert a.steps == [chosen.text] and a.links[0].element_id == TRUST
    b = plan.create_action(workshop.id, {"achieve": "Second"}, steps=["one", " ", "two"]).previous
    assert b.steps == ["one", "two"]
    assert plan.move_action(b.id, 0).previous == 1
    assert [x.achieve for x in plan.actions(workshop.id)] == ["Second", "First"]
    before = plan.update_action(a.id, by_when=dt.date(2020, 1, 1)).previous
    assert before.by_when is None
    assert "past-date" in plan.action(a.id).problems(dt.date(2026, 1, 1))
    with pytest.raises(ServiceError):
        plan.update_action(a.id, colour="red")
    plan.delete_action(a.id)
    assert [x.achieve for x in plan.actions(workshop.id)] == ["Second"]
    plan.restore_action(a.id)
    assert len(plan.actions(workshop.id)) == 2


def test_review_points_delete_and_restore(services, workshop) -> None:
    plan = services.planning
    action = plan.create_action(workshop.id, {"achieve": "X", "lead": "Sam"}).previous
    rp = plan.add_review_point(action.id, {"date": dt.date(2027, 1, 1), "expected": "Draft"}).previous
    plan.update_review_point(rp.id, achieved="Done")
    removed = plan.delete_review_point(rp.id).previous
    assert plan.action(action.id).review_points == []
    plan.restore_review_point(removed)
    points = plan.action(action.id).review_points
    assert points[0].id == rp.id and points[0].achieved == "Done"
    assert plan.action(action.id).problems(dt.date(2026, 1, 1)) == []


def test_driver_plan_setters(services, workshop) -> None:
    plan = services.planning
    before = plan.set_driver_plan(
        workshop.id, "understanding-the-market", priority=1, improvement_target="Data"
    ).previous
    assert before.priority is None
    plan.set_driver_plan(workshop.id, "encouraging-innovation", priority=2)
    assert plan.priority_drivers(workshop.id) == ["understanding-the-market", "encouraging-innovation"]
    with pytest.raises(ServiceError):
        plan.set_driver_plan(workshop.id, "no-such-driver", priority=1)
    with pytest.raises(ServiceError):
        plan.set_driver_plan(workshop.id, "encouraging-innovation", target_level=9)
    plan.restore_driver_plan(before)
    assert plan.priority_drivers(workshop.id) == ["encouraging-innovation"]


def test_review_point_added_after_a_deletion_goes_last(services, workshop) -> None:
    plan = services.planning
    action = plan.create_action(workshop.id, {"achieve": "X"}).previous
    first, second = (plan.add_review_point(action.id, {"expected": e}).previous for e in ("one", "two"))
    plan.delete_review_point(first.id)
    third = plan.add_review_point(action.id, {"expected": "three"}).previous
    assert third.position > second.position
    assert [rp.expected for rp in plan.action(action.id).review_points] == ["two", "three"]
