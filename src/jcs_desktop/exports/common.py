"""What every writer shares: the level colours, safe file replacement, progress reports."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from jcs_desktop import colours as _colours
from jcs_desktop.paths import resources_dir

Progress = Callable[[float, str], None]

# The same level colours as on screen (jcs_desktop.colours), without the leading '#'
# that openpyxl does not take.
LEVEL_COLOURS = tuple(h.lstrip("#").upper() for h in _colours.LEVEL_COLOURS)
"""Strong colours: chart fills, swatches, band badges."""
LEVEL_TEXT_COLOURS = tuple(h.lstrip("#").upper() for h in _colours.LEVEL_TEXT_COLOURS)
"""Readable text on each strong colour."""
LEVEL_TINTS = tuple(h.lstrip("#").upper() for h in _colours.LEVEL_TINTS)
"""Light tints of the same colours: table cell backgrounds behind dark text."""
INK = "1F2933"
MUTED = "52606D"
RULE = "BCCCDC"
HEADER_FILL = "243B53"
"""Dark blue-grey behind white header text."""
ZEBRA = "F5F7FA"


def level_colour(level: int | None) -> str:
    return LEVEL_COLOURS[(level - 1) % len(LEVEL_COLOURS)] if level else "9AA5B1"


def level_text(level: int | None) -> str:
    """Text colour readable on ``level_colour(level)``."""
    return LEVEL_TEXT_COLOURS[(level - 1) % len(LEVEL_TEXT_COLOURS)] if level else INK


def level_tint(level: int | None) -> str:
    return LEVEL_TINTS[(level - 1) % len(LEVEL_TINTS)] if level else "FFFFFF"


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_current_umask()  # read once, on the main thread, at import
"""mkstemp creates private files; an export is an ordinary document, readable as usual."""


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def no_progress(_fraction: float, _message: str = "") -> None:
    return None


class ExportError(Exception):
    """A file could not be written (folder missing, no permission, disk full); shown as is."""


_PART = re.compile(r"^\..*-[a-z0-9_]{8}\.(?:xlsx|pdf|docx)\.part$")
"""The hidden temporary files ``atomic_target`` creates: ``.<stem>-<8 random>.<ext>.part``."""
_ACTIVE: set[str] = set()
"""Temporary files of the exports running in this process (never swept)."""
_ACTIVE_LOCK = threading.Lock()


def _hold(fd: int) -> bool:
    """Mark an open temporary file as in use, for other processes that sweep the folder."""
    try:
        import fcntl
    except ImportError:  # Windows: an open file cannot be deleted anyway
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def sweep_stale_parts(folder: str | os.PathLike[str], *, before: float | None = None) -> list[Path]:
    """Delete the temporary files that killed exports left in ``folder``; return those deleted.

    Only files of our own naming pattern, last changed before ``before`` (a time stamp;
    default now), and held by no running export (of this process or, where the system
    can say, of another) are removed. Errors are ignored: a file that cannot be removed
    is simply left for next time.
    """
    cutoff = time.time() if before is None else before
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    with _ACTIVE_LOCK:
        active = set(_ACTIVE)
    for entry in entries:
        if not _PART.match(entry.name) or os.path.abspath(entry.path) in active:
            continue
        try:
            if not entry.is_file(follow_symlinks=False) or entry.stat().st_mtime >= cutoff:
                continue
            if _held_elsewhere(entry.path):
                continue
            os.unlink(entry.path)  # on Windows this fails while any program has it open
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def _held_elsewhere(path: str) -> bool:
    if os.name == "nt":
        return False  # the unlink itself refuses a file that is open
    fd = os.open(path, os.O_RDONLY)
    try:
        return not _hold(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_target(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; move it over ``path`` only on success.

    A failed export never leaves a half-written file, nor destroys the previous one.
    Temporary files left by exports that were killed before they could clean up are
    swept from the folder first.
    """
    started = time.time()
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"The folder {folder} does not exist.")
    sweep_stale_parts(folder, before=started)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix + ".part", dir=folder)
    except OSError as exc:
        raise ExportError(f"Cannot write in {folder}: {exc.strerror or exc}") from None
    _hold(fd)  # kept open (and locked) until the export ends, so no other sweep takes it
    tmp = Path(tmp_name)
    key = os.path.abspath(tmp)
    with _ACTIVE_LOCK:
        _ACTIVE.add(key)
    try:
        yield tmp
        try:
            mode = target.stat().st_mode & 0o777 if target.exists() else _FILE_MODE
            os.chmod(tmp, mode)
            if os.name == "nt":  # Windows cannot rename a file that is open
                os.close(fd)
                fd = -1
            os.replace(tmp, target)
        except OSError as exc:
            raise ExportError(
                f"Cannot save {target}: {exc.strerror or exc}. Is the file open in another program?"
            ) from None
    finally:
        if fd >= 0:
            os.close(fd)
        with _ACTIVE_LOCK:
            _ACTIVE.discard(key)
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
