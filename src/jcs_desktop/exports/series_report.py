"""The series report for a partnership board: how a partnership moved over its workshops.

``build_series_report(services, workshop_id)`` -> ``SeriesReport`` (plain frozen data, read once),
written by ``pdf_series_report.write_series_pdf`` and ``xlsx_series_report.write_series_workbook``:
per driver its agreed total and band at each workshop, per element its agreed level at each
workshop, and every workshop's actions with the review the next workshop made of them and where
they were carried forward.

Decisions where the issue is silent:

- The workshops are the line of the series through the chosen workshop: from the first workshop
  of the series to the latest one that follows the chosen workshop (the chosen one itself when
  none follows it). Where a series splits (two follow-ups of one workshop), the line of the latest
  follow-up is taken; removed workshops are passed over, as everywhere in a series.
- A series of one workshop has no report: there is nothing to compare.
- The report lists no participants. Anonymised, every text typed in (actions, reviews) is
  cleaned of the names of everyone who took part in any workshop of the line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from jcs_desktop.domain.progress import level_history, total_history
from jcs_desktop.domain.scoring import driver_total
from jcs_desktop.exports.anonymise import Anonymiser
from jcs_desktop.exports.model import LevelInfo, format_date
from jcs_desktop.exports.model_series import status_text
from jcs_desktop.services.base import ServiceError


class NoSeries(ServiceError):
    """The workshop follows no other and none follows it."""


@dataclass(frozen=True)
class SeriesWorkshop:
    id: int
    title: str
    date: dt.date | None
    participants: int

    @property
    def label(self) -> str:
        """Short, for table columns and chart axes: 'Nov 2025', or the title when undated."""
        return f"{self.date:%b %Y}" if self.date else self.title


@dataclass(frozen=True)
class SeriesDriver:
    id: str
    title: str
    thresholds: tuple[tuple[int, int], ...]
    totals: tuple[int | None, ...]
    """The agreed total at each workshop, oldest first (None: not every element agreed)."""
    bands: tuple[int | None, ...]
    scored: tuple[int, ...]
    """Elements agreed at each workshop."""
    of: int
    targets: tuple[int | None, ...]
    """The target level set at each workshop."""

    @property
    def change(self) -> int | None:
        """From the first workshop to the last, in points (None unless both have a total)."""
        first, last = self.totals[0], self.totals[-1]
        return None if first is None or last is None else last - first


@dataclass(frozen=True)
class SeriesElement:
    id: str
    driver_id: str
    title: str
    levels: tuple[int | None, ...]

    @property
    def change(self) -> int | None:
        first, last = self.levels[0], self.levels[-1]
        return None if first is None or last is None else last - first


@dataclass(frozen=True)
class SeriesAction:
    workshop: int
    """Index of its workshop in ``SeriesReport.workshops``."""
    number: int
    """Its number in that workshop's action plan."""
    achieve: str
    links: tuple[str, ...]
    carried_from: tuple[int, int] | None
    """(workshop index, number) of the action it carries forward."""
    reviewed: bool
    """Whether the next workshop reviewed it (False also for the last workshop's actions)."""
    status: str | None
    achieved: str
    learning: str
    carried_to: int | None
    """Its number in the next workshop's plan when carried forward."""

    @property
    def status_text(self) -> str:
        return status_text(self.status)


@dataclass(frozen=True)
class SeriesReport:
    framework_title: str
    partnership: str
    locality: str
    workshops: tuple[SeriesWorkshop, ...]
    drivers: tuple[SeriesDriver, ...]
    elements: tuple[SeriesElement, ...]
    actions: tuple[SeriesAction, ...]
    levels: tuple[LevelInfo, ...]
    generated: dt.date
    anonymised: bool = False
    anonymisation_notice: str = ""
    achieved_heading: str = "Achieved"
    """The workbook's delivery-plan headings for what was achieved and the learning points."""
    learning_heading: str = "Learning"

    @property
    def title(self) -> str:
        return f"Series report: {self.partnership}" if self.partnership else "Series report"

    @property
    def span(self) -> str:
        """'4 workshops, 23 November 2024 to 23 November 2026'."""
        n = len(self.workshops)
        dates = [w.date for w in self.workshops if w.date]
        when = f", {format_date(dates[0])} to {format_date(dates[-1])}" if len(dates) > 1 else ""
        return f"{n} workshop{'s' if n != 1 else ''}{when}"

    def level_name(self, number: int | None) -> str:
        return self.levels[number - 1].name if number else ""

    def level_title(self, number: int | None) -> str:
        return f"{number}. {self.levels[number - 1].name}" if number else ""

    def file_stem(self) -> str:
        last = self.workshops[-1]
        stem = f"{self.partnership or last.title} series {last.date.isoformat() if last.date else ''}"
        stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", stem).strip(" .")
        return re.sub(r"\s+", " ", stem) or "series"


