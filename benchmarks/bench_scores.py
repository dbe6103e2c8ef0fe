"""How much a saved score costs, as a ratio against a bare SQLite insert measured in the same run.

Each score the application stores is its own committed transaction through the service
layer: validation, one joined read (the participant is live, the stored value for undo), the
write, and the workshop's "updated" stamp with its kept progress count. The baseline is the cheapest durable
equivalent: one INSERT and COMMIT with the sqlite3 module on a WAL database on the same disk.

    python benchmarks/bench_scores.py [--n 300]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path


def baseline(path: Path, n: int) -> list[float]:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE s (p INTEGER, e TEXT, level INTEGER, PRIMARY KEY (p, e))")
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        conn.execute("INSERT OR REPLACE INTO s VALUES (?, ?, ?)", (i % 12, f"e{i % 30}", i % 4 + 1))
        conn.commit()
        times.append(time.perf_counter() - t0)
    conn.close()
    return times


def application(path: Path, n: int) -> list[float]:
    from jcs_desktop.services import Services

    services = Services.open(f"sqlite:///{path}")
    workshop = services.workshops.create({"title": "Benchmark"}).previous
    people = services.participants.add_many(workshop.id, [{"display_name": f"P{i}"} for i in range(12)]).previous
    elements = services.framework.element_ids()
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        services.scores.set_score(people[i % 12].id, elements[i % 30], i % 4 + 1)
        times.append(time.perf_counter() - t0)
    services.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = baseline(Path(tmp) / "base.sqlite3", args.n)
        app = application(Path(tmp) / "app.sqlite3", args.n)
    b, a = statistics.median(base), statistics.median(app)
    print(f"baseline  sqlite3 INSERT+COMMIT  median {b * 1e3:7.3f} ms")
    print(f"app       services.set_score     median {a * 1e3:7.3f} ms")
    print(f"ratio     app / baseline         {a / b:7.1f}x   (p95 ratio {_p95(app) / _p95(base):.1f}x)")


def _p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


if __name__ == "__main__":
    main()
