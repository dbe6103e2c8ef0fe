"""Load and validate a framework file, with errors that name the file and the place in it."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from jcs_desktop.content.schema import Framework
from jcs_desktop.paths import default_workbook_path


class ContentError(Exception):
    """A content file is missing, is not valid JSON, or does not match the schema."""


def _place(loc: tuple[object, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


def load_framework(path: Path | str) -> Framework:
    """Read ``path`` and validate it; raise ContentError with a precise message on failure."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(f"{path}: content file not found") from None
    except OSError as exc:
        raise ContentError(f"{path}: cannot read content file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ContentError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ContentError(f"{path}: line {exc.lineno}, column {exc.colno}: invalid JSON: {exc.msg}") from None
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        problems = [f"{_place(err['loc'])}: {err['msg']}" for err in exc.errors()]
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise ContentError(f"{path}: {shown}{more}") from None


@lru_cache(maxsize=1)
def load_workbook() -> Framework:
    """The bundled "A Catalyst for Change" workbook (loaded once per process)."""
    return load_framework(default_workbook_path())
