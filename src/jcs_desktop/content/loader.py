"""Load and validate a framework file, with errors that name the file and the place in it."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ValidationError

from jcs_desktop.content.errors import ContentError
from jcs_desktop.content.schema import Framework, GuidanceSection
from jcs_desktop.paths import default_workbook_path, resources_dir

__all__ = ["ContentError", "cached_framework", "load_framework", "load_workbook"]


def _place(loc: tuple[object, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


def read_content_json(path: Path) -> object:
    """The JSON value in the content file ``path``; ContentError naming the file (and the line) if
    it is missing, unreadable, not UTF-8 or not valid JSON."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(f"{path}: content file not found") from None
    except OSError as exc:
        raise ContentError(f"{path}: cannot read content file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ContentError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ContentError(f"{path}: line {exc.lineno}, column {exc.colno}: invalid JSON: {exc.msg}") from None


def validation_failure(path: Path, exc: ValidationError) -> ContentError:
    """A ContentError naming the file and, for each of the first five problems, its place in it."""
    problems = [f"{_place(err['loc'])}: {err['msg']}" for err in exc.errors()]
    shown = "; ".join(problems[:5])
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    return ContentError(f"{path}: {shown}{more}")


def load_framework(path: Path | str) -> Framework:
    """Read ``path`` and validate it; raise ContentError with a precise message on failure."""
    path = Path(path)
    data = read_content_json(path)
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        raise validation_failure(path, exc) from None


CACHE_FORMAT = 1
"""Bump when what is pickled changes shape in a way the key below would not notice."""


def _cache_key(text: bytes) -> str:
    """What a cached copy must match: the file's bytes, the schema's source and pydantic's version.

    The schema file is part of the key so a changed validator (in a source checkout, where
    the version number does not move) never serves a copy validated by the old rules.
    """
    import pydantic

    digest = hashlib.sha256(text)
    digest.update(Path(__file__).with_name("schema.py").read_bytes())
    digest.update(f"{pydantic.VERSION}|{CACHE_FORMAT}".encode())
    return digest.hexdigest()[:32]


def cached_framework(path: Path | str, cache_dir: Path | None) -> Framework:
    """``load_framework(path)``, but taken from ``cache_dir`` when validated before.

    Validating the workbook builds pydantic's validators for every schema class, which costs
    more than everything else a start-up does with the content; the validated object is kept
    as a pickle named by its cache key, in the user's own data folder, and read back in a
    couple of milliseconds. Any change to the file (or the schema) gives a new key, so a
    stale copy is never used; a copy that cannot be read is ignored and written again.
    """
    path = Path(path)
    if cache_dir is None:
        return load_framework(path)
    try:
        raw = path.read_bytes()
    except OSError:
        return load_framework(path)  # which says precisely what is wrong with the file
    target = cache_dir / f"workbook-{_cache_key(raw)}.pickle"
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        framework = pickle.loads(target.read_bytes())
        if isinstance(framework, Framework):
            return framework
    framework = load_framework(path)
    with contextlib.suppress(OSError):
        cache_dir.mkdir(parents=True, exist_ok=True)
        for old in cache_dir.glob("workbook-*.pickle"):
            with contextlib.suppress(OSError):
                old.unlink()
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".workbook-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                pickle.dump(framework, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)  # whole or not at all: a reader never sees half a file
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return framework


@lru_cache(maxsize=1)
def load_workbook() -> Framework:
    """The bundled "A Catalyst for Change" workbook (loaded once per process, cached across runs)."""
    from jcs_desktop.paths import user_cache_dir

    return cached_framework(default_workbook_path(), user_cache_dir())


class _AppGuide(BaseModel):
    sections: list[GuidanceSection]


@lru_cache(maxsize=1)
def load_app_guide() -> list[GuidanceSection]:
    """The application's own help sections (how to use its features, not the workbook's
    guidance): ``resources/help/app-guide.json``, checked by the same schema as the workbook's."""
    path = resources_dir() / "help" / "app-guide.json"
    try:
        return _AppGuide.model_validate_json(path.read_bytes()).sections
    except (OSError, ValidationError) as exc:
        raise ContentError(f"{path.name}: {exc}") from exc
