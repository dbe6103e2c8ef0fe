"""Plain-data views of a workshop's results, shared by the CLI's JSON and the exports."""

from __future__ import annotations

from jcs_desktop.services import Services
from jcs_desktop.services.live import LiveWorkshop


def results_document(services: Services, workshop_id: int, live: LiveWorkshop | None = None) -> dict[str, object]:
    """The computed results of a workshop as JSON-ready data (from one read, or from ``live``)."""
    live = live if live is not None else LiveWorkshop.load(services, workshop_id)
    workshop = live.workshop
    results = live.results
    agreed = live.agreed
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
            "participants": len(live.participants),
        },
        "levels": names,
        "drivers": drivers,
    }
