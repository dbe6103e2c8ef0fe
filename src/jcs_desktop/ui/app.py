"""Start the GUI: one QApplication, the services, the main window.

Kept light on purpose: nothing here (or in the main window) imports pyqtgraph,
openpyxl, reportlab or Alembic, so the window appears quickly on an old laptop.
"""

from __future__ import annotations

import gc
import sys
import traceback

from jcs_desktop.paths import APP_NAME


def _application():
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    # Widgets with a style sheet of their own then follow the app-wide text size and contrast too.
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_UseStyleSheetPropagationInWidgetStyles, True)
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    from jcs_desktop import __version__

    app.setApplicationVersion(__version__)
    app.setStyle("Fusion")  # the same look on every platform, and palettes (high contrast) are honoured
    from jcs_desktop.ui.widgets.theme import install_app_style, normal_palette

    install_app_style(app)  # Fusion, with outlines that also show in high contrast
    app.setPalette(normal_palette())  # before the first widget: none needs repolishing for it
    return app


def _splash():
    """Something on screen at once, while the database and the workbook content load.

    Loading SQLAlchemy, pydantic and the workbook takes most of a second on a slow
    laptop; the facilitator should see the application respond long before that.
    A frameless label rather than QSplashScreen, whose show() can wait up to a second
    for the window system on some platforms.
    """
    import time

    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
    from PySide6.QtWidgets import QApplication, QLabel

    from jcs_desktop import __version__

    pixmap = QPixmap(520, 200)
    pixmap.fill(QColor("#0b3d91"))
    painter = QPainter(pixmap)
    painter.setPen(QColor("white"))
    title = QFont(painter.font())
    title.setPointSize(24)
    title.setBold(True)
    painter.setFont(title)
    painter.drawText(pixmap.rect().adjusted(28, 40, -28, -100), Qt.AlignmentFlag.AlignLeft, APP_NAME)
    small = QFont(painter.font())
    small.setPointSize(11)
    small.setBold(False)
    painter.setFont(small)
    painter.drawText(
        pixmap.rect().adjusted(28, 110, -28, -20),
        Qt.AlignmentFlag.AlignLeft,
        f"Version {__version__}\nOpening your workshops…",
    )
    painter.end()
    splash = QLabel()
    splash.setObjectName("splash")
    splash.setPixmap(pixmap)
    splash.setWindowFlags(Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
    splash.show()
    # Let the window system map and paint it before the loading blocks the event loop.
    deadline = time.monotonic() + 0.3
    while time.monotonic() < deadline:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        handle = splash.windowHandle()
        if handle is not None and handle.isExposed():
            break
    splash.repaint()
    return splash


def _fail(message: str) -> int:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, message)
    box.setInformativeText("Nothing was changed. Close this message to quit.")
    box.exec()
    return 1


def _offer_restore_at_start(db_url: str | None, problem: Exception) -> bool | None:
    """A damaged database with backups: offer to restore one before giving up.

    Returns None when there is nothing to offer, False when the user declines (or the
    restore fails, already reported), True when a backup was put in place.
    """
    from PySide6.QtWidgets import QMessageBox

    from jcs_desktop.paths import default_database_url
    from jcs_desktop.services.backups import DamagedDatabase, StoreError, sqlite_file

    path = sqlite_file(db_url or default_database_url())
    if not isinstance(problem, DamagedDatabase) or path is None:
        return None
    from jcs_desktop.services.backups import backup_folder, list_backups, restore_file

    backups = list_backups(path)
    if not any(b.workshops is not None for b in backups):
        return None
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, f"The workshop database cannot be opened.\n\n{problem}")
    box.setObjectName("damagedAtStartBox")
    box.setInformativeText(
        "Its automatic backups can be restored. The damaged file is kept in the backups folder first."
    )
    restore = box.addButton("&Restore from backup…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    if box.clickedButton() is not restore:
        return False
    from jcs_desktop.ui.dialogs.backup_dialog import RestoreBackupDialog

    chosen: list = []
    dialog = RestoreBackupDialog(None, backups, chosen.append, folder=backup_folder(path))
    dialog.exec()
    if not chosen:
        return False
    try:
        restore_file(path, chosen[0])
    except StoreError as exc:
        _fail(str(exc))
        return False
    return True


def _install_excepthook(parent_getter) -> None:
    """An unexpected error shows a message instead of vanishing into a console nobody sees."""
    from PySide6.QtWidgets import QMessageBox

    from jcs_desktop.services import StoreError

    def hook(kind, value, tb) -> None:
        traceback.print_exception(kind, value, tb, file=sys.stderr)
        if isinstance(value, StoreError):
            # A damaged, locked or unreachable database: the message says what to do.
            QMessageBox(QMessageBox.Icon.Warning, APP_NAME, str(value), parent=parent_getter()).exec()
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            APP_NAME,
            "Something went wrong, but your work so far is saved.",
            parent=parent_getter(),
        )
        box.setDetailedText("".join(traceback.format_exception(kind, value, tb)))
        box.exec()

    sys.excepthook = hook


