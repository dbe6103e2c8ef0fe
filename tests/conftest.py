"""Shared fixtures: a fresh temporary database per test, and the demo workshop.

The database comes from one setting: ``JCS_TEST_DB_URL``. Unset (the default), every test
gets a new SQLite file. Set to a PostgreSQL server's URL, e.g.
``postgresql://postgres@/postgres?host=/tmp/jcs-pg&port=54329`` (``.ci/run`` starts such a
throw-away server), every test gets a new database on that server, created from a migrated
template and dropped afterwards. Tests that are about SQLite itself (its file, WAL, backups)
are marked ``sqlite_only`` and skip themselves on PostgreSQL.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

# Offscreen Qt and a private data folder for every test run, set before Qt or the app is imported.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TEST_DB_URL = os.environ.get("JCS_TEST_DB_URL", "").strip()
ON_POSTGRESQL = TEST_DB_URL.startswith(("postgresql", "postgres:"))
_TEMPLATE = "jcs_test_template"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only(reason): the test is about SQLite itself; skipped on PostgreSQL")


def pytest_report_header(config: pytest.Config) -> str:
    if not ON_POSTGRESQL:
        return "test databases: SQLite (set JCS_TEST_DB_URL to a PostgreSQL server to use that)"
    from sqlalchemy.engine import make_url

    return f"test databases: PostgreSQL at {make_url(TEST_DB_URL).render_as_string(hide_password=True)}"


def pytest_runtest_setup(item: pytest.Item) -> None:
    marker = item.get_closest_marker("sqlite_only")
    if marker is not None and ON_POSTGRESQL:
        pytest.skip(marker.args[0] if marker.args else "SQLite only")


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the user's real data folder and database."""
    monkeypatch.setenv("JCS_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("JCS_DB_URL", raising=False)
    # Window geometry, text size and other QSettings go to a private folder too, for this
    # process (setPath) and for any subprocess a test starts (XDG_CONFIG_HOME).
    from PySide6.QtCore import QSettings

    settings = tmp_path_factory.mktemp("settings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(settings))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(settings))


@pytest.fixture(autouse=True)
def _restore_look() -> Iterator[None]:
    """Tests that change text size or contrast leave the application as they found it."""
    yield
    import sys

    theme = sys.modules.get("jcs_desktop.ui.widgets.theme")
    if theme is None:
        return
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        theme.use_contrast_style(False)
        QApplication.setFont(theme.base_font())
        QApplication.setPalette(theme.normal_palette())


def _pg_admin(url: str):
    """An autocommit connection to the server's maintenance database (CREATE DATABASE needs one)."""
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    params = {"dbname": u.database or "postgres", "user": u.username, "password": u.password}
    params |= {"host": u.host or u.query.get("host"), "port": u.port or u.query.get("port")}
    return psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True)


def _pg_database_url(name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(TEST_DB_URL).set(database=name).render_as_string(hide_password=False)


class _PgDatabases:
    """Fresh databases copied from a migrated template, the next one made while a test runs.

    CREATE DATABASE takes about a second; one worker thread creates the next database and
    drops used ones in the background, so tests rarely wait for it.
    """

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        from jcs_desktop.store.db import open_database

        with _pg_admin(TEST_DB_URL) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{_TEMPLATE}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{_TEMPLATE}"')
        open_database(_pg_database_url(_TEMPLATE)).close()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-databases")
        self._next = self._worker.submit(self._create)

    @staticmethod
    def _create() -> str:
        name = f"jcs_test_{uuid.uuid4().hex[:16]}"
        with _pg_admin(TEST_DB_URL) as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{_TEMPLATE}"')
        return name

    @staticmethod
    def _drop(name: str) -> None:
        with _pg_admin(TEST_DB_URL) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def take(self) -> str:
        name = self._next.result()
        self._next = self._worker.submit(self._create)
        return name

    def give_back(self, name: str) -> None:
        self._worker.submit(self._drop, name)

    def close(self) -> None:
        self._worker.submit(lambda: self._drop(self._next.result()))
        self._worker.submit(self._drop, _TEMPLATE)
        self._worker.shutdown(wait=True)


@pytest.fixture(scope="session")
def _pg_databases() -> Iterator[_PgDatabases]:
    databases = _PgDatabases()
    yield databases
    databases.close()


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A new database for this test: a SQLite file (created on first open), or a migrated PostgreSQL one."""
    if not ON_POSTGRESQL:
        yield f"sqlite:///{tmp_path / 'workshops.sqlite3'}"
        return
    databases = request.getfixturevalue("_pg_databases")
    name = databases.take()
    try:
        yield _pg_database_url(name)
    finally:
        databases.give_back(name)


@pytest.fixture
def services(db_url: str) -> Iterator[object]:
    from jcs_desktop.services import Services

    svc = Services.open(db_url)
    yield svc
    svc.close()


@pytest.fixture
def demo_id(services) -> int:
    """The demo workshop (12 participants, every score, agreed scores, 3 actions) in ``services``."""
    import datetime as dt

    from jcs_desktop.services.demo import create_demo_workshop

    return create_demo_workshop(services, today=dt.date(2026, 11, 23)).previous


@pytest.fixture
def laptop_window(qtbot, services):
    """The real main window on ``services``, shown at 1366×768 and active (keys reach it)."""
    from PySide6.QtWidgets import QApplication

    from jcs_desktop.ui.core.context import AppContext
    from jcs_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(AppContext(services))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


@pytest.fixture
def transactions(services):
    """Counts the database transactions ``services`` opens: ``transactions.take()`` returns
    (writes, reads) since the last take and starts again from zero."""
    from jcs_desktop.store.counting import TransactionCounter

    counter = TransactionCounter(services.db.engine)
    yield counter
    counter.close()


@pytest.fixture(autouse=True)
def _no_leftover_windows() -> Iterator[None]:
    """A window a test leaves open would stay the active window for the next test: key presses
    and message boxes would go to it (a modal box from a leftover parent once aborted the run).
    Hide whatever top-level window is still showing, without closing it (a close could ask a
    question), and let Qt deliver the deferred deletes."""
    yield
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.hide()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
