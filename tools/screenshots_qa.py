"""Visual QA: every screen at the sizes and looks facilitators actually use, checked and drawn.

Usage::

    python tools/screenshots_qa.py [--out /tmp/qa-shots] [--looks NAME ...] [--only SHOT ...] [--no-tabs]

Builds the demo workshop (with the same extra workshops as tools/screenshots.py) in a
temporary database, opens the real MainWindow and, for each look

- ``100``: a 1366×768 laptop, normal text;
- ``140``: 1366×768 with text at 140% (Ctrl+= three times, what a projector needs);
- ``160``: 1366×768 with text at 160% and high contrast (a washed-out projector);
- ``1920``: a 1920×1080 screen, normal text (only when asked for with ``--looks``);

saves one PNG per screen (workshop list, each step page and a few of their states, the
help window, the reconcile room display, the dialogs) as ``<out>/<look>/<shot>.png``.

Each screen is checked with ``jcs_desktop.ui.core.fitcheck.check_fit``: controls cut off for
good, text cut or elided without a tool tip, scroll boxes too flat to use, tables showing
too few rows, widgets covering each other. ``<out>/<look>/report.txt`` lists those, then
what else a machine can notice (scroll bars showing, widgets whose font ignores the text
size, the Tab order). ``<out>/fit.txt`` lists every fit problem; the exit status is 1
when there is any, so a run fails on cut-off controls.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "tools"))
try:  # run from a checkout without installing
    import jcs_desktop  # noqa: F401
except ModuleNotFoundError:
    sys.path.insert(0, str(REPO_ROOT / "src"))

import screenshots  # noqa: E402  (tools/screenshots.py: the demo data and the settle helper)


@dataclass(frozen=True)
class Look:
    name: str
    size: tuple[int, int]
    scale: float
    high_contrast: bool


LOOKS: tuple[Look, ...] = (
    Look("100", (1366, 768), 1.0, False),
    Look("140", (1366, 768), 1.4, False),
    Look("160", (1366, 768), 1.6, True),
    Look("1920", (1920, 1080), 1.0, False),
)
DEFAULT_LOOKS = ("100", "140", "160")


# -- the shots: each brings the window into a state and returns (widget to grab, widget whose Tab order to list) --


def _step(key: str, prepare: Callable | None = None):
    def shot(window, ctx, wid):
        if window.open_workshop_id != wid:
            window.open_workshop(wid)
        page = window.workshop_view.show_step(key)
        if prepare is not None:
            prepare(page, ctx, wid)
        return window, page

    return shot


def shot_list(window, ctx, wid):
    window.show_list()
    window.list_view.select(wid)
    return window, window.list_view


def _score_grid(page, ctx, wid):
    page.show_grid(True)


def _score_cards(page, ctx, wid):
    page.show_grid(False)


def _reconcile_revealed(page, ctx, wid):
    page.set_revealed(True)


def _reconcile_hidden(page, ctx, wid):
    page.set_revealed(False)


def _final_tab(index: int):
    def prepare(page, ctx, wid):
        page.tabs.setCurrentIndex(index)

    return prepare


def _detailed(page, ctx, wid):
    priorities = ctx.services.planning.priority_drivers(wid)
    if priorities:
        page.select(ctx.framework.driver(priorities[0]).elements[0].id)


def _first_action(page, ctx, wid):
    actions = ctx.services.planning.actions(wid)
    if actions:
        page.select_action(actions[0].id)


def shot_help(window, ctx, wid):
    help_window = window.help_window()
    w, h = window.size().width(), window.size().height()
    help_window.resize(int(w * 0.8), int(h * 0.9))
    help_window.show_section("process")
    help_window.show()
    return help_window, help_window


def shot_shortcuts(window, ctx, wid):
    from jcs_desktop.ui.shell.help import SHORTCUTS_ID

    help_window, _ = shot_help(window, ctx, wid)
    help_window.show_section(SHORTCUTS_ID)
    return help_window, help_window


def shot_room(window, ctx, wid):
    page = window.workshop_view.show_step("reconcile") if window.open_workshop_id == wid else None
    if page is None:
        window.open_workshop(wid)
        page = window.workshop_view.show_step("reconcile")
    page.set_revealed(True)
    room = page.open_room_display()
    room.showNormal()
    room.resize(window.size())
    return room, room


def shot_new_workshop(window, ctx, wid):
    window.show_list()
    window.new_action.trigger()
    controller = window.last_dialog
    return controller.dialog, controller.dialog


def _prepare_dialog(open_it: Callable):
    def shot(window, ctx, wid):
        if window.open_workshop_id != wid:
            window.open_workshop(wid)
        page = window.workshop_view.show_step("prepare")
        page.select_row(0)
        open_it(page)
        dialog = page.last_dialog
        dialog = getattr(dialog, "dialog", dialog)  # a form's controller, or the dialog itself
        return dialog, dialog

    return shot


SHOTS: list[tuple[str, Callable]] = [
    ("01-workshop-list", shot_list),
    ("02-prepare", _step("prepare")),
    ("03-score-cards", _step("score", _score_cards)),
    ("03-score-grid", _step("score", _score_grid)),
    ("04-reconcile-hidden", _step("reconcile", _reconcile_hidden)),
    ("04-reconcile-revealed", _step("reconcile", _reconcile_revealed)),
    ("05-final-table", _step("final", _final_tab(0))),
    ("05-final-radar", _step("final", _final_tab(1))),
    ("05-final-bars", _step("final", _final_tab(2))),
    ("06-detailed", _step("detailed", _detailed)),
    ("07-action-plan", _step("actions", _first_action)),
    ("08-delivery", _step("delivery", _first_action)),
    ("09-export", _step("export")),
    ("10-help", shot_help),
    ("10-help-shortcuts", shot_shortcuts),
    ("11-room-display", shot_room),
    ("12-new-workshop-dialog", shot_new_workshop),
    ("13-edit-workshop-dialog", _prepare_dialog(lambda page: page.edit_workshop())),
    ("14-participant-dialog", _prepare_dialog(lambda page: page.edit_participant())),
    ("15-add-participant-dialog", _prepare_dialog(lambda page: page.add_participant())),
    ("16-sector-dialog", _prepare_dialog(lambda page: page.edit_sectors())),
    ("17-pin-dialog", _prepare_dialog(lambda page: page.set_pin())),
]


# -- what a machine can notice -------------------------------------------------------------------------


def _describe(widget) -> str:
    name = widget.objectName() or ""
    acc = widget.accessibleName() or ""
    text = ""
    for attr in ("text", "title", "placeholderText"):
        fn = getattr(widget, attr, None)
        if callable(fn):
            try:
                value = fn()
            except TypeError:
                continue
            if isinstance(value, str) and value:
                text = value
                break
    bits = [type(widget).__name__]
    if name:
        bits.append(f"#{name}")
    if acc:
        bits.append(f"“{acc}”")
    elif text:
        bits.append(f"'{text[:40]}'")
    return " ".join(bits)


def _visible_descendants(root):
    from PySide6.QtWidgets import QWidget

    return [w for w in root.findChildren(QWidget) if w.isVisibleTo(root) and w.isVisible()]


def inspect(root, app, focus_root=None, sheet_path=None) -> list[str]:
    from PySide6.QtWidgets import QAbstractScrollArea

    lines: list[str] = []
    app_pt = app.font().pointSizeF()
    for w in _visible_descendants(root):
        if isinstance(w, QAbstractScrollArea):
            for bar, which in ((w.horizontalScrollBar(), "horizontal"), (w.verticalScrollBar(), "vertical")):
                if bar.isVisible() and bar.maximum() > 0:
                    lines.append(f"scroll   {which:10} {_describe(w)} (range {bar.maximum()})")
        pt = w.font().pointSizeF()
        if pt > 0 and app_pt > 0 and pt < app_pt - 0.05 and not w.property("qa_small_ok"):
            lines.append(f"font     {pt:.1f}pt < app {app_pt:.1f}pt: {_describe(w)}")
    if focus_root is not None:
        lines.extend(tab_order(focus_root, sheet_path=sheet_path))
    return lines


def tab_order(root, limit: int = 80, sheet_path=None) -> list[str]:
    """Which widgets Tab visits from ``root``'s first focusable child, in order, until it comes round.

    With ``sheet_path``, also saves a contact sheet of the first focus stops: each the focused
    control and its surroundings, as the facilitator sees it after pressing Tab.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    candidates = [
        w
        for w in _visible_descendants(root)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isEnabled() and w.focusProxy() is None
    ]
    if not candidates:
        return ["tab      (nothing focusable)"]
    start = candidates[0]
    root.window().activateWindow()  # a dialog or second window takes the keys, as on screen
    QApplication.processEvents()
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    seen = []
    lines = []
    crops = []
    current = QApplication.focusWidget() or start
    for _ in range(limit):
        if current in seen:
            break
        seen.append(current)
        if sheet_path is not None and len(crops) < 24:
            crops.append(_crop_around(current))
        inside = root is current or root.isAncestorOf(current)
        lines.append(f"tab {len(seen):3}  {'' if inside else '(outside) '}{_describe(current)}")
        nxt = current
        for _press in range(4):  # a date edit takes Tab from day to month to year before letting go
            QTest.keyClick(QApplication.focusWidget() or current, Qt.Key.Key_Tab)
            QApplication.processEvents()
            nxt = QApplication.focusWidget()
            if nxt is not current:
                break
        if nxt is None or nxt is current:
            lines.append(f"trapped  Tab stays in {_describe(current)}")
            break
        current = nxt
    missed = [w for w in candidates if w not in seen and w.isVisible()]
    for w in missed[:20]:
        lines.append(f"untabbed {_describe(w)}")
    if sheet_path is not None and crops:
        _save_sheet(crops, sheet_path)
    return lines


