"""Start the GUI: one QApplication, the services, the main window.

Kept light on purpose: nothing here (or in the main window) imports pyqtgraph,
openpyxl, reportlab or Alembic, so the window appears quickly on an old laptop.
"""

from __future__ import annotations

import sys
import traceback

from jcs_desktop.paths import APP_NAME


def _application():
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    from jcs_desktop import __version__

    app.setApplicationVersion(__version__)
    app.setStyle("Fusion")  # the same look on every platform, and palettes (high contrast) are honoured
    return app


def _fail(message: str) -> int:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, message)
    box.setInformativeText("Nothing was changed. Close this message to quit.")
    box.exec()
    return 1


def _install_excepthook(parent_getter) -> None:
    """An unexpected error shows a message instead of vanishing into a console nobody sees."""
    from PySide6.QtWidgets import QMessageBox

    def hook(kind, value, tb) -> None:
        traceback.print_exception(kind, value, tb, file=sys.stderr)
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
    """Open the main window on ``db_url`` (default: the user's own database) and run until it closes."""
    app = _application()
    from jcs_desktop.content.loader import ContentError
    from jcs_desktop.services import Services, StoreError

    try:
        services = Services.open(db_url)
    except StoreError as exc:
        return _fail(f"The workshop database cannot be opened.\n\n{exc}")
    except ContentError as exc:
        return _fail(f"The workbook content cannot be loaded: the installation is damaged.\n\n{exc}")

    from jcs_desktop.ui.context import AppContext
    from jcs_desktop.ui.main_window import MainWindow

    try:
        ctx = AppContext(services)
        window = MainWindow(ctx)
    except StoreError as exc:
        services.close()
        return _fail(f"The workshop database cannot be read.\n\n{exc}")
    _install_excepthook(lambda: window)
    window.show()
    try:
        return app.exec()
    finally:
        services.close()
