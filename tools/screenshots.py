"""Render the documentation screenshots from the demo workshop, offscreen, at 1366×768.

Usage::

    python tools/screenshots.py [--out docs/screenshots] [--only NAME ...] [--list]

The script builds the demo workshop (and two more, so the list looks like a real
facilitator's) in a temporary database, opens the real MainWindow and saves one PNG
per entry of ``SHOTS``. To add a screenshot, write a function
``shot_<name>(window, ctx, workshop_id) -> QWidget`` that brings the window into the
state to show and returns the widget to grab, and add it to ``SHOTS``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SIZE = (1366, 768)
DEMO_DAY = dt.date(2026, 11, 23)

try:  # run from a checkout without installing
    import jcs_desktop  # noqa: F401
except ModuleNotFoundError:
    sys.path.insert(0, str(REPO_ROOT / "src"))


# -- the shots ---------------------------------------------------------------------------------------


def shot_workshop_list(window, ctx, workshop_id):
    window.show_list()
    window.list_view.select(workshop_id)
    return window


def shot_prepare(window, ctx, workshop_id):
    window.open_workshop(workshop_id)
    page = window.workshop_view.show_step("prepare")
    page.select_row(0)
    return window


def shot_new_workshop_dialog(window, ctx, workshop_id):
    window.show_list()
    window.new_action.trigger()
    controller = window.last_dialog
    controller.title.setText("Older people's commissioning: follow-up")
    controller.partnership.setText("Northbridge Health and Care Partnership")
    controller.venue.setText("Civic Centre, Committee Room 2")
    controller.dialog.resize(620, 540)
    return controller.dialog


def shot_help(window, ctx, workshop_id):
    help_window = window.help_window()
    help_window.resize(1100, 700)
    help_window.show_section("process")
    help_window.show()
    return help_window


def shot_prepare_projector(window, ctx, workshop_id):
    """High contrast and larger text, as on a washed-out projector."""
    window.theme.apply(scale=1.25, high_contrast=True)
    return shot_prepare(window, ctx, workshop_id)


SHOTS: list[tuple[str, Callable]] = [
    ("workshop-list", shot_workshop_list),
    ("prepare", shot_prepare),
    ("new-workshop-dialog", shot_new_workshop_dialog),
    ("help", shot_help),
    ("prepare-projector", shot_prepare_projector),
]


# -- the data ------------------------------------------------------------------------------------------


def build_demo(services) -> int:
    """The demo workshop, a follow-up in progress and another partnership's consensus workshop."""
    from jcs_desktop.services.demo import create_demo_workshop
    from jcs_desktop.services.dto import WorkshopFields

    demo_id = create_demo_workshop(services, today=DEMO_DAY).previous
    follow_up = services.workshops.duplicate_as_follow_up(
        demo_id, "Older people's commissioning: six-month review"
    ).previous
    fields = follow_up.fields().model_copy(update={"date": dt.date(2027, 5, 18)})
    services.workshops.update(follow_up.id, fields)
    element_ids = services.framework.element_ids()
    for i, person in enumerate(services.participants.list(follow_up.id)[:5]):
        services.scores.set_many(person.id, {e: 2 + (i + j) % 3 for j, e in enumerate(element_ids[: 12 + 3 * i])})

    other = services.workshops.create(
        WorkshopFields(
            title="Joint commissioning baseline",
            partnership="Eastvale Care Partnership",
            locality="Eastvale",
            date=dt.date(2026, 9, 8),
            route="consensus",
        )
    ).previous
    services.participants.add_many(
        other.id,
        [
            {"display_name": "Rachel Adeyemi", "organisation": "Eastvale ICB", "sector": "NHS"},
            {"display_name": "Owen Pritchard", "organisation": "Eastvale Council", "sector": "Council social care"},
            {"display_name": "Mei Lin", "organisation": "Eastvale Homes", "sector": "Housing"},
        ],
    )
    for j, element_id in enumerate(element_ids[:18]):
        services.scores.set_agreed(other.id, element_id, 1 + j % 3)
    return demo_id


# -- running -------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "screenshots", help="output folder")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these shots")
    parser.add_argument("--list", action="store_true", help="list the shots and exit")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(name for name, _ in SHOTS))
        return 0
    wanted = [(n, f) for n, f in SHOTS if not args.only or n in args.only]
    unknown = set(args.only or ()) - {n for n, _ in SHOTS}
    if unknown:
        parser.error(f"unknown shot(s): {', '.join(sorted(unknown))}")

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="jcs-shots-") as tmp:
        os.environ["JCS_DATA_DIR"] = tmp  # never the user's own data or settings
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, tmp)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        app = QApplication.instance() or QApplication([sys.argv[0]])
        app.setStyle("Fusion")

        from jcs_desktop.services import Services
        from jcs_desktop.ui.core.context import AppContext
        from jcs_desktop.ui.shell.main_window import MainWindow

        services = Services.open(f"sqlite:///{Path(tmp) / 'screenshots.sqlite3'}")
        try:
            workshop_id = build_demo(services)
            ctx = AppContext(services)
            window = MainWindow(ctx)
            window.resize(*SIZE)
            window.show()
            args.out.mkdir(parents=True, exist_ok=True)
            for name, shoot in wanted:
                window.theme.apply(scale=1.0, high_contrast=False)  # each shot starts from the normal look
                window.statusBar().showMessage("Every change is saved as you make it.")
                widget = shoot(window, ctx, workshop_id)
                if widget is window:
                    window.resize(*SIZE)
                _settle(app)
                path = args.out / f"{name}.png"
                widget.grab().save(str(path))
                print(path)
                if widget is not window:
                    widget.close()
            window.close()
        finally:
            services.close()
    return 0


def _settle(app) -> None:
    """Let lazy pages, layouts and paints finish before grabbing."""
    import time

    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)


if __name__ == "__main__":
    sys.exit(main())