def run_gui(db_url: str | None = None) -> int:
    """Open the main window on ``db_url`` (default: the user's own database) and run until it closes.

    The usual start (a SQLite file at the current schema) shows the real main window with the
    workshop list first, read with sqlite3 alone, and loads the services (SQLAlchemy, the
    workbook, the schema check) in the background meanwhile: the list can be searched and
    sorted at once, and whatever needs the services waits for them. Any other start — a first
    run, a file to migrate, a damaged or locked file, a server — goes the careful way: a
    splash, the services opened first, then the window.
    """
    app = _application()
    from jcs_desktop.services.quick import first_list

    listing = first_list(db_url)
    if listing is not None:
        started = _start_with_list(app, db_url, listing)
        if started is not None:
            return started
    return _start_after_services(app, db_url)


def _start_with_list(app, db_url: str | None, listing) -> int | None:
    """The main window at once, the services behind it; None when another program holds the file."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from jcs_desktop.ui.core.store_lock import StoreLock

    lock = StoreLock(listing.path)
    if not lock.acquire():
        return None  # the careful way asks whether to go on (and says who holds it)
    from jcs_desktop.ui.core.context import AppContext
    from jcs_desktop.ui.core.tasks import run_task
    from jcs_desktop.ui.shell.main_window import MainWindow

    ctx = AppContext(None)
    window = MainWindow(ctx, first_list=listing)
    _install_excepthook(lambda: window)
    window.show()
    holder: list = []

    def load(_report) -> object:
        from jcs_desktop.services import Services

        return Services.open(db_url)

    def loaded(services: object) -> None:
        _collect_again(freeze=True)
        holder.append(services)
        ctx.attach(services)  # type: ignore[arg-type]

    def failed(exc: Exception) -> None:
        _collect_again(freeze=False)
        # Rare (the file read well a moment ago): say what is wrong and close, as a failed
        # start always has; nothing was changed.
        ctx.loading_failed(exc)
        window.hide()
        what = "workbook content" if type(exc).__name__ == "ContentError" else "workshop database"
        _fail(f"The {what} cannot be opened.\n\n{exc}")
        QApplication.exit(1)

    started: list[bool] = []

    def start_loading() -> None:
        if not started:
            started.append(True)
            # No garbage collection while the services load: the imports make hundreds of
            # thousands of objects, each full collection walks them all holding the interpreter
            # lock (50-200 ms), and the window froze for that long, several times.
            gc.disable()
            run_task(None, "Opening your workshops", load, loaded, failed, show_progress=False)

    # Started once the list has been painted with its rows: painting them calls into Python
    # for every cell, and with the loading thread holding the interpreter lock each of those
    # calls waits for it (the first paint of the rows took a few hundred ms that way). A
    # queued call alone came too early: Qt posts paints at a lower priority than calls.
    def after_rows_painted() -> None:
        table = window.list_view.table
        if window.list_view.model.rowCount() and table.isVisible():
            _after_next_paint(table.viewport(), start_loading)
            QTimer.singleShot(500, start_loading)  # should no paint come (a window kept hidden)
        else:
            start_loading()

    window.list_view.listed.connect(after_rows_painted, Qt.ConnectionType.QueuedConnection)
    try:
        return app.exec()
    finally:
        started.append(False)  # a load not yet started never starts once the window has closed
        if holder:
            holder[0].close()
        lock.release()


def _after_next_paint(widget, then) -> None:
    """Call ``then`` once ``widget`` has been painted (from the event loop, after the paint)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watcher(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, then)
                self.deleteLater()
            return False

    widget.installEventFilter(Watcher(widget))


def _collect_again(*, freeze: bool) -> None:
    """Garbage collection back on after the services loaded (see ``start_loading``).

    With ``freeze`` what exists by then (modules, classes, the workbook content: kept for the
    whole run) is left out of later collections, which then walk only what the workshop adds.
    """
    if freeze:
        gc.freeze()
    gc.enable()


def _start_after_services(app, db_url: str | None) -> int:
    splash = _splash()
    from jcs_desktop.content.errors import ContentError
    from jcs_desktop.services import Services, StoreError

    try:
        services = Services.open(db_url)
    except StoreError as exc:
        splash.close()
        restored = _offer_restore_at_start(db_url, exc)
        if restored is None:
            return _fail(f"The workshop database cannot be opened.\n\n{exc}")
        if not restored:
            return 1
        try:
            services = Services.open(db_url)
        except StoreError as again:
            return _fail(f"The workshop database cannot be opened.\n\n{again}")
    except ContentError as exc:
        splash.close()
        return _fail(f"The workbook content cannot be loaded: the installation is damaged.\n\n{exc}")

    lock = None
    if services.db.sqlite_path is not None:
        from jcs_desktop.ui.core.store_lock import StoreLock, ask_to_continue

        lock = StoreLock(services.db.sqlite_path)
        if not lock.acquire():
            splash.close()
            if not ask_to_continue(lock.holder(), services.db.where):
                services.close()
                return 0

    from jcs_desktop.ui.core.context import AppContext
    from jcs_desktop.ui.shell.main_window import MainWindow

    try:
        ctx = AppContext(services)
        window = MainWindow(ctx)
    except StoreError as exc:
        splash.close()
        services.close()
        if lock is not None:
            lock.release()
        return _fail(f"The workshop database cannot be read.\n\n{exc}")
    _install_excepthook(lambda: window)
    window.show()
    splash.close()
    try:
        return app.exec()
    finally:
        services.close()
        if lock is not None:
            lock.release()
