"""The services' own errors, importable without pydantic or SQLAlchemy (see store/errors.py)."""

from __future__ import annotations


class ServiceError(ValueError):
    """Input the service refuses; the message is meant to be shown to the user as is."""


class NotFound(ServiceError):
    pass


def too_long(label: str, length: int, limit: int) -> str:
    return f"the {label} is too long ({length:,} characters); at most {limit:,} are allowed"
