"""Damaged database files: a clear message and nothing changed, never a traceback."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from jcs_desktop.cli.main import main

SEED = 20261202


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real database (the demo workshop, id 1), closed so everything is in the main file."""
    import datetime as dt

    from jcs_desktop.services import Services
    from jcs_desktop.services.demo import create_demo_workshop

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    services = Services.open(f"sqlite:///{path}")
    assert create_demo_workshop(services, today=dt.date(2026, 11, 23)) == 1
    services.close()
    assert not path.with_name(path.name + "-wal").exists()
    return path


def _corrupt(source: Path, target: Path, rng: random.Random) -> None:
    data = bytearray(source.read_bytes())
    start = rng.randrange(100, len(data) - 16)  # past the header, which is checked on its own
    for i in range(start, start + rng.randint(1, 12)):
        data[i] = rng.randrange(256)
    target.write_bytes(bytes(data))


def test_random_damage_never_gives_a_traceback(demo_file: Path, tmp_path: Path, capsys) -> None:
    rng = random.Random(SEED)
    outcomes = {"refused": 0, "read": 0}
    for n in range(60):
        target = tmp_path / f"damaged-{n}.sqlite3"
        _corrupt(demo_file, target, rng)
        code = main(["results", "--session", "1", "--db", f"sqlite:///{target}"])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        if code == 0:
            outcomes["read"] += 1
            assert err == "" and out.strip()
        else:
            outcomes["refused"] += 1
            lines = err.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("jcs-desktop: error: "), err
            assert out == ""
    assert outcomes["refused"] > 0 and outcomes["read"] > 0, outcomes
