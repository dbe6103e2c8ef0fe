"""Build a large SQLite store for the benchmarks: N workshops × P participants × every element.

The schema is created by the application itself (``Services.open``: migrations, revision),
then the rows go in with bulk inserts, which a benchmark may do: every workshop gets P
participants with a score for every element (a few "not sure"), and agreed levels for half
of the elements. About a minute for the default 1,000 × 40 (1.2 million scores).

    python benchmarks/make_store.py PATH [--workshops 1000] [--participants 40]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import uuid
from pathlib import Path


def build(path: Path, workshops: int, participants: int, seed: int = 12) -> None:
    from jcs_desktop.services import Services

    services = Services.open(f"sqlite:///{path}")
    elements = services.framework.element_ids()
    levels = services.framework.level_count
    services.close()
    rng = random.Random(seed)
    now = dt.datetime(2026, 11, 1, 9, 30).isoformat(sep=" ")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    with conn:
        for w in range(1, workshops + 1):
            day = dt.date(2020, 1, 1) + dt.timedelta(days=w * 2)
            route = "consensus" if w % 10 == 0 else "individual"
            cur = conn.execute(
                "INSERT INTO workshops (uuid, framework_id, title, partnership, locality, date, venue, facilitator,"
                " route, notes, divergence_range, created_at, updated_at)"
                " VALUES (?, 'catalyst-for-change', ?, ?, ?, ?, '', 'A facilitator', ?, '', 2, ?, ?)",
                (
                    uuid.uuid4().hex,
                    f"Workshop {w}",
                    f"Partnership {w % 37}",
                    f"Locality {w % 11}",
                    day.isoformat(),
                    route,
                    now,
                    now,
                ),
            )
            wid = cur.lastrowid
            scores = []
            for p in range(participants):
                pcur = conn.execute(
                    "INSERT INTO participants (uuid, workshop_id, display_name, organisation, sector, role,"
                    " anonymous_label, position, created_at) VALUES (?, ?, ?, '', 'Health', '', ?, ?, ?)",
                    (uuid.uuid4().hex, wid, f"Person {p + 1}", f"P{p + 1}", p, now),
                )
                pid = pcur.lastrowid
                for e in elements:
                    sure = rng.random() > 0.03
                    scores.append((pid, e, rng.randint(1, levels) if sure else None, not sure, "", now))
            conn.executemany(
                "INSERT INTO individual_scores (participant_id, element_id, level, not_sure, note, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                scores,
            )
            conn.executemany(
                "INSERT INTO agreed_scores (workshop_id, element_id, level, rationale, with_reservations,"
                " reservation_note, updated_at) VALUES (?, ?, ?, '', 0, '', ?)",
                [(wid, e, rng.randint(1, levels), now) for e in elements[: len(elements) // 2]],
            )
        # The rows went in behind the services' back: fill the kept progress counts as
        # migration 0003 does.
        conn.execute(
            "UPDATE workshops SET"
            " participant_count = (SELECT count(*) FROM participants p WHERE p.workshop_id = workshops.id),"
            " scored_count = (SELECT count(*) FROM participants p JOIN individual_scores s"
            "   ON s.participant_id = p.id WHERE p.workshop_id = workshops.id),"
            " agreed_count = (SELECT count(*) FROM agreed_scores a WHERE a.workshop_id = workshops.id)"
        )
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--workshops", type=int, default=1000)
    parser.add_argument("--participants", type=int, default=40)
    args = parser.parse_args()
    if args.path.exists():
        raise SystemExit(f"{args.path} exists already; choose a new file")
    build(args.path, args.workshops, args.participants)
    print(f"{args.path}: {args.workshops} workshops × {args.participants} participants")


if __name__ == "__main__":
    main()
