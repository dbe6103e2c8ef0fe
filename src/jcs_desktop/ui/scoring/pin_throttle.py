"""A growing wait after wrong PINs, so that nobody can try every 4-digit PIN at the shared screen.

The first few mistakes cost nothing (fingers slip); from the third wrong PIN in a row each
one locks the PIN entry for twice as long as the one before: 2, 4, 8, 16, 32 seconds, then
a minute at most. The right PIN clears the count. The wait runs on a QTimer, so the window
stays responsive while it counts down.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

FREE_ATTEMPTS = 2
"""Wrong PINs allowed before the first wait."""
FIRST_WAIT_SECONDS = 2
LONGEST_WAIT_SECONDS = 60


def wait_after(failures: int) -> int:
    """Seconds to wait after ``failures`` wrong PINs in a row: 0, 0, 2, 4, 8, ... at most 60."""
    if failures <= FREE_ATTEMPTS:
        return 0
    return min(FIRST_WAIT_SECONDS * 2 ** (failures - FREE_ATTEMPTS - 1), LONGEST_WAIT_SECONDS)


def wait_text(seconds: int) -> str:
    unit = "second" if seconds == 1 else "seconds"
    return f"Too many wrong PINs. Try again in {seconds} {unit}."


class PinThrottle(QObject):
    """Counts wrong PINs and, when they pile up, locks PIN entry for a while.

    ``changed(seconds_left)`` is emitted when a wait starts, every second of it, and with 0
    when it ends; the PIN screens show it and disable their entry meanwhile.
    """

    changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.failures = 0
        self.seconds_left = 0
        self.tick_ms = 1000  # one second; tests shorten it
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)

    @property
    def locked(self) -> bool:
        return self.seconds_left > 0

    def failed(self) -> int:
        """Count one wrong PIN; returns the seconds to wait before the next try (0: none)."""
        self.failures += 1
        wait = wait_after(self.failures)
        if wait:
            self.seconds_left = wait
            self._timer.start(self.tick_ms)
            self.changed.emit(wait)
        return wait

    def succeeded(self) -> None:
        self.failures = 0
        self._stop()

    def _tick(self) -> None:
        self.seconds_left = max(0, self.seconds_left - 1)
        if self.seconds_left == 0:
            self._timer.stop()
        self.changed.emit(self.seconds_left)

    def _stop(self) -> None:
        was_locked = self.locked
        self.seconds_left = 0
        self._timer.stop()
        if was_locked:
            self.changed.emit(0)
