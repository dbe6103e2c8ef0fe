"""Background jobs: results come back on the GUI thread, and the GUI thread is not starved meanwhile."""

from __future__ import annotations

import sys
import threading

import pytest

pytest.importorskip("PySide6")

from jcs_desktop.ui.core import tasks
from jcs_desktop.ui.core.tasks import run_task

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_a_running_job_hands_the_interpreter_lock_over_quickly_until_the_last_job_ends(qtbot) -> None:
    default = sys.getswitchinterval()
    release_first, release_second = threading.Event(), threading.Event()
    seen: dict[str, float] = {}
    results: list[object] = []

    def job(name: str, release: threading.Event):
        def fn(_report):
            seen[name] = sys.getswitchinterval()
            assert release.wait(10)
            seen[f"{name} at end"] = sys.getswitchinterval()
            return name

        return fn

    run_task(None, "first", job("first", release_first), results.append, pytest.fail, show_progress=False)
    run_task(None, "second", job("second", release_second), results.append, pytest.fail, show_progress=False)
    qtbot.waitUntil(lambda: "first" in seen and "second" in seen)
    assert seen["first"] == seen["second"] == pytest.approx(tasks.WORKING_SWITCH_INTERVAL)

    release_first.set()
    qtbot.waitUntil(lambda: results == ["first"])
    assert sys.getswitchinterval() == pytest.approx(tasks.WORKING_SWITCH_INTERVAL)  # the second still runs

    release_second.set()
    qtbot.waitUntil(lambda: results == ["first", "second"])
    assert sys.getswitchinterval() == pytest.approx(default)


def test_a_failing_job_restores_the_interval_and_reports_on_the_gui_thread(qtbot) -> None:
    default = sys.getswitchinterval()
    errors: list[tuple[Exception, bool]] = []

    def fn(_report):
        raise ValueError("the file is not a workbook")

    run_task(
        None,
        "failing",
        fn,
        pytest.fail,
        lambda exc: errors.append((exc, threading.current_thread() is threading.main_thread())),
        show_progress=False,
    )
    qtbot.waitUntil(lambda: bool(errors))
    [(exc, on_gui_thread)] = errors
    assert isinstance(exc, ValueError) and on_gui_thread
    assert sys.getswitchinterval() == pytest.approx(default)
