"""Screenshots of the reconciliation and final-scores steps, at 1366×768, from the demo workshop.

Run from the repository root:

    QT_QPA_PLATFORM=offscreen PYTHONPATH=src python tools/screenshots_reconcile.py [--out docs/screenshots]

The demo is built in a temporary database and the settings go to a temporary folder, so
nothing of the user's is read or changed. To show a discussion in progress, the element
with the largest divergence has its agreement removed first: the "revealed" screenshot
then shows the median offered as a suggestion, not yet agreed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

SIZE = (1366, 768)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--font-size", type=float, default=10.0, help="application font size in points")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = Path(tempfile.mkdtemp(prefix="jcs-screenshots-"))
    os.environ["JCS_DATA_DIR"] = str(work / "data")

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(work / "settings"))
    app = QApplication.instance() or QApplication(sys.argv)
    font = app.font()
    font.setPointSizeF(args.font_size)
    app.setFont(font)

    from jcs_desktop.services import Services
    from jcs_desktop.services.demo import create_demo_workshop
    from jcs_desktop.ui.core.context import AppContext
    from jcs_desktop.ui.final_scores.page import FinalScoresPage
    from jcs_desktop.ui.reconcile.models import Anonymity, Order
    from jcs_desktop.ui.reconcile.page import ReconcilePage

    services = Services.open(f"sqlite:///{work / 'demo.sqlite3'}")
    wid = create_demo_workshop(services, today=dt.date(2026, 11, 23)).previous
    ctx = AppContext(services)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def save(widget, name: str) -> None:
        settle()
        path = out / name
        widget.grab().save(str(path))
        print(path)

    # Reconcile: the most divergent element, under discussion, before and after the reveal.
    focus = services.scores.results(wid).divergent_elements()[0].element_id
    services.scores.set_agreed(wid, focus, None)
    reconcile = ReconcilePage(ctx)
    reconcile.resize(*SIZE)
    reconcile.set_workshop(wid)
    reconcile.set_order(Order.DIVERGENCE)
    reconcile.set_anonymity(Anonymity.LETTERS)
    reconcile.select_element(focus)
    reconcile.show()
    reconcile.timer.start()
    for _ in range(95):
        reconcile.timer.tick()
    reconcile.timer.pause()
    save(reconcile, "reconcile-hidden.png")
    reconcile.set_revealed(True)
    save(reconcile, "reconcile-revealed.png")
    reconcile.tabs.setCurrentIndex(1)
    save(reconcile, "reconcile-by-sector.png")
    reconcile.tabs.setCurrentIndex(2)
    save(reconcile, "reconcile-by-person.png")
    reconcile.tabs.setCurrentIndex(0)
    room = reconcile.open_room_display()
    room.showNormal()
    room.resize(*SIZE)
    save(room, "room-display.png")
    room.close()
    reconcile.close()

    # Final scores, with the demo's agreement restored, as after a whole Reconcile: every
    # element revealed, so the means of individual totals show.
    reconcile_level = services.scores.results(wid).elements[focus].overall.median
    services.scores.set_agreed(wid, focus, round(reconcile_level or 1))
    ctx.reveal.ensure_open(wid)
    ctx.reveal.reveal_all(services.framework.element_ids())
    final = FinalScoresPage(ctx)
    final.resize(*SIZE)
    final.set_workshop(wid)
    final.show()
    save(final, "final-scores.png")
    final.tabs.setCurrentIndex(1)
    save(final, "radar.png")
    final.tabs.setCurrentIndex(2)
    save(final, "driver-bars.png")
    final.close()
    services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
