"""Last time's commitments: a follow-up reviews the previous workshop's actions and carries
the unfinished ones forward, keeping their history across workshops.

A series of three workshops made through the services: three actions of the first are
reviewed at the second (done, partly, not started) and a fourth dropped; the unfinished
ones are carried into the second, one of those is reviewed at the third and carried again.
Every expected value below is written out by hand.
"""

from __future__ import annotations

import datetime as dt

import pytest

from jcs_desktop.services import NotFound, ServiceError
from jcs_desktop.services.dto import ReviewPointRecord

TRUST = "building-partnerships.trust"
OPENNESS = "building-partnerships.openness"
LINKS = "encouraging-innovation.links"
MIX = "maximising-use-of-resources.mix"


@pytest.fixture
def series(services):
    """Three workshops of one partnership, each a follow-up of the one before; four actions in the first."""
    first = services.workshops.create(
        {"title": "Spring 2026", "partnership": "Northbridge", "date": dt.date(2026, 3, 10)}
    ).previous
    planning = services.planning
    shared = planning.create_action(
        first.id,
        {
            "achieve": "One shared picture of demand",
            "so_that": "we commission for what people need",
            "by_when": dt.date(2026, 9, 30),
            "involving": "Council, NHS, providers",
            "how_critical": "Very",
            "resources": "An analyst, two days a month",
            "purpose": "Agree one data set",
            "lead": "Ann Lee",
            "support": "Finance: the spend figures",
            "difference": "Everyone using the same numbers",
        },
        steps=["Agree the fields", "Collect a quarter's figures"],
        links=[("building-partnerships", TRUST), ("maximising-use-of-resources", MIX)],
    ).previous
    planning.add_review_point(
        shared.id, {"date": dt.date(2026, 6, 1), "expected": "Fields agreed", "achieved": "Agreed"}
    )
    forum = planning.create_action(
        first.id, {"achieve": "A providers' forum"}, links=[("building-partnerships", OPENNESS)]
    ).previous
    pilot = planning.create_action(
        first.id, {"achieve": "Pilot a joint contract", "lead": "Raj"}, steps=["Pick a service"]
    ).previous
    dropped = planning.create_action(
        first.id, {"achieve": "A newsletter"}, links=[("encouraging-innovation", LINKS)]
    ).previous
    second = services.workshops.duplicate_as_follow_up(first.id, "Autumn 2026").previous
    services.workshops.update(second.id, {**second.fields().model_dump(), "date": dt.date(2026, 10, 20)})
    third = services.workshops.duplicate_as_follow_up(second.id, "Spring 2027").previous
    return {
        "first": first.id,
        "second": second.id,
        "third": third.id,
        "shared": shared.id,
        "forum": forum.id,
        "pilot": pilot.id,
        "dropped": dropped.id,
    }


def test_reviews_at_the_follow_up_are_review_points_of_the_delivery_plan(services, series) -> None:
    planning, second = services.planning, series["second"]
    changes = planning.review_action(series["shared"], second, "done", "Data set in use", "Start with finance")
    # The record names last time's action, in last time's workshop.
    assert changes.workshop_id == series["first"]
    assert list(changes.actions) == [series["shared"]]
    assert changes.previous is None  # new: undo deletes it
    points = changes.actions[series["shared"]].review_points
    # The delivery plan's own row first, the review after it, dated the follow-up's date.
    assert [(p.position, p.date, p.expected, p.achieved, p.learning, p.status, p.workshop_id) for p in points] == [
        (0, dt.date(2026, 6, 1), "Fields agreed", "Agreed", "", None, None),
        (1, dt.date(2026, 10, 20), "", "Data set in use", "Start with finance", "done", second),
    ]
    planning.review_action(series["forum"], second, "partly", "Met twice")
    planning.review_action(series["pilot"], second, "not-started", learning="No one owned it")
    planning.review_action(series["dropped"], second, "dropped", learning="Nobody read it")

    # Reviewing again changes the same review point; previous is what it was.
    again = planning.review_action(series["forum"], second, "partly", "Met three times", "Invite care homes")
    before = again.previous
    assert isinstance(before, ReviewPointRecord)
    assert (before.achieved, before.learning, before.status) == ("Met twice", "", "partly")
    forum_points = planning.action(series["forum"]).review_points
    assert [(p.id, p.achieved, p.learning, p.status) for p in forum_points] == [
        (before.id, "Met three times", "Invite care homes", "partly")
    ]
    # Undo data puts it back through the ordinary review-point use case.
    planning.update_review_point(before.id, achieved=before.achieved, learning=before.learning, status=before.status)
    assert planning.action(series["forum"]).review_points[0].achieved == "Met twice"

    found = planning.commitments(second)
    assert [(c.action.achieve, c.status, c.review.achieved if c.review else None) for c in found] == [
        ("One shared picture of demand", "done", "Data set in use"),
        ("A providers' forum", "partly", "Met twice"),
        ("Pilot a joint contract", "not-started", ""),
        ("A newsletter", "dropped", ""),
    ]
    assert [c.carried_forward_id for c in found] == [None, None, None, None]
    assert [c.can_carry_forward for c in found] == [False, True, True, False]
    # The first workshop follows none; the third's previous workshop has no actions yet.
    assert planning.commitments(series["first"]) == []
    assert planning.commitments(series["third"]) == []


