"""The content's error, importable without pydantic (start-up reports it from the GUI)."""

from __future__ import annotations


class ContentError(Exception):
    """A content file is missing, is not valid JSON, or does not match the schema."""
