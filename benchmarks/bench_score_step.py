"""What the Score step itself costs per participant-mode key press, without the other steps.

``bench_interaction.py`` builds every step page, so its figures add up what every page does
on a change. This one opens the same workshop (40 participants × every element, 1366×768,
offscreen) with ONLY the Score page built and shown, and times the same participant-mode
key presses the same way (key event until the event loop is idle), with the same count of
write and read transactions. ``--profile FILE`` writes a cProfile of the presses. Run by hand:

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_score_step.py [--presses 200] [--profile out.prof]
"""

from __future__ import annotations

import argparse
import cProfile
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_interaction as bench  # beside this file, found through the line above


def build(tmp: Path):
    from PySide6.QtCore import QSettings

    from jcs_desktop.services import Services
    from jcs_desktop.ui.core.context import AppContext
    from jcs_desktop.ui.shell.main_window import MainWindow

    services = Services.open(f"sqlite:///{tmp / 'bench.sqlite3'}")
    services.workshops.create({"title": "Benchmark workshop", "route": "individual"})
    workshop_id = services.workshops.list()[0].id
    people = [{"display_name": f"Person {i + 1}"} for i in range(bench.PARTICIPANTS)]
    services.participants.add_many(workshop_id, people)
    ids = [p.id for p in services.participants.list(workshop_id)]
    elements = services.framework.element_ids()
    k = services.framework.level_count
    services.scores.import_scores(
        workshop_id, {pid: {e: 1 + (i + j) % k for j, e in enumerate(elements)} for i, pid in enumerate(ids)}
    )
    ctx = AppContext(services)
    ctx.settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    ctx.settings.setValue(f"workshops/{workshop_id}/step", "score")  # opens on Score: no other page is built
    window = MainWindow(ctx)
    window.resize(1366, 768)
    window.show()
    view = window.open_workshop(workshop_id)
    view._pending = []  # nor built later, when the window is idle
    view._idle.stop()
    view.show_step("score")
    assert list(view.pages()) == ["score"], view.pages()
    return services, ctx, window, workshop_id, ids, elements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--profile", default="", help="write a cProfile of the presses to this file")
    args = parser.parse_args()
    sys.setrecursionlimit(10_000)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        base = bench.baseline(app, args.presses)
        services, ctx, window, workshop_id, people, elements = build(Path(tmp))
        from jcs_desktop.store.counting import TransactionCounter

        counter = TransactionCounter(services.db.engine)
        bench.settle(app)
        profile = cProfile.Profile() if args.profile else None
        if profile is not None:
            profile.enable()
        times, writes, reads = bench.participant_presses(app, ctx, workshop_id, people, elements, counter, args.presses)
        if profile is not None:
            profile.disable()
            profile.dump_stats(args.profile)
        print(f"{bench.PARTICIPANTS} participants × {len(elements)} elements, only the Score page built, 1366×768")
        bench.report("baseline: QLabel repaint", base)
        bench.report("participant mode: level key", times, writes, reads)
        window.close()
        services.close()


if __name__ == "__main__":
    main()
