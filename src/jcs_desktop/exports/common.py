"""What every writer shares: the level colours, safe file replacement, progress reports."""

from __future__ import annotations

import contextlib
import os
import tempfile
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


@contextlib.contextmanager
def atomic_target(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; move it over ``path`` only on success.

    A failed export never leaves a half-written file, nor destroys the previous one.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"The folder {folder} does not exist.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix + ".part", dir=folder)
    except OSError as exc:
        raise ExportError(f"Cannot write in {folder}: {exc.strerror or exc}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        try:
            mode = target.stat().st_mode & 0o777 if target.exists() else _FILE_MODE
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        except OSError as exc:
            raise ExportError(
                f"Cannot save {target}: {exc.strerror or exc}. Is the file open in another program?"
            ) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
