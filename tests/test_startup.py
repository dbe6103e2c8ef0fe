"""Start-up: the main window first, with the list read by sqlite3; the services behind it.

The quick list must be exactly what the services list, or say "ask the services" (None)
for every file it is not sure of; the window modules must import neither SQLAlchemy nor
pydantic; the validated workbook is cached and a changed file is never served stale.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from jcs_desktop.content import loader
from jcs_desktop.services.quick import first_list
from tests.conftest import ON_POSTGRESQL

sqlite_only = pytest.mark.skipif(ON_POSTGRESQL, reason="the quick list reads SQLite files only")


def _file(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


@sqlite_only
def test_the_quick_list_is_what_the_services_list(services, db_url, demo_id):
    # A second workshop with removed participants and no date, a deleted one, a consensus one.
    other = services.workshops.create({"title": "Follow-up", "route": "consensus"}).previous
    people = services.participants.add_many(other.id, [{"display_name": f"P{i}"} for i in range(3)]).previous
    element = services.framework.element_ids()[0]
    for person in people:
        services.scores.set_score(person.id, element, 2)
    services.participants.remove(people[0].id)
    services.scores.set_agreed(other.id, element, 3)
    gone = services.workshops.create({"title": "Deleted"}).previous
    services.workshops.delete(gone.id)

    listing = first_list(db_url)
    assert listing is not None
    assert listing.rows == services.workshops.list()
    assert listing.where == services.db.where
    assert [r.title for r in listing.rows].count("Deleted") == 0


@sqlite_only
def test_the_quick_list_leaves_every_unusual_file_to_the_services(services, db_url, tmp_path):
    assert first_list("postgresql://someone@localhost/jcs") is None
    assert first_list(f"sqlite:///{tmp_path / 'absent.sqlite3'}") is None  # a first start
    assert first_list(f"sqlite:///{tmp_path / 'x.sqlite3'}?mode=ro") is None
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database at all" * 100)
    assert first_list(f"sqlite:///{garbage}") is None
    assert first_list(db_url) is not None
    services.close()
    with sqlite3.connect(_file(db_url)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")  # to be migrated first
    assert first_list(db_url) is None


def test_the_window_modules_load_without_sqlalchemy_or_pydantic():
    code = (
        "import sys; import jcs_desktop.ui.shell.main_window, jcs_desktop.ui.app, jcs_desktop.services.quick; "
        "print([m for m in ('sqlalchemy', 'pydantic', 'alembic') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stderr


def test_the_validated_workbook_is_cached_and_never_stale(tmp_path, monkeypatch):
    source = Path(loader.default_workbook_path())
    copy = tmp_path / "workbook.json"
    copy.write_bytes(source.read_bytes())
    cache = tmp_path / "cache"
    first = loader.cached_framework(copy, cache)
    assert first == loader.load_framework(copy)
    assert len(list(cache.glob("workbook-*.pickle"))) == 1

    def no_validation(path):
        raise AssertionError("validated again although the file did not change")

    monkeypatch.setattr(loader, "load_framework", no_validation)
    assert loader.cached_framework(copy, cache) == first
    monkeypatch.undo()

    data = json.loads(copy.read_text(encoding="utf-8"))
    data["title"] = "A changed title"
    copy.write_text(json.dumps(data), encoding="utf-8")
    changed = loader.cached_framework(copy, cache)
    assert changed.title == "A changed title"
    assert len(list(cache.glob("workbook-*.pickle"))) == 1  # the old copy is gone

    # A damaged cache file is ignored (and replaced), never an error.
    (target,) = cache.glob("workbook-*.pickle")
    target.write_bytes(b"\x80\x05garbage")
    assert loader.cached_framework(copy, cache) == changed


@sqlite_only
def test_the_window_shows_the_quick_list_then_the_services_take_over(qtbot, services, db_url, demo_id):
    from PySide6.QtWidgets import QApplication

    from jcs_desktop.ui.core.context import AppContext
    from jcs_desktop.ui.shell.main_window import MainWindow
    from jcs_desktop.ui.shell.workshop_list import OPENING_MESSAGE

    listing = first_list(db_url)
    ctx = AppContext(None)
    window = MainWindow(ctx, first_list=listing)
    qtbot.addWidget(window)
    page = window.list_view
    assert page.empty.text() == OPENING_MESSAGE and page.model.rowCount() == 0
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)  # filled after the first paint
    assert not ctx.is_ready
    assert page.stack.currentWidget() is page.table
    # Searching works before the services are there.
    qtbot.keyClicks(page.search, "no such words")
    assert page.proxy.rowCount() == 0
    page.search.clear()
    assert window.restore_action.isEnabled()

    services.workshops.create({"title": "Made meanwhile"})
    ctx.attach(services)
    assert ctx.is_ready
    assert sorted(r.title for r in page.model.records()) == sorted(r.title for r in services.workshops.list())
    assert window.backups is not None
    QApplication.processEvents()


_USUAL_START = """
import gc, json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from jcs_desktop.services import Services
from jcs_desktop.services.quick import first_list
from jcs_desktop.ui import app as gui
from jcs_desktop.ui.core.context import AppContext

seen = {"painted rows": 0}
windows = []

class PaintCounter(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            seen["painted rows"] = windows[0].list_view.model.rowCount()
        return False

real_after_paint = gui._after_next_paint
def after_paint(widget, then):
    windows.append(widget.window())
    widget.installEventFilter(PaintCounter(widget))
    real_after_paint(widget, then)

real_open = Services.open
def opening(url=None, framework=None):
    seen["rows painted before the load"] = seen["painted rows"]
    seen["collecting while loading"] = gc.isenabled()
    return real_open(url, framework)

real_attach = AppContext.attach
def attached(self, loaded):
    real_attach(self, loaded)
    seen["collecting once loaded"] = gc.isenabled()
    QTimer.singleShot(0, QApplication.instance().quit)

gui._after_next_paint = after_paint
Services.open = staticmethod(opening)
AppContext.attach = attached
QTimer.singleShot(20_000, lambda: QApplication.exit(3))  # should the load never come
app = gui._application()
code = gui._start_with_list(app, sys.argv[1], first_list(sys.argv[1]))
seen["exit"] = code
print(json.dumps(seen))
"""


@sqlite_only
def test_the_usual_start_loads_the_services_after_the_rows_are_painted_without_collecting(db_url, demo_id, tmp_path):
    """The services load once the list's rows are on screen, with garbage collection off
    meanwhile (each full collection froze the window), and on again once they are loaded.
    In a process of its own: it runs the application's own event loop to its end."""
    import os

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "JCS_DATA_DIR": str(tmp_path)}
    command = [sys.executable, "-c", _USUAL_START, db_url]
    out = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["exit"] == 0
    assert seen["rows painted before the load"] == 1  # the demo workshop's row was on screen
    assert seen["collecting while loading"] is False
    assert seen["collecting once loaded"] is True
