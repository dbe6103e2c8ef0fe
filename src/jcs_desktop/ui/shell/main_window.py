"""The main window: the list of workshops, or one open workshop walked through in steps.

Public API for tests and other pages:
``MainWindow(ctx)``, ``open_workshop(id)``, ``show_list()``, ``workshop_view``
(``show_step(key)``, ``page(key)``), ``list_view`` (the list page: ``.table``,
``.search``, ``.model``, ``.proxy``), ``export_menu``, ``theme``, ``help_window()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu, QMessageBox, QWidget

from jcs_desktop import __version__
from jcs_desktop.paths import APP_NAME
from jcs_desktop.services import ServiceError, StoreError
from jcs_desktop.services.changes import Changes
from jcs_desktop.ui.core import undo_keys
from jcs_desktop.ui.core.context import WORKSHOPS, AppContext, Change
from jcs_desktop.ui.shell.database_actions import DatabaseActions
from jcs_desktop.ui.shell.workshop_list import WorkshopListPage
from jcs_desktop.ui.widgets.layouts import CurrentPageStack
from jcs_desktop.ui.widgets.theme import Theme

if TYPE_CHECKING:
    from jcs_desktop.services.dto import WorkshopFields
    from jcs_desktop.services.quick import FirstList
    from jcs_desktop.ui.shell.workshop_view import WorkshopView

GEOMETRY_KEY = "window/geometry"
SMALLEST_REMEMBERED = (640, 400)
"""A remembered window smaller than this is not restored (see ``_restore_window``)."""
STATE_KEY = "window/state"


class MainWindow(DatabaseActions, QMainWindow):
    """The main window; ``first_list`` lets it show before the services have loaded.

    At start-up (``ui/app.py``) the services load in the background while this window shows
    the list read by ``services.quick``; when ``ctx.ready`` fires, the backups start and the
    list is read again through the services. Anything that needs the services before then
    waits for them (``ctx.services``).
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, first_list: FirstList | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.ctx = ctx
        ctx.window = self  # where refused undos and redos are reported
        self.theme = Theme(ctx, self)
        self._help = None
        self.progress_window = None
        """The progress and comparison window, once first opened (Ctrl+Shift+G)."""
        self.last_dialog: object | None = None  # the last dialog opened (its controller), for tests and scripts
        self.last_message: QMessageBox | None = None  # the last result box of a background job
        if first_list is None or ctx.is_ready:
            first_list = None
            self._where = ctx.services.db.where
            self._is_file = ctx.services.db.sqlite_path is not None
            self._start_backups()
        else:
            self._where, self._is_file = first_list.where, True  # the quick list reads SQLite files only
            self.backups = None
            self._backup_running = False
            ctx.ready.connect(self._services_ready)

        self.list_view = WorkshopListPage(ctx)
        self._view: WorkshopView | None = None  # built when a workshop is first opened
        self.stack = CurrentPageStack()
        self.stack.addWidget(self.list_view)
        self.setCentralWidget(self.stack)

        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self.list_view.add_actions([self.new_action, None, self.open_action, self.duplicate_action, self.delete_action])
        self.list_view.open_requested.connect(self.open_workshop)
        self.list_view.selection_changed.connect(self._update_actions)
        QShortcut(
            QKeySequence(QKeySequence.StandardKey.Find),
            self.list_view,
            self.list_view.focus_search,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        ctx.changed.connect(self._on_change)
        ctx.status_message.connect(self.show_status)

        self.theme.apply_saved()
        self.high_contrast_action.setChecked(self.theme.high_contrast)
        self._restore_window()
        self.list_view.restore_state()
        if first_list is None:
            self.list_view.refresh()
        else:
            # The rows go in once the window has been painted (see paintEvent): sorting a
            # thousand of them takes longer than painting the window.
            rows = first_list.rows
            self._after_first_paint = lambda: self.list_view.rows_pending and self.list_view.show_rows(rows)
            self.list_view.expect_rows()
        self.show_list()

    def _services_ready(self) -> None:
        self._start_backups()
        self.list_view.refresh()  # what the services list, row by row (nothing moves if nothing changed)
        self._update_actions()

    _after_first_paint = None

    @property
    def workshop_view(self) -> WorkshopView:
        """The open workshop's frame (steps and pages), built on first use.

        Not at start-up: its modules and widgets are not needed to show the list, and the
        window appears sooner without them.
        """
        if self._view is None:
            from jcs_desktop.ui.shell.workshop_view import WorkshopView

            self._view = WorkshopView(self.ctx)
            self.stack.addWidget(self._view)
            self._view.back_requested.connect(self.show_list)
        return self._view

    def _in_workshop(self) -> bool:
        return self._view is not None and self.stack.currentWidget() is self._view

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._after_first_paint is not None:
            QTimer.singleShot(0, self, self._after_first_paint)
            self._after_first_paint = None

    # -- building -------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut=None, *, tip: str = "", name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list | tuple):
                action.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        if name:
            action.setObjectName(name)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(
            "&New workshop…",
            self.new_workshop,
            QKeySequence.StandardKey.New,
            tip="Create a workshop (Ctrl+N)",
            name="newWorkshopAction",
        )
        self.open_action = self._action(
            "&Open\tEnter", self.open_selected, tip="Open the selected workshop (Enter)", name="openWorkshopAction"
        )
        self.open_action.setIconText("Open")
        self.duplicate_action = self._action(
            "Duplicate as &follow-up",
            self.duplicate_workshop,
            tip="A new workshop for the same partnership and participants, with no scores",
            name="duplicateWorkshopAction",
        )
        self.series_action = self._action(
            "Attach to &series…",
            self.attach_to_series,
            tip="Choose the earlier workshop of the same partnership that this one follows",
            name="seriesWorkshopAction",
        )
        self.delete_action = self._action(
            "&Delete…",
            self.delete_workshop,
            QKeySequence.StandardKey.Delete,
            tip="Delete the selected workshop (asks first; Ctrl+Z brings it back)",
            name="deleteWorkshopAction",
        )
        # Delete only acts from the list, so the Delete key keeps its meaning in tables and text fields.
        self.removeAction(self.delete_action)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.list_view.addAction(self.delete_action)
        self.restore_action = self._action(
            "&Restore from backup…",
            self.restore_backup,
            tip="Go back to one of the automatic backups of your workshops",
            name="restoreBackupAction",
        )
        self.check_action = self._action(
            "&Check database",
            self.check_database,
            tip="Look through the whole database file for damage",
            name="checkDatabaseAction",
        )
        for action in (self.restore_action, self.check_action):
            action.setEnabled(self._is_file)  # SQLite files only: a server keeps its own
        self.quit_action = self._action(
            "&Quit", self.close, "Ctrl+Q", tip="Close JCS Desktop (everything is already saved)", name="quitAction"
        )

        self.undo_action = self.ctx.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.undo_action.setObjectName("undoAction")
        self.redo_action = self.ctx.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setObjectName("redoAction")
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        # Ctrl+Z also works from a text box that has nothing of its own to undo.
        undo_keys.install(self.undo_action, self.redo_action)

        self.larger_action = self._action(
            "&Larger text", self.theme.larger, ("Ctrl+=", "Ctrl++"), name="largerTextAction"
        )
        self.smaller_action = self._action("&Smaller text", self.theme.smaller, "Ctrl+-", name="smallerTextAction")
        self.reset_text_action = self._action("&Normal text size", self.theme.reset, "Ctrl+0", name="resetTextAction")
        self.high_contrast_action = self._action(
            "&High contrast",
            self.theme.set_high_contrast,
            tip="Black background, white text and yellow highlights, for projectors",
            name="highContrastAction",
        )
        self.high_contrast_action.setCheckable(True)

        self.back_action = self._action("&Back to workshop list", self.show_list, "Alt+Home", name="backToListAction")
        self.next_step_action = self._action(
            "&Next step\tCtrl+PgDown",
            lambda: self._in_workshop() and self.workshop_view.next_step(),
            name="nextStepAction",
        )
        self.previous_step_action = self._action(
            "&Previous step\tCtrl+PgUp",
            lambda: self._in_workshop() and self.workshop_view.previous_step(),
            name="previousStepAction",
        )
        self.progress_action = self._action(
            "Progress and &comparison…",
            self.show_progress,
            "Ctrl+Shift+G",
            tip="The series over time, what its actions moved, and how the partnership compares (Ctrl+Shift+G)",
            name="progressAction",
        )
        self.guidance_action = self._action("Workbook &guidance", self.show_guidance, "F1", name="guidanceAction")
        self.shortcuts_action = self._action("&Keyboard shortcuts", self.show_shortcuts, name="shortcutsAction")
        self.about_action = self._action(f"&About {APP_NAME}", self.show_about, name="aboutAction")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.setObjectName("fileMenu")
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.duplicate_action)
        file_menu.addAction(self.series_action)
        file_menu.addAction(self.delete_action)
        file_menu.addSeparator()
        file_menu.addAction(self.restore_action)
        file_menu.addAction(self.check_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.setObjectName("editMenu")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        view_menu = bar.addMenu("&View")
        view_menu.setObjectName("viewMenu")
        view_menu.addAction(self.larger_action)
        view_menu.addAction(self.smaller_action)
        view_menu.addAction(self.reset_text_action)
        view_menu.addSeparator()
        view_menu.addAction(self.high_contrast_action)

        self.workshop_menu = bar.addMenu("&Workshop")
        self.workshop_menu.setObjectName("workshopMenu")
        self.workshop_menu.addAction(self.back_action)
        self.workshop_menu.addSeparator()
        self.workshop_menu.addAction(self.previous_step_action)
        self.workshop_menu.addAction(self.next_step_action)
        self.workshop_menu.addSeparator()
        self.workshop_menu.addAction(self.progress_action)

        self.export_menu: QMenu = bar.addMenu("E&xport")
        self.export_menu.setObjectName("exportMenu")
        from jcs_desktop.ui.export.menu import populate_export_menu

        # The writers (openpyxl, reportlab) are imported only when an export first runs.
        self.export_controller = populate_export_menu(self.export_menu, self.ctx, self.current_workshop_id, self)

        help_menu = bar.addMenu("&Help")
        help_menu.setObjectName("helpMenu")
        help_menu.addAction(self.guidance_action)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        where = self._where
        self.db_label = QLabel(f"Database: {where}")
        self.db_label.setObjectName("databaseLabel")
        self.db_label.setToolTip(f"Every change is saved at once in {where}")
        self.db_label.setAccessibleName(f"Database location: {where}")
        self.db_label.setMaximumWidth(520)
        self.statusBar().addPermanentWidget(self.db_label)
        self.statusBar().setObjectName("statusBar")
        self.show_status("Every change is saved as you make it.")

    # -- window state ---------------------------------------------------------------

    def _restore_window(self) -> None:
        geometry = self.ctx.settings.value(GEOMETRY_KEY)
        restored = isinstance(geometry, QByteArray) and not geometry.isEmpty() and self.restoreGeometry(geometry)
        # Shrunk to a sliver (by accident, or remembered from another screen), a window shows
        # neither the list nor a step: then it starts at the first-run size instead.
        if restored and self.width() >= SMALLEST_REMEMBERED[0] and self.height() >= SMALLEST_REMEMBERED[1]:
            return
        # First run: a comfortable size that still fits a 1366×768 laptop with its taskbar.
        screen = self.screen() or QApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        if available is None or (available.width() >= 1400 and available.height() >= 900):
            self.resize(1280, 800)
        else:
            self.resize(available.width() - 16, available.height() - 40)
        if available is not None:
            frame = self.frameGeometry()
            frame.moveCenter(available.center())
            self.move(frame.topLeft())

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._devices_may_stop():
            event.ignore()
            return
        if self.ctx.devices is not None:
            self.ctx.devices.end()  # nothing is left listening on the network
        if self.backups is not None:
            self.backup_timer.stop()
            try:
                self.backups.at_close()
            except (StoreError, OSError) as exc:
                print(f"jcs-desktop: the backup at close failed: {exc}")  # nothing to show: the window is going
        self.ctx.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.list_view.save_state()
        self.ctx.settings.sync()
        if self._help is not None:
            self._help.close()
        if self.progress_window is not None:
            self.progress_window.close()
        super().closeEvent(event)

    def _devices_may_stop(self) -> bool:
        """Quitting with devices still scoring asks first (their answers so far are all stored)."""
        hub = self.ctx.devices
        scoring = hub.scoring_count() if hub is not None else 0
        if not scoring:
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question,
            APP_NAME,
            f"{scoring} device{' is' if scoring == 1 else 's are'} still scoring — stop devices and quit?",
            parent=self,
        )
        box.setInformativeText("Every answer given so far is saved. Their pages will say scoring has stopped.")
        quit_button = box.addButton("Stop devices and quit", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(quit_button)
        self.last_dialog = box
        box.exec()
        return box.clickedButton() is quit_button

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message)

    # -- where we are -----------------------------------------------------------------

    @property
    def open_workshop_id(self) -> int | None:
        return self.workshop_view.workshop_id if self._in_workshop() else None

    def current_workshop_id(self) -> int | None:
        """The open workshop, else the one selected in the list."""
        return self.open_workshop_id or self.list_view.selected_id()

    def open_workshop(self, workshop_id: int) -> WorkshopView:
        try:
            self.ctx.services.workshops.get(workshop_id)
        except (ServiceError, StoreError) as exc:
            self.ctx.report_error(str(exc), self)
            return self.workshop_view
        self.workshop_view.set_workshop(workshop_id)
        self.stack.setCurrentWidget(self.workshop_view)
        page = self.workshop_view.show_first_step()
        if page.focusProxy() is not None or page.focusPolicy() != Qt.FocusPolicy.NoFocus:
            page.setFocus()
        else:
            self.workshop_view.steps.setFocus()
        self._update_title()
        self._update_actions()
        return self.workshop_view

    def open_selected(self) -> None:
        workshop_id = self.list_view.selected_id()
        if workshop_id is not None and self.stack.currentWidget() is self.list_view:
            self.open_workshop(workshop_id)

    def show_list(self) -> None:
        if self.ctx.devices is not None:
            self.ctx.devices.end()  # the workshop closes: its devices stop
        previous = self.workshop_view.workshop_id if self._in_workshop() else None
        self.stack.setCurrentWidget(self.list_view)
        if previous is not None:
            self.list_view.select(previous)
        self.list_view.table.setFocus()
        self._update_title()
        self._update_actions()

    def _update_title(self) -> None:
        wid = self.open_workshop_id
        live = self.ctx.live
        title = live.workshop.title if wid is not None and live is not None and live.workshop.id == wid else None
        self.setWindowTitle(f"{title} — {APP_NAME}" if title else APP_NAME)

    def _update_actions(self) -> None:
        in_workshop = self._in_workshop()
        has_target = self.current_workshop_id() is not None
        self.open_action.setEnabled(not in_workshop and self.list_view.selected_id() is not None)
        self.duplicate_action.setEnabled(has_target)
        self.delete_action.setEnabled(has_target)
        self.back_action.setEnabled(in_workshop)
        self.next_step_action.setEnabled(in_workshop)
        self.previous_step_action.setEnabled(in_workshop)

    def _on_change(self, change: Changes | Change) -> None:
        if not change.touches(WORKSHOPS):
            return
        wid = self.open_workshop_id
        if wid is not None and self._gone(change, wid):
            self.show_list()  # the open workshop was deleted (or its creation undone)
            return
        self._update_title()
        self._update_actions()

    def _gone(self, change: Changes | Change, workshop_id: int) -> bool:
        """Whether ``change`` deleted the open workshop (the record says so; no need to ask)."""
        if isinstance(change, Changes):
            record = change.workshop
            return record is not None and record.id == workshop_id and record.deleted_at is not None
        # A notice without values: the context has just read the open workshop again, or failed to.
        live = self.ctx.live
        return live is None or live.workshop.id != workshop_id

    def _title_of(self, workshop_id: int) -> str:
        """A workshop's title: from the live state when it is the open one, else from the list."""
        live = self.ctx.live
        if live is not None and live.workshop.id == workshop_id:
            return live.workshop.title
        row = self.list_view.model.row_of(workshop_id)
        if row >= 0:
            return self.list_view.model.record(row).title
        return self.ctx.services.workshops.get(workshop_id).title

    # -- workshop actions (each undoable) --------------------------------------------------

    def _push(self, command) -> str | None:
        if self.ctx.push(command):
            return None
        failed = getattr(command, "failed", None)
        return str(failed) if failed is not None else "The change could not be saved."

    def new_workshop(self) -> None:
        from jcs_desktop.ui.commands.workshops import CreateWorkshop
        from jcs_desktop.ui.dialogs.workshop_dialog import WorkshopDialog

        def submit(fields: WorkshopFields) -> str | None:
            command = CreateWorkshop(self.ctx, fields)
            problem = self._push(command)
            if problem is None and command.record is not None:
                self.open_workshop(command.record.id)
                self.workshop_view.show_step("prepare")
            return problem

        dialog = WorkshopDialog(self, submit, level_count=self.ctx.framework.level_count)
        self.last_dialog = dialog
        dialog.open()

    def duplicate_workshop(self) -> None:
        wid = self.current_workshop_id()
        if wid is None:
            return
        try:
            title = self._title_of(wid)
        except (ServiceError, StoreError) as exc:
            self.ctx.report_error(str(exc), self)
            return
        from jcs_desktop.ui.commands.workshops import DuplicateWorkshop

        command = DuplicateWorkshop(self.ctx, wid, title)
        if self._push(command) is None and command.record is not None:
            self.show_list()
            self.list_view.select(command.record.id)
            self.show_status(f"Saved: created “{command.record.title}” with the same participants (Ctrl+Z to undo)")

    def show_progress(self) -> None:
        """The progress and comparison window, for the open workshop or the one selected in the list."""
        wid = self.current_workshop_id()
        if wid is None:
            self.show_status("Select or open a workshop first")
            return
        if self.progress_window is None:
            from jcs_desktop.ui.progress.window import ProgressWindow

            self.progress_window = ProgressWindow(self.ctx, self)
            # Text size, contrast and undo work there too: it is often the window on the projector.
            self.progress_window.addActions(
                [
                    self.larger_action,
                    self.smaller_action,
                    self.reset_text_action,
                    self.undo_action,
                    self.redo_action,
                    self.quit_action,
                ]
            )
        self.progress_window.show_workshop(wid)

    def attach_to_series(self) -> None:
        wid = self.current_workshop_id()
        if wid is None:
            return
        from jcs_desktop.ui.shell.series_actions import open_series_dialog

        self.series_dialog = open_series_dialog(self, self.ctx, wid, self._push, self.show_status)

    def delete_workshop(self) -> None:
        wid = self.current_workshop_id()
        if wid is None:
            return
        try:
            title = self._title_of(wid)
        except (ServiceError, StoreError) as exc:
            self.ctx.report_error(str(exc), self)
            return
        answer = QMessageBox.question(
            self,
            "Delete workshop",
            f"Delete the workshop “{title}” with its participants, scores and action plan?\n\n"
            "Undo (Ctrl+Z) brings it back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        from jcs_desktop.ui.commands.workshops import DeleteWorkshop

        if self._push(DeleteWorkshop(self.ctx, wid, title)) is None:
            self.show_status(f"Deleted “{title}” (Ctrl+Z to undo)")

    # -- help -----------------------------------------------------------------------------

    def help_window(self):
        from jcs_desktop.ui.shell.help import HelpWindow

        if self._help is None:
            self._help = HelpWindow(self.ctx.framework, self)
        return self._help

    def show_guidance(self) -> None:
        window = self.help_window()
        window.show()
        window.raise_()
        window.activateWindow()

    def show_shortcuts(self) -> None:
        from jcs_desktop.ui.shell.help import SHORTCUTS_ID

        window = self.help_window()
        window.show_section(SHORTCUTS_ID)
        self.show_guidance()

    def show_about(self) -> None:
        fw = self.ctx.framework
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            f"<p>For facilitators of “{fw.title.rstrip('.… ')}” self-assessment workshops: "
            "prepare, score on a shared screen, reconcile, plan and export, without a network.</p>"
            f"<p>{fw.subtitle}</p><p>{fw.source}</p>"
            f"<p>Database: {self.ctx.services.db.where}</p>",
        )
