"""At start, the Export controller sweeps the folders of recent exports for files killed exports left."""

from __future__ import annotations

import os
import time

import pytest
from PySide6.QtWidgets import QFileDialog, QWidget

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


@pytest.fixture
def ctx(services, qtbot):
    from jcs_desktop.ui.core.context import AppContext

    context = AppContext(services)
    context.settings.clear()
    return context


def test_start_sweeps_the_folders_of_recent_exports(ctx, demo_id, tmp_path, qtbot, monkeypatch):
    from jcs_desktop.ui.export.controller import PDF, ExportController

    target = tmp_path / "Report.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(target), a[-1])))
    holder = QWidget()
    qtbot.addWidget(holder)
    first = ExportController(ctx, holder)
    assert first.sweeper is None  # nothing exported yet: nowhere to look
    assert first.export(demo_id, (PDF,))
    qtbot.waitUntil(lambda: not first.busy, timeout=60_000)
    assert first.recent_folders() == [tmp_path]
    # An export killed later left its temporary file behind.
    left = tmp_path / ".Report-k1ll3d00.pdf.part"
    left.write_bytes(b"")
    old = time.time() - 60
    os.utime(left, (old, old))
    second = ExportController(ctx, holder)  # the next start
    second.sweeper.join(10)
    assert not left.exists()
    assert target.exists()
