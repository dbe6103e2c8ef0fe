"""One plain, frozen picture of a workshop, built once and shared by every export.

``build_report`` takes everything the Excel workbook and the PDF report show from a
``LiveWorkshop`` (loaded in one read transaction when none is given; its statistics are
computed once), applies anonymisation here and only here, and returns plain frozen data.
Writers never query the database, so they can run on a worker thread while the GUI keeps
using the services, and the workbook and the report never disagree.

Anonymisation (see ``exports/anonymise.py``): participants' names become labels (P1,
P2, ...) handed out in a random order, organisations, roles and participants' notes are
dropped, every part of a participant's name found in what users typed (rationales, actions,
review points, notes...) is replaced by the label, and sectors with fewer than
``MIN_SECTOR_SIZE`` participants are merged into "Other" so that nobody can be picked out by
sector. The workbook's own text is never touched.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from jcs_desktop.domain.scoring import NOT_SURE, Distribution, ElementStats, Score, is_level, sector_stats
from jcs_desktop.exports.anonymise import Anonymiser, describe, workbook_texts
from jcs_desktop.exports.model_detailed import ChosenApproach, DetailedDriver, DetailedElement, build_detailed
from jcs_desktop.exports.model_series import Comparison, SinceLastTime, build_comparison, build_since_last_time
from jcs_desktop.services.live import LiveWorkshop

MIN_SECTOR_SIZE = 3
OTHER_SECTOR = "Other"
NO_SECTOR = "(no sector)"


@dataclass(frozen=True)
class Heading:
    key: str
    heading: str
    prompt: str = ""


@dataclass(frozen=True)
class LevelInfo:
    number: int
    name: str
    description: str


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    """The display name, or the anonymous label in an anonymised report."""
    label: str
    organisation: str
    sector: str
    role: str
    scores: Mapping[str, Score]
    """element id -> level, NOT_SURE, or None."""
    notes: Mapping[str, str] = field(default_factory=dict)
    """element id -> the participant's note; always empty in an anonymised report (a note may identify)."""
    uuid: str = ""
    """The identity unique across databases (entry templates); empty in an anonymised report."""


@dataclass(frozen=True)
class SectorStat:
    sector: str
    n: int
    mean: float | None
    min: int | None
    max: int | None


@dataclass(frozen=True)
class ElementRow:
    id: str
    driver_id: str
    title: str
    descriptors: tuple[str, ...]
    agreed: int | None
    rationale: str
    with_reservations: bool
    reservation_note: str
    stats: ElementStats
    """The element's statistics; per sector by the report's sectors (merged when anonymised)."""

    @property
    def agreed_descriptor(self) -> str:
        return self.descriptors[self.agreed - 1] if self.agreed else ""

    # The figures the writers show, straight from the domain's statistics.

    @property
    def n(self) -> int:
        return self.stats.overall.n

    @property
    def mean(self) -> float | None:
        return self.stats.overall.mean

    @property
    def median(self) -> float | None:
        return self.stats.overall.median

    @property
    def min(self) -> int | None:
        return self.stats.overall.min

    @property
    def max(self) -> int | None:
        return self.stats.overall.max

    @property
    def range(self) -> int | None:
        return self.stats.overall.range

    @property
    def stdev(self) -> float | None:
        return self.stats.overall.stdev

    @property
    def counts(self) -> Mapping[int, int]:
        return self.stats.overall.counts

    @property
    def not_sure(self) -> int:
        return self.stats.not_sure

    @property
    def unscored(self) -> int:
        return self.stats.unscored

    @property
    def divergent(self) -> bool:
        return self.stats.divergent

    @property
    def by_sector(self) -> tuple[SectorStat, ...]:
        """Per sector, "Other" last."""
        ordered = sorted(self.stats.by_sector.items(), key=lambda kv: (kv[0] == OTHER_SECTOR, kv[0]))
        return tuple(_sector_stat(s, d) for s, d in ordered)


def _sector_stat(sector: str, d: Distribution) -> SectorStat:
    return SectorStat(sector, d.n, d.mean, d.min, d.max)


@dataclass(frozen=True)
class DriverRow:
    id: str
    title: str
    thresholds: tuple[tuple[int, int], ...]
    total: int | None
    total_label: str
    scored: int
    of: int
    band: int | None
    individual_n: int
    individual_of: int
    """The mean of individual totals rests on ``individual_n`` of ``individual_of`` participants."""
    individual_mean: float | None
    mean_band: int | None
    gap: float | None
    points_to_next_band: float | None
    improvement_target: str
    target_level: int | None
    priority: int | None
    elements: tuple[ElementRow, ...]


