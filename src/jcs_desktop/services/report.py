"""Plain-data views of a workshop's results, shared by the CLI's JSON and the exports."""

from __future__ import annotations

from jcs_desktop.services import Services


def results_document(services: Services, workshop_id: int) -> dict[str, object]:
    """The computed results of a workshop as JSON-ready data."""
    workshop = services.workshops.get(workshop_id)
    results = services.scores.results(workshop_id)
    agreed = services.scores.agreed_for_workshop(workshop_id)
    fw = services.framework
    names = results.level_names
    drivers = []
    for driver, dres in zip(fw.drivers, results.drivers, strict=True):
        entry = dres.to_dict(names)
        entry["elements"] = [
            {
                "id": e.id,
                "title": e.title,
                "agreed_level": agreed[e.id].level if e.id in agreed else None,
                "agreed_level_name": names[agreed[e.id].level - 1] if e.id in agreed else None,
                "rationale": agreed[e.id].rationale if e.id in agreed else "",
                "with_reservations": agreed[e.id].with_reservations if e.id in agreed else False,
                "statistics": results.elements[e.id].to_dict(),
            }
            for e in driver.elements
        ]
        drivers.append(entry)
    return {
        "workshop": {
            "id": workshop.id,
            "uuid": workshop.uuid,
            "title": workshop.title,
            "partnership": workshop.partnership,
            "date": workshop.date.isoformat() if workshop.date else None,
            "route": workshop.route,
            "participants": len(services.participants.list(workshop_id)),
        },
        "levels": names,
        "drivers": drivers,
    }
