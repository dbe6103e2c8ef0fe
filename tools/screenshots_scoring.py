"""Screenshots of the Score step for docs/screenshots/, rendered offscreen at 1366×768.

Builds the demo workshop in a temporary database (nothing touches the user's data),
takes four participants back to part-way through scoring so the picker looks like
the middle of a workshop, and saves:

- participant-picker.png: participant mode's name picker;
- element-card.png: one element card, with a level chosen, the timer and the note field;
- facilitator-grid.png: the Score page with the facilitator's keying grid.

Run from the repository root:
    QT_QPA_PLATFORM=offscreen PYTHONPATH=src python tools/screenshots_scoring.py [out_dir]

With ``--fit OUT`` it instead renders, at 1366×768 and 100 %, 140 % and 160 % text, the Score
page, the grid and every participant-mode screen (names, PIN, card, your scores, the
warning about open elements, hand-over, leaving) into ``OUT/<percent>/<screen>.png``, to
look at; tests/test_ui_scoring_fit.py checks the same screens by machine.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
SIZE = (1366, 768)


FIT_SCALES = (1.0, 1.4, 1.6)


def _demo(services, tmp: str):
    """The demo workshop, four people part-way through, with notes and the timer on."""
    from PySide6.QtCore import QSettings

    from jcs_desktop.services.demo import create_demo_workshop
    from jcs_desktop.ui.core.context import AppContext

    workshop_id = create_demo_workshop(services, today=dt.date(2026, 11, 23)).previous
    ctx = AppContext(services)
    ctx.settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
    ctx.settings.setValue("scoring/timer", True)
    ctx.settings.setValue("scoring/notes", True)
    order = services.framework.element_ids()
    people = services.participants.list(workshop_id)
    for person, stop in zip(people[1::3], (6, 0, 14, 22), strict=False):
        services.scores.set_many(person.id, dict.fromkeys(order[stop:]))
    return ctx, workshop_id, people, order


def fit_shots(out: Path) -> list[Path]:
    """Every Score-step screen at each text size in FIT_SCALES, as a facilitator's laptop shows it."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    app.setApplicationName("JCS Desktop")
    from jcs_desktop.services import Services
    from jcs_desktop.ui.shell.main_window import MainWindow

    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        services = Services.open(f"sqlite:///{tmp}/demo.sqlite3")
        ctx, workshop_id, people, _order = _demo(services, tmp)
        services.workshops.set_pin(workshop_id, "2468")
        main_window = MainWindow(ctx)
        main_window.resize(*SIZE)
        main_window.show()
        main_window.open_workshop(workshop_id)
        page = main_window.workshop_view.show_step("score")

        def settle() -> None:
            for _ in range(4):
                app.processEvents()

        for scale in FIT_SCALES:
            folder = out / f"{round(scale * 100)}"
            folder.mkdir(parents=True, exist_ok=True)

            def save(widget, name: str, folder: Path = folder) -> None:
                settle()
                path = folder / f"{name}.png"
                widget.grab().save(str(path))
                saved.append(path)

            main_window.theme.apply(scale)
            save(main_window, "score")
            page.show_grid(True)
            save(main_window, "facilitator-grid")
            page.show_grid(False)
            page.start_participant_mode(full_screen=False)
            window = page.participant_window
            window.resize(*SIZE)
            save(window, "participant-picker")
            window.pick(people[1].id)
            save(window, "participant-pin")
            window.enter(people[1].id)
            window.start()
            save(window, "element-card")
            window.show_summary()
            save(window, "your-scores")
            window.finish()
            save(window, "unanswered-warning")
            window.hand_over()
            save(window, "hand-over")
            window.request_exit()
            save(window, "leaving")
            window.leave()
            settle()
        main_window.theme.apply(1.0)
        main_window.close()
        services.close()
    return saved


def main(argv: list[str]) -> int:
    if len(argv) > 2 and argv[1] == "--fit":
        for path in fit_shots(Path(argv[2])):
            print(path)
        return 0
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv[:1])
    app.setApplicationName("JCS Desktop")

    from jcs_desktop.services import Services
    from jcs_desktop.services.demo import create_demo_workshop
    from jcs_desktop.ui.core.context import AppContext
    from jcs_desktop.ui.scoring.page import ScorePage
    from jcs_desktop.ui.scoring.participant_mode import ParticipantModeWindow

    with tempfile.TemporaryDirectory() as tmp:
        services = Services.open(f"sqlite:///{tmp}/demo.sqlite3")
        workshop_id = create_demo_workshop(services, today=dt.date(2026, 11, 23)).previous
        ctx = AppContext(services)
        ctx.settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        ctx.settings.setValue("scoring/timer", True)
        ctx.settings.setValue("scoring/notes", True)

        order = services.framework.element_ids()
        people = services.participants.list(workshop_id)
        # The middle of a workshop: some people have not finished yet.
        for person, stop in zip(people[1::3], (6, 0, 14, 22), strict=False):
            services.scores.set_many(person.id, dict.fromkeys(order[stop:]))

        def settle() -> None:
            for _ in range(3):
                app.processEvents()

        window = ParticipantModeWindow(ctx, workshop_id)
        window.resize(*SIZE)
        window.show()
        settle()
        window.grab().save(str(out / "participant-picker.png"))

        services.scores.set_score(people[1].id, order[6], 3)
        window.pick(people[1].id)
        window.show_element(order[6])  # "Element 7 of 30 · driver 2 of 6", level 3 chosen
        settle()
        window.grab().save(str(out / "element-card.png"))
        window.leave()

        page = ScorePage(ctx)
        page.set_workshop(workshop_id)
        page.resize(*SIZE)
        page.show()
        page.show_grid(True)
        page.grid.view.setCurrentIndex(page.grid.model.index(4, 7))
        settle()
        page.grab().save(str(out / "facilitator-grid.png"))
        page.close()
        services.close()

    for name in ("participant-picker.png", "element-card.png", "facilitator-grid.png"):
        print(out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
