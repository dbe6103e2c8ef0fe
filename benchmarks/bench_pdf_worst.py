"""How long the PDF report takes at its worst, against the demo workshop's report in the same run.

The worst case is the demo workshop with every free-text field (names, organisations,
rationales, targets, every action field and review point, detailed notes, the group's
own approaches) at ``--length`` characters, either as one unbroken word or as prose
with long words in it. It must stay under 10 s.

    python benchmarks/bench_pdf_worst.py [--length 20000]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import tempfile
import time
from pathlib import Path

LIMIT = 20_000


def filler(length: int, kind: str, seed: int = 0) -> str:
    """``length`` characters: one unbroken word, or prose with a few very long words in it."""
    if kind == "word":
        return ("ABCDEFGHIJ" * (length // 10 + 1))[:length]
    words = ["partnership", "commissioning", "older", "people", "services", "review", "x" * 300, "and"]
    out, i = [], seed
    total = 0
    while total < length:
        w = words[i % len(words)]
        out.append(w)
        total += len(w) + 1
        i += 1
    return " ".join(out)[:length]


def worst_case(report, length: int = LIMIT, kind: str = "word"):
    """The report with every free-text field at ``length`` characters."""
    counter = iter(range(1_000_000))

    def text(_old: str = "") -> str:
        return filler(length, kind, next(counter))

    def swap(obj, names):
        return dataclasses.replace(obj, **{n: text() for n in names})

    people = tuple(
        dataclasses.replace(swap(p, ("name", "organisation", "role")), notes={k: text() for k in p.notes})
        for p in report.people
    )
    drivers = tuple(
        dataclasses.replace(
            swap(d, ("improvement_target",)),
            elements=tuple(swap(e, ("rationale", "reservation_note")) for e in d.elements),
        )
        for d in report.drivers
    )
    actions = tuple(
        dataclasses.replace(
            swap(
                a,
                (
                    "achieve",
                    "so_that",
                    "involving",
                    "how_critical",
                    "resources",
                    "purpose",
                    "lead",
                    "support",
                    "difference",
                ),
            ),
            steps=tuple(text() for _ in a.steps or ("",)),
            review_points=tuple(swap(r, ("expected", "achieved", "learning")) for r in a.review_points),
        )
        for a in report.actions
    )
    detailed = tuple(
        dataclasses.replace(
            swap(d, ("improvement_target",)),
            elements=tuple(
                dataclasses.replace(
                    swap(e, ("notes",)),
                    approaches=tuple(swap(a, ("text",)) if a.own else a for a in e.approaches),
                )
                for e in d.elements
            ),
        )
        for d in report.detailed
    )
    return dataclasses.replace(
        swap(report, ("title", "partnership", "locality", "venue", "facilitator", "notes")),
        people=people,
        drivers=drivers,
        actions=actions,
        detailed=detailed,
    )


def demo_report(folder: Path):
    from jcs_desktop.exports.model import build_report
    from jcs_desktop.services import Services
    from jcs_desktop.services.demo import create_demo_workshop

    services = Services.open(f"sqlite:///{folder / 'bench.sqlite3'}")
    try:
        wid = create_demo_workshop(services, today=dt.date(2026, 11, 23)).previous
        return build_report(services, wid)
    finally:
        services.close()


def timed(report, path: Path) -> float:
    from jcs_desktop.exports.pdf import write_pdf

    t0 = time.perf_counter()
    write_pdf(report, path)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", type=int, default=LIMIT, help="characters per free-text field")
    args = parser.parse_args()
    from pypdf import PdfReader

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        report = demo_report(folder)
        timed(report, folder / "warm.pdf")  # fonts and modules loaded once, as in the application
        base = timed(report, folder / "demo.pdf")
        print(f"demo workshop            {base:6.2f} s  {len(PdfReader(folder / 'demo.pdf').pages):4d} pages")
        worst = 0.0
        for kind in ("word", "prose"):
            seconds = timed(worst_case(report, args.length, kind), folder / f"{kind}.pdf")
            pages = len(PdfReader(folder / f"{kind}.pdf").pages)
            print(f"every field {args.length} ({kind:5s}) {seconds:6.2f} s  {pages:4d} pages  ({seconds / base:.1f}x)")
            worst = max(worst, seconds)
        print(f"worst case {'within' if worst < 10 else 'OVER'} 10 s")


if __name__ == "__main__":
    main()