@dataclass(frozen=True)
class ReviewPoint:
    date: dt.date | None
    expected: str
    achieved: str
    learning: str


@dataclass(frozen=True)
class ActionItem:
    number: int
    achieve: str
    so_that: str
    steps: tuple[str, ...]
    by_when: dt.date | None
    involving: str
    how_critical: str
    resources: str
    purpose: str
    lead: str
    support: str
    difference: str
    links: tuple[str, ...]
    """Titles of the drivers (and elements) the action addresses."""
    review_points: tuple[ReviewPoint, ...]

    def value(self, key: str) -> str:
        """The text of an action-plan column or detailed-sheet field, by the framework's key."""
        if key == "by_doing":
            return "\n".join(f"{i}. {s}" for i, s in enumerate(self.steps, start=1))
        if key == "by_when":
            return format_date(self.by_when)
        return str(getattr(self, key, ""))


@dataclass(frozen=True)
class Report:
    framework_id: str
    framework_title: str
    framework_subtitle: str
    workshop_id: int
    title: str
    partnership: str
    locality: str
    date: dt.date | None
    venue: str
    facilitator: str
    route: str
    notes: str
    anonymised: bool
    generated: dt.date
    levels: tuple[LevelInfo, ...]
    final_scores_title: str
    score_heading: str
    thresholds_heading: str
    target_heading: str
    action_plan_title: str
    action_columns: tuple[Heading, ...]
    detailed_title: str
    detailed_intro: str
    detailed_fields: tuple[Heading, ...]
    delivery_plan_title: str
    delivery_columns: tuple[Heading, ...]
    people: tuple[Person, ...]
    sectors: tuple[tuple[str, int], ...]
    """Who took part, by sector (merged when anonymised), largest first."""
    drivers: tuple[DriverRow, ...]
    actions: tuple[ActionItem, ...]
    divergence_range: int
    detailed: tuple[DetailedDriver, ...] = ()
    """The detailed assessment of the drivers the group prioritised, in priority order."""
    workshop_uuid: str = ""
    """The workshop's identity unique across databases (entry templates)."""
    anonymisation_notice: str = ""
    """What an anonymised export did to names, sectors and free text ('' when not anonymised)."""
    since_last_time: SinceLastTime | None = None
    """The previous workshop of the series beside this one (None: it follows no earlier workshop)."""
    comparison: Comparison | None = None
    """How the partnership compares with others (only when asked for)."""

    def level_name(self, number: int | None) -> str:
        return self.levels[number - 1].name if number else ""

    def level_title(self, number: int | None) -> str:
        """'2. Thinking differently', or '' for no level."""
        return f"{number}. {self.levels[number - 1].name}" if number else ""

    @property
    def target_label(self) -> str:
        """The workbook's improvement-target heading without its instructions ('… – what to change (…)')."""
        return self.target_heading.split(" – ")[0].strip() or self.target_heading

    @property
    def has_participant_notes(self) -> bool:
        return any(p.notes for p in self.people)

    @property
    def elements(self) -> tuple[ElementRow, ...]:
        return tuple(e for d in self.drivers for e in d.elements)

    def most_divergent(self, limit: int = 8) -> tuple[ElementRow, ...]:
        """Elements whose individual scores spread most (range, then standard deviation)."""
        scored = [e for e in self.elements if e.n]
        scored.sort(key=lambda e: (-(e.range or 0), -(e.stdev or 0.0)))
        return tuple(scored[:limit])

    def prioritised(self) -> tuple[DriverRow, ...]:
        """Drivers with an improvement target or a priority, in priority order."""
        chosen = [d for d in self.drivers if d.priority is not None or d.improvement_target]
        return tuple(sorted(chosen, key=lambda d: (d.priority is None, d.priority or 0)))

    def file_stem(self) -> str:
        """A sensible default file name (no extension): '<title> <date>'."""
        stem = f"{self.title} {self.date.isoformat()}" if self.date else self.title
        stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", stem).strip(" .")
        return re.sub(r"\s+", " ", stem) or "workshop"