def _crop_around(widget, margin: int = 10):
    """The focused widget with a margin, grabbed from its window as drawn."""
    from PySide6.QtCore import QPoint, QRect

    window = widget.window()
    top_left = widget.mapTo(window, QPoint(0, 0))
    rect = QRect(top_left, widget.size()).adjusted(-margin, -margin, margin, margin)
    rect = rect.intersected(window.rect())
    if rect.height() > 220:  # tall views: their top, where the current item usually is
        rect.setHeight(220)
    if rect.width() > 420:
        rect.setWidth(420)
    return window.grab(rect)


def _save_sheet(crops, path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    columns = 4
    cell_w = max(c.width() for c in crops) + 8
    cell_h = max(c.height() for c in crops) + 8
    rows = (len(crops) + columns - 1) // columns
    image = QImage(cell_w * columns, cell_h * rows, QImage.Format.Format_RGB32)
    image.fill(QColor("#808080"))
    painter = QPainter(image)
    for n, crop in enumerate(crops):
        painter.drawPixmap((n % columns) * cell_w + 4, (n // columns) * cell_h + 4, crop)
    painter.setPen(Qt.GlobalColor.red)
    painter.end()
    image.save(str(path))


# -- running -------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/qa-shots"))
    parser.add_argument("--looks", nargs="+", choices=[lk.name for lk in LOOKS], default=list(DEFAULT_LOOKS))
    parser.add_argument("--only", nargs="+", metavar="SHOT", help="only shots whose name contains one of these")
    parser.add_argument("--no-tabs", action="store_true", help="skip the Tab-order listing (faster)")
    args = parser.parse_args(argv)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="jcs-qa-") as tmp:
        os.environ["JCS_DATA_DIR"] = tmp
        from PySide6.QtCore import QSettings

        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, tmp)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        from jcs_desktop.ui.app import _application

        app = _application()

        from jcs_desktop.services import Services
        from jcs_desktop.ui.core.context import AppContext
        from jcs_desktop.ui.shell.main_window import MainWindow

        services = Services.open(f"sqlite:///{Path(tmp) / 'qa.sqlite3'}")
        try:
            wid = screenshots.build_demo(services)
            ctx = AppContext(services)
            window = MainWindow(ctx)
            window.show()
            from jcs_desktop.ui.core.fitcheck import check_fit

            looks = [lk for lk in LOOKS if lk.name in args.looks]
            failures: list[str] = []
            for look in looks:
                folder = args.out / look.name
                folder.mkdir(parents=True, exist_ok=True)
                window.theme.apply(scale=look.scale, high_contrast=look.high_contrast)
                window.resize(*look.size)
                report: list[str] = []
                for name, shoot in SHOTS:
                    if args.only and not any(o in name for o in args.only):
                        continue
                    window.statusBar().showMessage("Every change is saved as you make it.")
                    widget, focus_root = shoot(window, ctx, wid)
                    if widget is window:
                        window.resize(*look.size)
                    window.activateWindow()
                    screenshots._settle(app)
                    path = folder / f"{name}.png"
                    widget.grab().save(str(path))
                    report.append(f"== {name}")
                    problems = check_fit(widget.window(), look.size)
                    for problem in problems:
                        failures.append(f"{look.name:5} {name:26} {problem}")
                    report.extend(f"fit      {problem}" for problem in problems)
                    sheet = folder / f"{name}.focus.png"
                    report.extend(inspect(widget, app, None if args.no_tabs else focus_root, sheet))
                    print(path)
                    if widget is not window:
                        widget.close()
                        screenshots._settle(app)
                (folder / "report.txt").write_text("\n".join(report) + "\n", encoding="utf-8")
            window.close()
        finally:
            services.close()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "fit.txt").write_text("".join(f"{line}\n" for line in failures), encoding="utf-8")
    if failures:
        print(f"{len(failures)} fit problem(s):", file=sys.stderr)
        for line in failures:
            print(f"  {line}", file=sys.stderr)
        return 1
    print("Every screen fits.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