def series_line(services, workshop_id: int) -> list:
    """The series' line through ``workshop_id`` (``LastTime`` records, oldest first): see the module's decisions."""
    members = services.series.series(workshop_id)
    for candidate in reversed(members):
        history = services.series.series_history(candidate.id)
        if any(h.workshop is not None and h.workshop.id == workshop_id for h in history):
            return history
    return services.series.series_history(workshop_id)


def build_series_report(
    services,
    workshop_id: int,
    *,
    anonymise: bool = False,
    today: dt.date | None = None,
    seed: int | None = None,
) -> SeriesReport:
    """The series report of ``workshop_id``'s series. Raises ``NoSeries`` for a workshop on its own."""
    fw = services.framework
    line = series_line(services, workshop_id)
    if len(line) < 2:
        title = line[-1].workshop.title if line else f"workshop {workshop_id}"
        raise NoSeries(
            f"“{title}” is not part of a series: a series report needs a follow-up workshop "
            "(Duplicate as follow-up, or File > Attach to series…)."
        )
    people = {w.workshop.id: services.participants.list(w.workshop.id) for w in line}
    if anonymise:
        everyone = [(p.id, p.display_name) for ps in people.values() for p in ps]
        anonymiser = Anonymiser.for_people(everyone, seed=seed)
        clean = anonymiser.clean
    else:
        anonymiser = None

        def clean(text: str) -> str:
            return text

    workshops = tuple(
        SeriesWorkshop(h.workshop.id, clean(h.workshop.title), h.workshop.date, len(people[h.workshop.id]))
        for h in line
    )
    agreed = [h.agreed for h in line]
    totals = total_history(fw, agreed)
    drivers = tuple(
        SeriesDriver(
            id=d.id,
            title=d.title,
            thresholds=tuple((lo, hi) for lo, hi in d.thresholds),
            totals=tuple(t for t, _b in totals[d.id]),
            bands=tuple(b for _t, b in totals[d.id]),
            scored=tuple(driver_total(d, a).scored for a in agreed),
            of=len(d.elements),
            targets=tuple(h.targets().get(d.id) for h in line),
        )
        for d in fw.drivers
    )
    history = level_history(fw, agreed)
    elements = tuple(SeriesElement(e.id, d.id, e.title, tuple(history[e.id])) for d in fw.drivers for e in d.elements)

    def link_title(driver_id: str, element_id: str | None) -> str:
        try:
            title = fw.driver(driver_id).title
            return f"{title}: {fw.element(element_id).title}" if element_id else title
        except KeyError:
            return element_id or driver_id

    numbers = {a.id: (i, n) for i, h in enumerate(line) for n, a in enumerate(h.actions, start=1)}
    actions = []
    for i, h in enumerate(line):
        following = line[i + 1] if i + 1 < len(line) else None
        carried = {}
        if following is not None:
            carried = {
                a.carried_from_action_id: n
                for n, a in enumerate(following.actions, start=1)
                if a.carried_from_action_id
            }
        for n, a in enumerate(h.actions, start=1):
            review = None
            if following is not None:
                review = next((rp for rp in a.review_points if rp.workshop_id == following.workshop.id), None)
            actions.append(
                SeriesAction(
                    workshop=i,
                    number=n,
                    achieve=clean(a.achieve),
                    links=tuple(link_title(link.driver_id, link.element_id) for link in a.links),
                    carried_from=numbers.get(a.carried_from_action_id) if a.carried_from_action_id else None,
                    reviewed=review is not None,
                    status=review.status if review is not None else None,
                    achieved=clean(review.achieved) if review is not None else "",
                    learning=clean(review.learning) if review is not None else "",
                    carried_to=carried.get(a.id),
                )
            )
    last = line[-1].workshop
    headings = {col.key: col.heading for col in fw.action_planning.delivery_plan_columns}
    notice = ""
    if anonymiser is not None:
        found = anonymiser.replacements
        notice = (
            "Anonymised: the report lists no participants, and every text typed in (actions, reviews) was checked "
            "for the names of everyone who took part in any of these workshops, which were replaced by labels "
            f"({found} mention{'s' if found != 1 else ''} found)."
        )
    return SeriesReport(
        framework_title=fw.title,
        partnership=clean(last.partnership),
        locality=clean(last.locality),
        workshops=workshops,
        drivers=drivers,
        elements=elements,
        actions=tuple(actions),
        levels=tuple(LevelInfo(lv.number, lv.name, lv.description) for lv in fw.levels),
        generated=today or dt.date.today(),
        anonymised=anonymise,
        anonymisation_notice=notice,
        achieved_heading=headings.get("achieved", "Achieved"),
        learning_heading=headings.get("learning", "Learning"),
    )


__all__ = [
    "NoSeries",
    "SeriesAction",
    "SeriesDriver",
    "SeriesElement",
    "SeriesReport",
    "SeriesWorkshop",
    "build_series_report",
    "series_line",
]