def test_a_review_with_no_workshop_date_is_dated_today(services, series) -> None:
    third = series["third"]
    action = services.planning.create_action(series["second"], {"achieve": "Later"}).previous
    changes = services.planning.review_action(action.id, third, None, "Begun", today=dt.date(2027, 4, 2))
    point = changes.actions[action.id].review_points[-1]
    assert (point.date, point.status, point.achieved, point.workshop_id) == (dt.date(2027, 4, 2), None, "Begun", third)


def test_carried_forward_actions_keep_their_history(services, series) -> None:
    planning, second, third = services.planning, series["second"], series["third"]
    planning.review_action(series["shared"], second, "done")
    planning.review_action(series["forum"], second, "partly", "Met twice")
    planning.review_action(series["pilot"], second, "not-started")
    planning.review_action(series["dropped"], second, "dropped")
    own = planning.create_action(second, {"achieve": "A new aim of the autumn"}).previous  # place 1

    carried = planning.carry_forward(series["forum"], second)
    forum2 = carried.previous
    assert carried.workshop_id == second and list(carried.actions) == [forum2.id]
    assert carried.actions[forum2.id] == forum2
    assert (forum2.workshop_id, forum2.position, forum2.carried_from_action_id) == (second, 2, series["forum"])
    assert forum2.achieve == "A providers' forum"
    assert [(link.driver_id, link.element_id) for link in forum2.links] == [("building-partnerships", OPENNESS)]
    assert forum2.review_points == []  # a delivery plan of its own; the old one stays with the old action

    pilot2 = planning.carry_forward(series["pilot"], second).previous
    assert (pilot2.position, pilot2.achieve, pilot2.lead, pilot2.steps) == (
        3,
        "Pilot a joint contract",
        "Raj",
        ["Pick a service"],
    )
    # Every field is copied, "by when" included (even past: the walk-through flags it).
    shared2 = planning.carry_forward(series["shared"], second).previous
    shared = planning.action(series["shared"])
    assert shared2.fields() == shared.fields()
    assert shared2.by_when == dt.date(2026, 9, 30)
    assert shared2.steps == ["Agree the fields", "Collect a quarter's figures"]
    assert [(link.driver_id, link.element_id) for link in shared2.links] == [
        ("building-partnerships", TRUST),
        ("maximising-use-of-resources", MIX),
    ]
    assert [a.id for a in planning.actions(second)] == [own.id, forum2.id, pilot2.id, shared2.id]

    found = planning.commitments(second)
    assert [(c.action.id, c.carried_forward_id, c.can_carry_forward) for c in found] == [
        (series["shared"], shared2.id, False),
        (series["forum"], forum2.id, False),
        (series["pilot"], pilot2.id, False),
        (series["dropped"], None, False),
    ]

    # At the third workshop, the forum (carried into the second) is reviewed and carried again.
    planning.review_action(forum2.id, third, "partly", "Meets monthly")
    forum3 = planning.carry_forward(forum2.id, third).previous
    assert (forum3.workshop_id, forum3.position, forum3.carried_from_action_id) == (third, 1, forum2.id)
    at_third = planning.commitments(third)
    assert [(c.action.achieve, c.status, c.carried_forward_id) for c in at_third] == [
        ("A new aim of the autumn", None, None),
        ("A providers' forum", "partly", forum3.id),
        ("Pilot a joint contract", None, None),
        ("One shared picture of demand", None, None),
    ]

    history = planning.action_history(forum3.id)
    assert [(a.id, a.workshop_id) for a in history] == [
        (series["forum"], series["first"]),
        (forum2.id, second),
        (forum3.id, third),
    ]
    # Each step of the chain keeps its own reviews.
    assert [[(p.status, p.achieved, p.workshop_id) for p in a.review_points] for a in history] == [
        [("partly", "Met twice", second)],
        [("partly", "Meets monthly", third)],
        [],
    ]
    assert [a.id for a in planning.action_history(series["dropped"])] == [series["dropped"]]


