"""Shared fixtures: a fresh temporary database per test, and the demo workshop."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

# Offscreen Qt and a private data folder for every test run, set before Qt or the app is imported.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the user's real data folder and database."""
    monkeypatch.setenv("JCS_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("JCS_DB_URL", raising=False)
    # Window geometry, text size and other QSettings go to a private folder too, for this
    # process (setPath) and for any subprocess a test starts (XDG_CONFIG_HOME).
    from PySide6.QtCore import QSettings

    settings = tmp_path_factory.mktemp("settings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(settings))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(settings))


@pytest.fixture(autouse=True)
def _restore_look() -> Iterator[None]:
    """Tests that change text size or contrast leave the application as they found it."""
    yield
    import sys

    theme = sys.modules.get("jcs_desktop.ui.theme")
    if theme is None:
        return
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is not None:
        theme.use_contrast_style(False)
        QApplication.setFont(theme.base_font())
        QApplication.setPalette(theme.normal_palette())


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'workshops.sqlite3'}"


@pytest.fixture
def services(db_url: str) -> Iterator[object]:
    from jcs_desktop.services import Services

    svc = Services.open(db_url)
    yield svc
    svc.close()


@pytest.fixture
def demo_id(services) -> int:
    """The demo workshop (12 participants, every score, agreed scores, 3 actions) in ``services``."""
    import datetime as dt

    from jcs_desktop.services.demo import create_demo_workshop

    return create_demo_workshop(services, today=dt.date(2026, 11, 23))
