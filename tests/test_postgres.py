"""The same store and services on PostgreSQL, when a server can be started on this machine.

A throw-away cluster is created in a temporary folder and reached over a Unix socket only
(no TCP), then removed. Skipped where PostgreSQL's server programs or psycopg are missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("psycopg")

PORT = "54329"


def _as_postgres(cmd: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; run its programs as the postgres user then.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    if not (shutil.which("initdb") and shutil.which("pg_ctl")):
        pytest.skip("PostgreSQL server programs are not installed")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("cannot drop root privileges to start PostgreSQL")
    folder = Path(tempfile.mkdtemp(prefix="jcs-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    run = lambda cmd: subprocess.run(_as_postgres(cmd), capture_output=True, text=True, timeout=120)  # noqa: E731
    init = run(["initdb", "-D", str(data), "-A", "trust", "-U", "postgres"])
    if init.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"initdb failed: {init.stderr.strip()[:200]}")
    opts = f"-k {folder} -p {PORT} -c listen_addresses=''"
    start = run(["pg_ctl", "-D", str(data), "-o", opts, "-l", str(folder / "log"), "-w", "start"])
    if start.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"PostgreSQL did not start: {start.stderr.strip()[:200]}")
    try:
        yield f"postgresql://postgres@/postgres?host={folder}&port={PORT}"
    finally:
        run(["pg_ctl", "-D", str(data), "-m", "immediate", "stop"])
        shutil.rmtree(folder, ignore_errors=True)


def test_demo_workshop_on_postgresql(pg_url: str) -> None:
    import datetime as dt

    from jcs_desktop.domain.scoring import NOT_SURE
    from jcs_desktop.services import ServiceError, Services
    from jcs_desktop.services.demo import create_demo_workshop

    services = Services.open(pg_url)
    try:
        assert services.db.current_revision() is not None
        wid = create_demo_workshop(services, today=dt.date(2026, 11, 23)).previous
        results = services.scores.results(wid)
        assert all(d.agreed_band is not None for d in results.drivers)
        person = services.participants.list(wid)[0]
        services.scores.set_score(person.id, "building-partnerships.trust", NOT_SURE)
        assert services.scores.get_score(person.id, "building-partnerships.trust") == NOT_SURE
        with pytest.raises(ServiceError):
            services.scores.set_score(person.id, "building-partnerships.trust", 5)
        assert [w.id for w in services.workshops.list("northbridge")] == [wid]
    finally:
        services.close()
    # Opening again finds the schema current.
    Services.open(pg_url).close()


def test_two_writers_saving_the_same_score_never_collide_on_postgresql(pg_url: str) -> None:
    """The same race as on SQLite (tests/test_store_writers.py), with two connections' worth of writers."""
    import threading

    from jcs_desktop.services import Services

    first, second = Services.open(pg_url), Services.open(pg_url)
    try:
        workshop = first.workshops.create({"title": "Two writers"}).previous
        pid = first.participants.add(workshop.id, {"display_name": "Ann"}).previous.id
        element = "building-partnerships.trust"
        errors: list[str] = []
        barrier = threading.Barrier(2)

        def hammer(services: Services) -> None:
            barrier.wait()
            for i in range(200):
                value = None if i % 2 else 1 + (i // 2) % 4
                for call, target in (
                    (services.scores.set_score, pid),
                    (services.scores.set_agreed, workshop.id),
                ):
                    try:
                        call(target, element, value)
                    except Exception as exc:  # every failure is what this test counts
                        errors.append(type(exc).__name__)

        threads = [threading.Thread(target=hammer, args=(s,)) for s in (first, second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=240)
        assert errors == []
    finally:
        first.close()
        second.close()


def test_a_missing_postgresql_database_is_one_clear_line(pg_url: str, capsys) -> None:
    from jcs_desktop.cli.main import main

    missing = pg_url.replace("/postgres?", "/no_such_database?")
    assert main(["results", "--session", "1", "--db", missing]) == 1
    out, err = capsys.readouterr()
    [line] = err.strip().splitlines()
    assert out == "" and line.startswith("jcs-desktop: error: ") and "no_such_database" in line


@pytest.mark.parametrize(("revision", "words"), [("abc123", "unknown schema"), ("9999", "newer version")])
def test_an_unknown_or_newer_schema_is_refused_on_postgresql(pg_url: str, revision: str, words: str) -> None:
    from sqlalchemy import create_engine, text

    from jcs_desktop.services import Services, StoreError

    Services.open(pg_url).close()
    engine = create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.begin() as conn:
            current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": revision})
        with pytest.raises(StoreError, match=words):
            Services.open(pg_url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == revision
    finally:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": current})
        engine.dispose()


def test_a_missing_database_or_user_is_a_clear_message(pg_url: str) -> None:
    from sqlalchemy.engine import make_url

    from jcs_desktop.cli.main import main
    from jcs_desktop.services import Services, StoreError

    missing = make_url(pg_url).set(database="no_such_jcs_db").render_as_string(hide_password=False)
    with pytest.raises(
        StoreError,
        match=r'The database "no_such_jcs_db" does not exist on the database server .*createdb no_such_jcs_db',
    ):
        Services.open(missing)
    nobody = make_url(pg_url).set(username="nobody_here").render_as_string(hide_password=False)
    with pytest.raises(StoreError, match='The database server has no user "nobody_here"'):
        Services.open(nobody)
    assert main(["results", "--session", "1", "--db", missing]) != 0
