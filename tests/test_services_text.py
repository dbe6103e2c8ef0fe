"""Every text field at the service boundary: control characters removed, lengths bounded, clear refusals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jcs_desktop.services import ServiceError
from jcs_desktop.services.text import LONG, MAX_STEPS, NAME, SECTOR, SHORT, strip_controls

ELEMENT = "building-partnerships.trust"
DRIVER = "building-partnerships"
DIRTY = "a\x00b\x01c\x07\td\r\ne\x1b[0mf\x7f\x85g\ud800h"
CLEAN = "abc\td\ne[0mfgh"


@dataclass
class Ids:
    workshop: int
    participant: int
    action: int
    review: int


@pytest.fixture
def ids(services) -> Ids:
    workshop = services.workshops.create({"title": "Text"}).previous.id
    participant = services.participants.add(workshop, {"display_name": "Ann"}).previous.id
    services.scores.set_score(participant, ELEMENT, 2)
    services.scores.set_agreed(workshop, ELEMENT, 2)
    action = services.planning.create_action(workshop, {"achieve": "x"}, steps=["first"]).previous.id
    review = services.planning.add_review_point(action, {"expected": "y"}).previous.id
    return Ids(workshop, participant, action, review)


@dataclass(frozen=True)
class Field:
    name: str
    limit: int
    write: Callable[[object, Ids, str], object]
    read: Callable[[object, Ids], str]


def _workshop(field: str) -> Field:
    def write(svc, ids: Ids, text: str) -> None:
        current = svc.workshops.get(ids.workshop).fields().model_dump()
        svc.workshops.update(ids.workshop, {**current, field: text})

    limit = LONG if field == "notes" else NAME
    return Field(f"workshop {field}", limit, write, lambda svc, ids: getattr(svc.workshops.get(ids.workshop), field))


def _participant(field: str) -> Field:
    def write(svc, ids: Ids, text: str) -> None:
        current = svc.participants.get(ids.participant).fields().model_dump()
        svc.participants.update(ids.participant, {**current, field: text})

    limit = SECTOR if field == "sector" else NAME
    return Field(
        f"participant {field}", limit, write, lambda svc, ids: getattr(svc.participants.get(ids.participant), field)
    )


def _action(field: str) -> Field:
    return Field(
        f"action {field}",
        SHORT,
        lambda svc, ids, text: svc.planning.update_action(ids.action, **{field: text}).previous,
        lambda svc, ids: getattr(svc.planning.action(ids.action), field),
    )


def _review(field: str) -> Field:
    return Field(
        f"review point {field}",
        SHORT,
        lambda svc, ids, text: svc.planning.update_review_point(ids.review, **{field: text}).previous,
        lambda svc, ids: getattr(svc.planning.action(ids.action).review_points[0], field),
    )


FIELDS = [
    *(_workshop(f) for f in ("title", "partnership", "locality", "venue", "facilitator", "notes")),
    *(_participant(f) for f in ("display_name", "organisation", "sector", "role")),
    *(
        _action(f)
        for f in ("achieve", "so_that", "involving", "how_critical", "resources", "purpose", "lead", "support")
    ),
    _action("difference"),
    *(_review(f) for f in ("expected", "achieved", "learning")),
    Field(
        "rationale",
        LONG,
        lambda svc, ids, text: svc.scores.set_agreed(ids.workshop, ELEMENT, rationale=text).previous,
        lambda svc, ids: svc.scores.get_agreed(ids.workshop, ELEMENT).rationale,
    ),
    Field(
        "reservation note",
        LONG,
        lambda svc, ids, text: svc.scores.set_agreed(ids.workshop, ELEMENT, reservation_note=text).previous,
        lambda svc, ids: svc.scores.get_agreed(ids.workshop, ELEMENT).reservation_note,
    ),
    Field(
        "participant's note",
        SHORT,
        lambda svc, ids, text: svc.scores.set_note(ids.participant, ELEMENT, text).previous,
        lambda svc, ids: svc.scores.notes_for_participant(ids.participant).get(ELEMENT, ""),
    ),
    Field(
        "improvement target",
        SHORT,
        lambda svc, ids, text: svc.planning.set_driver_plan(ids.workshop, DRIVER, improvement_target=text).previous,
        lambda svc, ids: svc.planning.driver_plans(ids.workshop)[DRIVER].improvement_target,
    ),
    Field(
        "detailed-assessment notes",
        LONG,
        lambda svc, ids, text: svc.planning.set_detailed(ids.workshop, ELEMENT, notes=text).previous,
        lambda svc, ids: svc.planning.detailed(ids.workshop)[ELEMENT].notes,
    ),
    Field(
        "step",
        SHORT,
        lambda svc, ids, text: svc.planning.set_steps(ids.action, [text]).previous,
        lambda svc, ids: svc.planning.action(ids.action).steps[0],
    ),
    Field(
        "sector name",
        SECTOR,
        lambda svc, ids, text: svc.participants.set_sectors([text]).previous,
        lambda svc, ids: svc.participants.sectors()[0],
    ),
]


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.name)
def test_control_characters_are_removed_and_tabs_and_newlines_kept(services, ids: Ids, field: Field) -> None:
    field.write(services, ids, DIRTY)
    assert field.read(services, ids) == CLEAN


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.name)
def test_text_over_its_limit_is_refused_clearly_and_nothing_changes(services, ids: Ids, field: Field) -> None:
    field.write(services, ids, "before")
    with pytest.raises(ServiceError, match=rf"too long \({field.limit + 1:,} characters\); at most {field.limit:,}"):
        field.write(services, ids, "é" * (field.limit + 1))
    assert field.read(services, ids) == "before"
    # Exactly at the limit is fine, and what the limit counts is what is stored.
    field.write(services, ids, " " + "\x00" * 5 + "é" * field.limit + "\x00 ")
    assert field.read(services, ids) == "é" * field.limit


def test_new_records_are_cleaned_and_bounded_too(services, ids: Ids) -> None:
    created = services.workshops.create({"title": "W\x00orkshop", "notes": "n\x00"}).previous
    assert (created.title, created.notes) == ("Workshop", "n")
    person = services.participants.add_many(ids.workshop, [{"display_name": "Bo\x00b"}]).previous[0]
    assert person.display_name == "Bob"
    action = services.planning.create_action(ids.workshop, {"lead": "L\x00"}, steps=["s\x00", " ", "t"]).previous
    assert (action.lead, action.steps) == ("L", ["s", "t"])
    chosen = services.planning.choose_approach(ids.workshop, ELEMENT, 2, text="own\x00 idea").previous
    assert chosen.text == "own idea"
    before = len(services.planning.actions(ids.workshop))
    with pytest.raises(ServiceError, match="step 2 is too long"):
        services.planning.create_action(ids.workshop, steps=["ok", "x" * (SHORT + 1)])
    with pytest.raises(ServiceError, match=f"at most {MAX_STEPS} steps"):
        services.planning.create_action(ids.workshop, steps=["s"] * (MAX_STEPS + 1))
    with pytest.raises(ServiceError, match="too long"):
        services.planning.choose_approach(ids.workshop, ELEMENT, 2, text="x" * (SHORT + 1))
    with pytest.raises(ServiceError, match="too long"):
        services.workshops.create({"title": "x" * (NAME + 1)})
    assert len(services.planning.actions(ids.workshop)) == before
    assert [w.title for w in services.workshops.list("\x00Work")] == ["Workshop"]


def test_a_follow_up_of_a_title_at_its_limit_still_fits(services) -> None:
    source = services.workshops.create({"title": "t" * NAME}).previous
    copy = services.workshops.duplicate_as_follow_up(source.id).previous
    assert len(copy.title) <= NAME and copy.title.endswith(" (follow-up)")
    with pytest.raises(ServiceError, match="title is too long"):
        services.workshops.duplicate_as_follow_up(source.id, "x" * (NAME + 1))
    assert services.workshops.duplicate_as_follow_up(source.id, "Next\x00 round").previous.title == "Next round"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=40))
def test_any_text_is_stored_as_cleaned_or_refused_never_a_crash(services, ids: Ids, text: str) -> None:
    services.scores.set_agreed(ids.workshop, ELEMENT, rationale=text)
    stored = services.scores.get_agreed(ids.workshop, ELEMENT).rationale
    assert stored == str(strip_controls(text)).strip()
    assert not any(ord(c) < 32 and c not in "\t\n" for c in stored)