def test_an_action_is_carried_forward_once_into_a_workshop(services, series) -> None:
    planning, second = services.planning, series["second"]
    copy = planning.carry_forward(series["pilot"], second).previous
    with pytest.raises(ServiceError, match="already carried forward into “Autumn 2026”"):
        planning.carry_forward(series["pilot"], second)
    assert len(planning.actions(second)) == 1
    # Undoing the carry forward (deleting the copy) allows it again.
    gone = planning.delete_action(copy.id)
    assert gone.actions == {copy.id: None}
    assert planning.commitments(second)[2].carried_forward_id is None
    again = planning.carry_forward(series["pilot"], second).previous
    assert again.id != copy.id and planning.commitments(second)[2].carried_forward_id == again.id


def test_only_the_workshop_that_follows_can_review_or_carry_forward(services, series) -> None:
    planning = services.planning
    other = services.workshops.create({"title": "Elsewhere"}).previous
    refused = "“Spring 2027” does not follow “Spring 2026”"
    # The third follows the second, not the first: it cannot review the first's actions.
    with pytest.raises(ServiceError, match=refused):
        planning.review_action(series["shared"], series["third"], "done")
    with pytest.raises(ServiceError, match=refused):
        planning.carry_forward(series["shared"], series["third"])
    with pytest.raises(ServiceError, match="“Elsewhere” does not follow"):
        planning.review_action(series["shared"], other.id, "done")
    with pytest.raises(ServiceError, match="“Spring 2026” does not follow"):
        planning.review_action(series["shared"], series["first"], "done")
    with pytest.raises(NotFound):
        planning.review_action(series["shared"], 999_999, "done")
    with pytest.raises(NotFound):
        planning.carry_forward(999_999, series["second"])
    # A removed follow-up reviews nothing.
    services.workshops.delete(series["second"])
    with pytest.raises(NotFound):
        planning.review_action(series["shared"], series["second"], "done")
    # With the second removed, the third follows the first (as the series passes over it).
    services.planning.review_action(series["shared"], series["third"], "done")
    assert planning.commitments(series["third"])[0].status == "done"
    assert planning.action(series["shared"]).review_points[-1].workshop_id == series["third"]


def test_a_status_is_one_of_four(services, series) -> None:
    planning, second = services.planning, series["second"]
    with pytest.raises(
        ServiceError, match="status is one of “done”, “partly”, “not-started”, “dropped”, not 'finished'"
    ):
        planning.review_action(series["shared"], second, "finished")
    with pytest.raises(ServiceError, match="status"):
        planning.add_review_point(series["shared"], {"status": "half"})
    point = planning.action(series["shared"]).review_points[0]
    with pytest.raises(ServiceError, match="status"):
        planning.update_review_point(point.id, status="Done")
    assert planning.action(series["shared"]).review_points == [point]
    assert planning.commitments(second)[0].review is None
    # The database refuses one too, whatever writes it.
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), services.db.session() as s:
        s.execute(text("UPDATE review_points SET status = 'finished' WHERE id = :id"), {"id": point.id})
    assert planning.action(series["shared"]).review_points == [point]


def test_a_deleted_review_point_comes_back_with_its_status_and_workshop(services, series) -> None:
    planning, second = services.planning, series["second"]
    review = planning.review_action(series["forum"], second, "partly", "Met twice").actions[series["forum"]]
    point = review.review_points[0]
    removed = planning.delete_review_point(point.id).previous
    assert planning.commitments(second)[1].review is None
    planning.restore_review_point(removed)
    assert planning.commitments(second)[1].review == point
    assert (point.status, point.workshop_id) == ("partly", second)


def test_exclude_from_benchmarks(services, series) -> None:
    first = series["first"]
    assert services.workshops.get(first).exclude_from_benchmarks is False
    changes = services.workshops.set_exclude_from_benchmarks(first, True)
    assert changes.previous is False
    assert changes.workshop is not None and changes.workshop.exclude_from_benchmarks is True
    assert services.workshops.get(first).exclude_from_benchmarks is True
    # A follow-up starts counted, whatever its predecessor.
    assert services.workshops.duplicate_as_follow_up(first).previous.exclude_from_benchmarks is False
    assert services.workshops.set_exclude_from_benchmarks(first, False).previous is True
    with pytest.raises(ServiceError):
        services.workshops.set_exclude_from_benchmarks(first, "yes")  # type: ignore[arg-type]
