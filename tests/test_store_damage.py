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
    assert create_demo_workshop(services, today=dt.date(2026, 11, 23)).previous == 1
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


DAMAGED_VALUES = [
    "UPDATE workshops SET title = CAST(x'ff00fe' AS TEXT)",  # Could not decode to UTF-8
    "UPDATE participants SET sector = CAST(x'c3' AS TEXT)",
    "UPDATE workshops SET updated_at = '20O&12-02 03:10:24'",  # Invalid isoformat string
    "UPDATE workshops SET date = 12",  # a number where a date belongs
    "UPDATE participants SET created_at = x'00ff'",
    "UPDATE agreed_scores SET level = 'high'",
    "UPDATE agreed_scores SET level = 99",  # a level no workbook has
    "UPDATE workshops SET divergence_range = 'wide'",
]


@pytest.mark.parametrize("statement", DAMAGED_VALUES)
@pytest.mark.parametrize("json_output", [False, True])
def test_a_damaged_value_is_one_clear_line(demo_file: Path, tmp_path: Path, capsys, statement, json_output) -> None:
    import shutil
    import sqlite3

    target = tmp_path / "w.sqlite3"
    shutil.copyfile(demo_file, target)
    with sqlite3.connect(target) as conn:
        conn.execute(statement)
    before = target.read_bytes()
    argv = ["results", "--session", "1", "--db", f"sqlite:///{target}"] + (["--json"] if json_output else [])
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""
    [line] = err.strip().splitlines()
    assert line.startswith("jcs-desktop: error: ") and "is damaged" in line and "Restore from backup" in line
    assert target.read_bytes() == before
