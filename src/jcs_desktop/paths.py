"""Where the application finds its resources and keeps its data.

In a wheel (and a frozen build) ``resources/`` and ``forms/`` travel inside the
package; in a source checkout they sit at the top of the repository.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_REPO_DIR = _PACKAGE_DIR.parent.parent

APP_NAME = "JCS Desktop"
APP_SLUG = "jcs-desktop"


def _bundled(name: str) -> Path:
    inside = _PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return _REPO_DIR / name


def resources_dir() -> Path:
    return _bundled("resources")


def forms_dir() -> Path:
    return _bundled("forms")


def default_workbook_path() -> Path:
    return resources_dir() / "workbook" / "catalyst-for-change.json"


PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def make_private(path: Path, mode: int = PRIVATE_FILE_MODE) -> None:
    """Readable by the owner only (POSIX): the data holds the PIN hash and everyone's scores.

    Set explicitly with chmod, so the user's umask does not decide. Best effort: a file
    that has vanished meanwhile (a -shm removed at close) or one owned by someone else
    (a shared database chosen with --db) is left as it is.
    """
    if os.name != "posix":
        return  # Windows keeps per-user folders private through their ACLs
    with contextlib.suppress(OSError):
        os.chmod(path, mode)


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make it owner-only."""
    path.mkdir(parents=True, exist_ok=True)
    make_private(path, PRIVATE_DIR_MODE)
    return path


def user_data_dir() -> Path:
    """The platform's per-user data folder (created on demand, owner-only).

    ``JCS_DATA_DIR`` overrides it, which keeps tests and demos away from real data.
    """
    override = os.environ.get("JCS_DATA_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_path

        path = user_data_path(APP_SLUG, appauthor=False)
    return private_dir(path)


def user_cache_dir() -> Path | None:
    """Where derived files that can be rebuilt at any time are kept (the validated workbook).

    Inside the data folder, so ``JCS_DATA_DIR`` keeps tests away from the real one. None when
    the folder cannot be made (read-only home): the application then works without a cache.
    """
    try:
        return private_dir(user_data_dir() / "cache")
    except OSError:
        return None


def default_database_url() -> str:
    return f"sqlite:///{user_data_dir() / 'jcs-desktop.sqlite3'}"
