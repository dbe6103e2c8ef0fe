"""A realistic demo workshop, for trying the application and for screenshots.

People, organisations and texts come from ``resources/demo/workshop.json``; the
scores are drawn from a fixed random seed so every demo is the same: each sector
leans higher or lower per driver, which gives the reconciliation something to show.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics

from jcs_desktop.paths import resources_dir
from jcs_desktop.services import Services
from jcs_desktop.services.changes import Changes
from jcs_desktop.services.dto import ReviewPointFields, WorkshopFields


def _months_from(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    return dt.date(year, month % 12 + 1, min(day.day, 28))


SERIES_STEP = 0.45
"""How much lower each earlier workshop of a demo series scores, per driver (a partnership that improves)."""


def _spec() -> dict:
    return json.loads((resources_dir() / "demo" / "workshop.json").read_text(encoding="utf-8"))


def create_demo_workshop(services: Services, *, today: dt.date | None = None, seed: int = 2003) -> Changes:
    """Create the demo workshop in one transaction; ``.previous`` is its id."""
    spec = _spec()
    with services.db.session():  # every use case below joins this one transaction
        changes = _create(services, spec, today or dt.date.today(), seed)
    return changes


def create_demo_series(
    services: Services, count: int = 3, *, today: dt.date | None = None, seed: int = 2003
) -> Changes:
    """A partnership's series of ``count`` demo workshops a year apart, the last dated ``today``,
    each following the one before and scoring a little higher; one transaction.

    ``.previous`` is the list of their ids, oldest first.
    """
    if not 1 <= count <= 10:
        raise ValueError("a demo series has 1 to 10 workshops")
    spec = _spec()
    today = today or dt.date.today()
    ids: list[int] = []
    with services.db.session():
        changes = Changes()
        for i in range(count):
            years_back = count - 1 - i
            day = dt.date(today.year - years_back, today.month, min(today.day, 28))
            title = f"{spec['workshop']['title']} {day.year}"
            # A follow-up's plan is what it carried forward from last time (reviewed below).
            made = _create(services, spec, day, seed, shift=-SERIES_STEP * years_back, title=title, actions=not ids)
            workshop_id = made.previous
            if ids:
                made |= services.series.set_follows(workshop_id, ids[-1])
                made |= _review(services, spec, ids[-1], workshop_id, round_=len(ids) - 1)
            ids.append(workshop_id)
            changes |= made
    return changes.with_previous(ids)


def _review(services: Services, spec: dict, previous_id: int, workshop_id: int, round_: int) -> Changes:
    """Review last time's actions at ``workshop_id`` as the demo's ``reviews`` say (round ``round_``)
    and carry forward those not done or dropped."""
    changes = Changes()
    reviews = {a["fields"]["achieve"]: a.get("reviews", []) for a in spec["actions"]}
    for action in services.planning.actions(previous_id):
        planned = reviews.get(action.achieve, [])
        if round_ >= len(planned):
            continue
        review = planned[round_]
        changes |= services.planning.review_action(
            action.id, workshop_id, review["status"], achieved=review["achieved"], learning=review["learning"]
        )
        if review["status"] in ("partly", "not-started"):
            changes |= services.planning.carry_forward(action.id, workshop_id)
    return changes


def _create(
    services: Services,
    spec: dict,
    today: dt.date,
    seed: int,
    *,
    shift: float = 0.0,
    title: str | None = None,
    actions: bool = True,
) -> Changes:
    rng = random.Random(seed)
    fw = services.framework
    k = fw.level_count

    details = {**spec["workshop"], **({"title": title} if title else {})}
    changes = services.workshops.create(WorkshopFields(**details, date=today))
    workshop = changes.previous
    changes |= services.participants.add_many(workshop.id, spec["participants"])
    people = changes.previous

    # Element "difficulty" shifts each element a little from its driver's base level.
    element_shift = {e.id: rng.uniform(-0.5, 0.5) for d in fw.drivers for e in d.elements}
    for person in people:
        bias = spec["sector_bias"].get(person.sector, 0.0)
        values: dict[str, int | str] = {}
        for driver in fw.drivers:
            base = spec["driver_base"].get(driver.id, 2.0) + shift
            for element in driver.elements:
                raw = base + bias + element_shift[element.id] + rng.gauss(0, 0.55)
                values[element.id] = min(k, max(1, round(raw)))
        # One honest "not sure" from a service-user representative, as happens in the room.
        if person.sector == "Service user or carer":
            values[fw.drivers[4].elements[3].id] = "not-sure"
        changes |= services.scores.set_many(person.id, values)

    individual = services.scores.scores_for_workshop(workshop.id)
    rationales = spec["rationales"]
    for i, element_id in enumerate(fw.element_ids()):
        levels = [s[element_id] for s in individual.values() if isinstance(s.get(element_id), int)]
        level = min(k, max(1, round(statistics.median(levels))))
        template = rationales[i % len(rationales)]
        reservations = max(levels) - min(levels) >= 3
        changes |= services.scores.set_agreed(
            workshop.id,
            element_id,
            level,
            rationale=template.format(level=level, level_name=fw.levels[level - 1].name),
            with_reservations=reservations,
            reservation_note=spec["reservation_note"] if reservations else "",
        )

    plans = {}
    for plan in spec["driver_plans"]:
        plans[plan["driver_id"]] = {k: plan[k] for k in ("improvement_target", "target_level", "priority")}
    changes |= services.planning.set_driver_plans(workshop.id, plans)

    for action in spec["actions"] if actions else ():
        fields = dict(action["fields"])
        fields["by_when"] = _months_from(today, fields.pop("by_when_months"))
        links = [(d, fw.driver(d).elements[idx].id) for d, idx in action["links"]]
        changes |= services.planning.create_action(workshop.id, fields, steps=action["steps"], links=links)
        record = changes.previous
        for point in action["review_points"]:
            point = dict(point)
            point_date = _months_from(today, point.pop("months"))
            changes |= services.planning.add_review_point(record.id, ReviewPointFields(date=point_date, **point))
    return changes.with_previous(workshop.id)