def format_date(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def score_text(value: Score) -> str:
    if value == NOT_SURE:
        return "not sure"
    return "" if value is None else str(value)


def merge_small_sectors(sectors: Mapping[int, str], minimum: int = MIN_SECTOR_SIZE) -> dict[int, str]:
    """participant -> sector, with every sector of fewer than ``minimum`` people merged into "Other".

    If "Other" itself ends up with fewer than ``minimum`` people, the smallest remaining
    sector joins it too, until it is large enough or nothing is left to merge.
    """
    named = {p: (s.strip() or OTHER_SECTOR) for p, s in sectors.items()}
    sizes = Counter(named.values())
    merged = {s for s, n in sizes.items() if n < minimum or s == OTHER_SECTOR}
    while True:
        other = sum(sizes[s] for s in merged)
        rest = sorted((n, s) for s, n in sizes.items() if s not in merged)
        if other == 0 or other >= minimum or not rest:
            break
        merged.add(rest[0][1])
    return {p: (OTHER_SECTOR if s in merged else s) for p, s in named.items()}


def build_report(
    services,
    workshop_id: int,
    *,
    anonymise: bool = False,
    today: dt.date | None = None,
    seed: int | None = None,
    live: LiveWorkshop | None = None,
    compare: bool = False,
) -> Report:
    """Everything the exports show about one workshop, as frozen plain data.

    From ``live`` (the open workshop's live state) when given, else from one fresh read.
    ``seed`` fixes the random order of anonymous labels (for tests); by default every
    anonymised export draws a new one. ``compare``: add how the partnership compares with the
    other partnerships' workshops (one more read, of every workshop's agreed levels).
    """
    fw = services.framework
    if live is None:
        live = LiveWorkshop.load(services, workshop_id)
    elif live.workshop.id != workshop_id:
        raise ValueError(f"the live state is of workshop {live.workshop.id}, not {workshop_id}")
    workshop = live.workshop
    participants = list(live.participants)
    individual = live.scores
    agreed = live.agreed
    results = live.results
    plans = live.plans
    actions = live.actions

    raw_sectors = {p.id: p.sector for p in participants}
    anonymiser = Anonymiser.for_people([(p.id, p.display_name) for p in participants], seed=seed) if anonymise else None
    if anonymiser is not None:
        sectors = merge_small_sectors(raw_sectors)
        labels = anonymiser.labels
        clean = anonymiser.clean
        # In label order: listing P-labels in the order people were entered would undo the shuffle.
        participants = sorted(participants, key=lambda p: int(labels[p.id][1:]))
    else:
        sectors = {pid: (s.strip() or NO_SECTOR) for pid, s in raw_sectors.items()}
        labels = {p.id: p.anonymous_label for p in participants}

        def clean(text: str) -> str:
            return text

    # A step copied from a ticked approach is the workbook's text, not something anyone typed.
    workbook = workbook_texts(fw) if anonymise else frozenset()

    def clean_step(text: str) -> str:
        return text if text in workbook else clean(text)

    people = tuple(
        Person(
            id=p.id,
            name=labels[p.id] if anonymise else p.display_name,
            label=labels[p.id],
            organisation="" if anonymise else p.organisation,
            sector=sectors[p.id],
            role="" if anonymise else p.role,
            scores=dict(individual.get(p.id, {})),
            notes={} if anonymise else dict(live.notes.get(p.id, {})),
            uuid="" if anonymise else p.uuid,
        )
        for p in participants
    )
    counts = Counter(sectors.values())
    sector_rows = tuple(sorted(counts.items(), key=lambda kv: (kv[0] == OTHER_SECTOR, -kv[1], kv[0])))

    # Per-sector figures use the report's sectors (merged when anonymised, "(no sector)" named);
    # only when those differ from the stored ones is anything counted again, and only per sector.
    regroup = any(sectors[p.id] != raw_sectors[p.id] for p in participants)
    str_scores = {str(pid): scores for pid, scores in individual.items()}
    str_sectors = {str(pid): s for pid, s in sectors.items()}
    drivers = []
    for driver, result in zip(fw.drivers, results.drivers, strict=True):
        rows = []
        for element in driver.elements:
            stats = results.elements[element.id]
            if regroup:
                stats = replace(stats, by_sector=sector_stats(element.id, str_scores, str_sectors, fw.level_count))
            record = agreed.get(element.id)
            rows.append(
                ElementRow(
                    id=element.id,
                    driver_id=driver.id,
                    title=element.title,
                    descriptors=tuple(element.descriptors),
                    agreed=record.level if record else None,
                    rationale=clean(record.rationale) if record else "",
                    with_reservations=bool(record and record.with_reservations),
                    reservation_note=clean(record.reservation_note) if record else "",
                    stats=stats,
                )
            )
        plan = plans[driver.id]
        drivers.append(
            DriverRow(
                id=driver.id,
                title=driver.title,
                thresholds=tuple((lo, hi) for lo, hi in driver.thresholds),
                total=result.agreed.total,
                total_label=result.agreed.label(),
                scored=result.agreed.scored,
                of=result.agreed.of,
                band=result.agreed_band,
                individual_n=result.individual_totals.n,
                individual_of=result.individual_of,
                individual_mean=result.individual_totals.mean,
                mean_band=result.mean_band,
                gap=result.gap,
                points_to_next_band=result.points_to_next_band,
                improvement_target=clean(plan.improvement_target),
                target_level=plan.target_level,
                priority=plan.priority,
                elements=tuple(rows),
            )
        )

    def link_title(driver_id: str, element_id: str | None) -> str:
        try:
            title = fw.driver(driver_id).title
            return f"{title}: {fw.element(element_id).title}" if element_id else title
        except KeyError:
            return element_id or driver_id

    items = tuple(
        ActionItem(
            number=i,
            achieve=clean(a.achieve),
            so_that=clean(a.so_that),
            steps=tuple(clean_step(s) for s in a.steps),
            by_when=a.by_when,
            involving=clean(a.involving),
            how_critical=clean(a.how_critical),
            resources=clean(a.resources),
            purpose=clean(a.purpose),
            lead=clean(a.lead),
            support=clean(a.support),
            difference=clean(a.difference),
            links=tuple(link_title(link.driver_id, link.element_id) for link in a.links),
            review_points=tuple(
                ReviewPoint(r.date, clean(r.expected), clean(r.achieved), clean(r.learning))
                for r in sorted(a.review_points, key=lambda r: r.position)
            ),
        )
        for i, a in enumerate(actions, start=1)
    )
    detailed = build_detailed(
        fw,
        plans=plans,
        detailed=live.detailed,
        approaches=live.approaches,
        agreed=agreed,
        bands={d.id: d.band for d in drivers},
        action_numbers={a.id: i for i, a in enumerate(actions, start=1)},
        clean=clean,
    )

    since_clean = clean
    if anonymiser is not None and live.last_time.workshop is not None:
        # Last time's texts may name people who came then but not now: their names go too.
        former = Anonymiser.names_only(p.display_name for p in services.participants.list(live.last_time.workshop.id))

        def since_clean(text: str) -> str:
            return former.clean(clean(text))

    since = build_since_last_time(fw, live, since_clean, link_title)
    comparison = None
    if compare:
        comparison = build_comparison(
            fw, services.series.benchmark_entries(), workshop.id, results.agreed, individual, sectors
        )

    ap = fw.action_planning
    fs = fw.final_scores
    return Report(
        framework_id=fw.id,
        framework_title=fw.title,
        framework_subtitle=fw.subtitle,
        workshop_id=workshop.id,
        title=clean(workshop.title),
        partnership=clean(workshop.partnership),
        locality=clean(workshop.locality),
        date=workshop.date,
        venue=clean(workshop.venue),
        facilitator=clean(workshop.facilitator),
        route=workshop.route,
        notes=clean(workshop.notes),
        anonymised=anonymise,
        generated=today or dt.date.today(),
        levels=tuple(LevelInfo(lv.number, lv.name, lv.description) for lv in fw.levels),
        final_scores_title=fs.title,
        score_heading=fs.score_heading,
        thresholds_heading=fs.thresholds_heading,
        target_heading=fs.target_heading,
        action_plan_title=ap.title,
        action_columns=tuple(Heading(c.key, c.heading, c.prompt) for c in ap.columns),
        detailed_title=ap.detailed_title,
        detailed_intro=ap.detailed_intro,
        detailed_fields=tuple(Heading(c.key, c.heading, c.prompt) for c in ap.detailed_fields),
        delivery_plan_title=ap.delivery_plan_title,
        delivery_columns=tuple(Heading(c.key, c.heading, c.prompt) for c in ap.delivery_plan_columns),
        people=people,
        sectors=sector_rows,
        drivers=tuple(drivers),
        actions=items,
        divergence_range=workshop.divergence_range,
        detailed=detailed,
        workshop_uuid=workshop.uuid,
        anonymisation_notice=(
            describe(sorted(labels.values(), key=lambda lab: int(lab[1:])), anonymiser.replacements)
            if anonymiser is not None
            else ""
        ),
        since_last_time=since,
        comparison=comparison,
    )


__all__ = [
    "NOT_SURE",
    "ActionItem",
    "ChosenApproach",
    "DetailedDriver",
    "DetailedElement",
    "DriverRow",
    "ElementRow",
    "Person",
    "Report",
    "build_report",
    "format_date",
    "is_level",
    "merge_small_sectors",
    "score_text",
]
