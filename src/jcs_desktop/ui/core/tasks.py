"""Background work through one helper; results come back on the GUI thread by signal.

Workers never touch widgets. A job is a plain function that takes a ``report``
callable (fraction 0..1, message) and returns a result; ``run_task`` shows a
progress dialog while it runs and calls ``on_done`` or ``on_error`` on the GUI thread.
With ``on_cancel`` the dialog has a Cancel button: the job's next ``report`` call then
raises ``TaskCancelled`` so it stops, and whatever it still sends back is ignored.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

Report = Callable[[float, str], None]


class TaskCancelled(Exception):
    """Raised inside a job by its ``report`` callable once the user has pressed Cancel."""


class _Signals(QObject):
    progress = Signal(float, str)
    done = Signal(object)
    failed = Signal(object, str)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Report], object]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self.cancelled = False
        self.setAutoDelete(True)

    def report(self, frac: float, msg: str = "") -> None:
        if self.cancelled:
            raise TaskCancelled()
        self.signals.progress.emit(float(frac), msg)

    def run(self) -> None:
        quick_switches(True)
        try:
            result = self.fn(self.report)
        except Exception as exc:
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.done.emit(result)
        finally:
            quick_switches(False)


WORKING_SWITCH_INTERVAL = 0.0002
"""Seconds between the interpreter's thread switches while a background job runs."""

_switch_lock = threading.Lock()
_switch_users = 0
_switch_default = sys.getswitchinterval()


def quick_switches(on: bool) -> None:
    """Hand the interpreter lock to the GUI thread quickly while any job runs (or the device
    server: its threads answer phones in Python).

    A job (loading the services, writing an export) is Python holding the interpreter lock
    nearly all the time. Every call Qt makes into Python on the GUI thread (a model's data()
    as a table paints, a key press) must then wait for the lock, by default 5 ms each time:
    the window froze for up to 0.4 s while the services loaded at start-up. Only the first
    job to start sets the short interval and only the last to end restores it.
    """
    global _switch_users, _switch_default
    with _switch_lock:
        if on:
            if _switch_users == 0:
                _switch_default = sys.getswitchinterval()
                sys.setswitchinterval(WORKING_SWITCH_INTERVAL)
            _switch_users += 1
        else:
            _switch_users -= 1
            if _switch_users == 0:
                sys.setswitchinterval(_switch_default)


_running: set[_Job] = set()  # keep signal objects alive until the job reports back


def run_task(
    parent: QWidget | None,
    title: str,
    fn: Callable[[Report], object],
    on_done: Callable[[object], None],
    on_error: Callable[[Exception], None],
    *,
    show_progress: bool = True,
    on_cancel: Callable[[], None] | None = None,
) -> QProgressDialog | None:
    """Run ``fn`` on the shared thread pool; returns the progress dialog (if shown)."""
    job = _Job(fn)
    over: list[bool] = []  # set once the dialog is closed for good (closing it emits ``canceled`` too)
    dialog: QProgressDialog | None = None
    if show_progress:
        dialog = QProgressDialog(title, "Cancel" if on_cancel else None, 0, 100, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(200)  # quick jobs finish without a flash of dialog
        dialog.setAutoClose(False)
        dialog.setValue(0)

        def progress(frac: float, msg: str) -> None:
            if job.cancelled or over:
                return
            dialog.setValue(int(frac * 100))
            if msg:
                dialog.setLabelText(msg)

        job.signals.progress.connect(progress)

    def finish() -> None:
        over.append(True)
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()

    def done(result: object) -> None:
        _running.discard(job)  # only now: a cancelled job still reports back through its signals
        if job.cancelled:
            return
        finish()
        on_done(result)

    def failed(exc: Exception, _tb: str) -> None:
        _running.discard(job)
        if job.cancelled:
            return
        finish()
        on_error(exc)

    def cancel() -> None:
        if job.cancelled or over:
            return
        job.cancelled = True
        finish()
        if on_cancel is not None:
            on_cancel()

    if dialog is not None and on_cancel is not None:
        dialog.canceled.connect(cancel)

    job.signals.done.connect(done)
    job.signals.failed.connect(failed)
    _running.add(job)
    QThreadPool.globalInstance().start(job)
    return dialog
