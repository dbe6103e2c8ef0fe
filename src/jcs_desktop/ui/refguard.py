"""Keeps Python's ``None`` alive under PySide6 releases that drop references to it.

PySide6 6.12 on Python 3.11 (where ``None`` is not yet immortal) takes one reference off
``None`` for every call of a Qt method that returns nothing (``setText``, ``show``,
``processEvents``…) and for every Python override of such a method (``paint``, event
handlers, style hooks). Python aborts with "Fatal Python error: none_dealloc: deallocating
None" when the count reaches zero: after some thousands of calls beyond the few thousand
references a fresh interpreter holds — a long workshop session, or the whole UI test suite.

``install(app)`` holds spare references to ``None``, topped up from a timer before they run
low, and never lets them go (not even when the interpreter shuts down, when dropping them
would bring the count to zero after all). It costs 8 bytes per reference lost. Nothing
happens on Python 3.12 and later, where ``None`` cannot be deallocated.
"""

from __future__ import annotations

import sys

CHUNK = 1_000_000
"""Spare references added at a time (8 MB)."""

LOW = 500_000
"""Top up when ``None`` has fewer references than this."""

_spare: list[list[None]] = []
_installed = False


def needed() -> bool:
    return sys.version_info < (3, 12)


def top_up() -> None:
    """Make sure ``None`` has at least ``LOW`` references."""
    if not needed():
        return
    while sys.getrefcount(None) < LOW:
        chunk = [None] * CHUNK
        _keep_forever(chunk)
        _spare.append(chunk)


def _keep_forever(obj: object) -> None:
    """An extra reference Python never gives back, so ``obj`` outlives the interpreter's shutdown."""
    try:
        import ctypes

        ctypes.pythonapi.Py_IncRef(ctypes.py_object(obj))
    except (ImportError, AttributeError, OSError):  # no ctypes: the module's list holds it until shutdown
        pass


def install(app) -> None:
    """Top up now and every few seconds while ``app`` (the QApplication) runs. Safe to call again."""
    global _installed
    if not needed() or _installed:
        return
    from PySide6.QtCore import QTimer

    top_up()
    timer = QTimer(app)
    timer.setObjectName("jcsNoneGuard")
    timer.setInterval(2000)
    timer.timeout.connect(top_up)
    timer.start()
    _installed = True
