"""The facilitator's Devices window: participants score from their own phones over the laptop's network.

Opened by the Score step's "Devices" button (``page.ScorePage``), on the laptop screen, not
modal. It picks the address to listen on (the machine's own, private LAN addresses first),
starts and stops the device server (through ``core.devices.DeviceHub``), shows the QR code
and join code (and, large, on the room display: ``JoinScreen``), and lists the devices that
joined, with Approve, "Give a name…" and "Take out…".

Privacy: the list shows how many elements each device's participant has answered, never a
level. Closing the window leaves the server running (the Score step's button shows it is on);
"Stop", unchecking the button, closing the workshop or quitting stop it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QGuiApplication, QKeyEvent, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jcs_desktop.services import ServiceError, StoreError
from jcs_desktop.ui.core.devices import DeviceHub
from jcs_desktop.ui.scoring.scheme import Scheme
from jcs_desktop.ui.scoring.screen import SharedScreenWindow
from jcs_desktop.ui.widgets.fonts import scaled_font
from jcs_desktop.ui.widgets.theme import mute, show_as_error, show_focus

if TYPE_CHECKING:
    from jcs_desktop.devices.addresses import Address
    from jcs_desktop.devices.server import DeviceInfo
    from jcs_desktop.ui.core.context import AppContext

NO_NETWORK = "No network: connect to Wi-Fi or start a hotspot (Help explains how)"
HELP_SECTION = "app-devices"
ADDRESS_KEY = "devices/address"
"""The address last started on: offered first next time, if the machine still has it."""
TICK_MS = 1000
LAST_SEEN_EVERY = 5
"""Seconds between repaints of the "last seen" column."""

_Index = QModelIndex | QPersistentModelIndex

STATUS_WORDS = {
    "choosing": "Choosing a name",
    "waiting": "Waiting for you",
    "approved": "Scoring",
    "revoked": "Taken out",
}


def status_words(info: DeviceInfo) -> str:
    if info.status == "approved" and info.finished:
        return "Finished"
    return STATUS_WORDS.get(info.status, info.status)


def seen_words(then: dt.datetime, now: dt.datetime) -> str:
    """ "now", "1 min ago", "25 min ago", then the time of day."""
    seconds = max(0.0, (now - then).total_seconds())
    if seconds < 60:
        return "now"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min ago"
    return "at " + then.astimezone().strftime("%H:%M")


def code_words(code: str) -> str:
    """A join code as the room reads it: "K7P Q2M" (the page accepts it with or without the space)."""
    half = (len(code) + 1) // 2
    return f"{code[:half]} {code[half:]}" if len(code) > 4 else code


def qr_pixmap(text: str, side: int) -> QPixmap:
    """A QR code of ``text`` (made here, by segno), about ``side`` pixels square, crisp."""
    import segno  # only when Devices are on

    qr = segno.make(text, error="m")
    width, _height = qr.symbol_size(scale=1, border=4)
    scale = max(2, side // max(width, 1))
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=scale, border=4)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


def default_size(available: QSize) -> QSize:
    """The Devices window's first size on a screen with ``available`` room: roomy, never past it."""
    width = min(1100, available.width() - 40)
    height = min(720, available.height() - 60)
    return QSize(max(width, 600), max(height, 420))


class DeviceTableModel(QAbstractTableModel):
    """The devices that joined, in joining order: who, status, kind, last seen, how many answered."""

    HEADERS = ("Participant", "Status", "Device", "Last seen", "Answered", "Connection", "Note")
    LAST_SEEN = 3

    def __init__(self, total: int, answers_of: Callable[[int], int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.total = total
        self._answers_of = answers_of  # a participant's count of answers (never their levels)
        self.infos: list[DeviceInfo] = []
        self.now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)

    def set_devices(self, infos: Sequence[DeviceInfo]) -> None:
        """New readings: rows change in place and new devices come at the end (devices never
        leave the list), so the selection stays where it is."""
        infos = list(infos)
        old = [i.id for i in self.infos]
        if [i.id for i in infos[: len(old)]] != old:
            self.beginResetModel()
            self.infos = infos
            self.endResetModel()
            return
        if len(infos) > len(old):
            self.beginInsertRows(QModelIndex(), len(old), len(infos) - 1)
            self.infos = infos
            self.endInsertRows()
        else:
            self.infos = infos
        if old:
            self.dataChanged.emit(self.index(0, 0), self.index(len(old) - 1, len(self.HEADERS) - 1))

    def tick(self) -> None:
        """Time passed: "last seen" reads differently."""
        if self.infos:
            self.dataChanged.emit(self.index(0, self.LAST_SEEN), self.index(len(self.infos) - 1, self.LAST_SEEN))

    def info(self, row: int) -> DeviceInfo | None:
        return self.infos[row] if 0 <= row < len(self.infos) else None

    def row_of(self, device_id: str) -> int:
        return next((row for row, i in enumerate(self.infos) if i.id == device_id), -1)

    def notes(self, info: DeviceInfo) -> str:
        bits = []
        if info.held_elsewhere:
            bits.append("scoring on another device")
        if info.status == "waiting" and info.participant_id is not None:
            # From the live state (counts only): answers given on paper or the shared screen count too.
            n = self._answers_of(info.participant_id)
            if n:
                bits.append(f"already has {n} answer{'' if n == 1 else 's'}")
            elif info.has_answers_already:
                bits.append("already has answers")
        return "; ".join(bits)

    def text(self, info: DeviceInfo, column: int) -> str:
        if column == 0:
            if info.status == "waiting" and info.participant_id is None:
                return "asks to be assigned"
            return info.participant_name or "—"
        if column == 1:
            return status_words(info)
        if column == 2:
            return info.browser
        if column == 3:
            return seen_words(info.last_seen, self.now())
        if column == 4:
            return f"{info.answered} of {self.total}" if info.status == "approved" else "—"
        if column == 5:
            return "Connected" if info.connected else "Not connected"
        if column == 6:
            return self.notes(info)
        return ""

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(self.infos)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt override
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        info = self.info(index.row()) if index.isValid() else None
        if info is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(info, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            where = f"{info.browser} at {info.address}, joined {info.joined_at.astimezone():%H:%M}"
            return f"{self.text(info, column)}\n{where}" if column in (0, 6) and self.text(info, column) else where
        if role == Qt.ItemDataRole.FontRole and (info.status == "waiting" or (column == 6 and self.notes(info))):
            font = QFont(QApplication.font())
            font.setBold(True)  # what needs the facilitator stands out
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.UserRole:
            return info.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None


class QrView(QLabel):
    """A QR code as large as the room this label is given (it never asks for more: the layout
    gives it what the texts leave), drawn again when that room changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(1, 1)
        self._payload = ""
        self._drawn: tuple[str, int] | None = None

    def show_code(self, payload: str) -> None:
        self._payload = payload
        self._draw()

    def _draw(self) -> None:
        side = min(self.width(), self.height())
        if (self._payload, side) == self._drawn:
            return
        self._drawn = (self._payload, side)
        if self._payload and side > 40:
            self.setPixmap(qr_pixmap(self._payload, side))
        elif not self._payload:
            self.clear()

    def setText(self, text: str) -> None:
        self._payload, self._drawn = "", None
        super().setText(text)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._draw()


class JoinScreen(SharedScreenWindow):
    """The join screen on the room display: the QR code and the join code, very large. Esc closes it."""

    closed = Signal()

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, f"Join — {title}", parent)
        self.heading = QLabel("Score on your own phone, tablet or laptop")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setWordWrap(True)
        self.qr = QrView()
        self.qr.setAccessibleName("QR code to join")
        self.steps = QLabel()
        self.steps.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.steps.setWordWrap(True)
        self.steps.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.code = QLabel()
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setAccessibleName("Join code")
        self.esc_hint = QLabel("Esc closes this screen")
        self.esc_hint.setProperty("role", "muted")
        self.esc_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 20)
        layout.addWidget(self.heading)
        layout.addWidget(self.qr, 1)  # what the texts leave
        layout.addWidget(self.code)
        layout.addWidget(self.steps)
        layout.addWidget(self.esc_hint)
        self._shown: tuple[str, str, bool] | None = None
        self._join_url = ""
        self._url = ""
        self._code = ""
        self._open = True

    def show_join(self, url: str, join_url: str, code: str, open_: bool) -> None:
        self._url, self._code, self._open = url, code, open_
        self._join_url = join_url
        self._paint()

    def _paint(self) -> None:
        key = (self._join_url if self._open else "", self._code, self._open)
        if key == self._shown:
            return
        self._shown = key
        if self._open and self._join_url:
            self.qr.show_code(self._join_url)
            self.code.setText(f"Code: {code_words(self._code)}")
            self.steps.setText(
                f"Join the same Wi-Fi as this laptop, then scan the code, or open {self._url} and type the code."
            )
        else:
            self.qr.clear()
            self.qr.setText("Joining is closed")
            self.code.setText("")
            self.steps.setText("Ask the facilitator to open joining.")

    def apply_style(self, theme: Scheme, unit: float) -> None:
        self.heading.setFont(self._font(2.0, bold=True))
        self.code.setFont(self._font(4.0, bold=True))
        self.steps.setFont(self._font(1.5))
        self.qr.setFont(self._font(3.0, bold=True))
        self.esc_hint.setFont(self._font(1.0))
        self._shown = None
        self._paint()

    def show_on(self, screen_index: int | None = None, full_screen: bool = True) -> None:
        screens = QGuiApplication.screens()
        target = screens[screen_index] if screen_index is not None and 0 <= screen_index < len(screens) else None
        target = target or self.screen() or QGuiApplication.primaryScreen()
        if target is not None:
            self.resize(target.geometry().size())  # the whole screen, even where nothing makes it full screen
        super().show_on(screen_index, full_screen)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        event.accept()
        self.closed.emit()


class DevicesWindow(QWidget):
    """The facilitator's Devices window for one workshop (see the module docstring)."""

    closed = Signal()

    def __init__(
        self,
        ctx: AppContext,
        hub: DeviceHub,
        workshop_id: int,
        room_screen: Callable[[], tuple[int | None, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.hub = hub
        self.workshop_id = workshop_id
        self.room_screen = room_screen
        """(screen index or None, its name): where ScorePage's "Show on:" puts the shared screen."""
        self.join_screen: JoinScreen | None = None
        self.last_dialog: QWidget | None = None  # the last question asked (tests look at it)
        self._ticks = 0
        self._join = ("", "", True)  # join url, code, open
        self._qr_key: tuple[str, int] | None = None
        live = ctx.live_for(workshop_id)
        self.title = live.workshop.title if live is not None else "workshop"
        self.setWindowTitle(f"Devices — {self.title}")
        self.setObjectName("devicesWindow")

        # -- the address ----------------------------------------------------------------------
        self.address_label = QLabel("&Network:")
        self.address_combo = QComboBox()
        self.address_combo.setAccessibleName("Network address to listen on")
        self.address_combo.setToolTip("The laptop's address on the network the participants' phones are on")
        self.address_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.address_label.setBuddy(self.address_combo)
        self.rescan_button = QPushButton("&Look again")
        self.rescan_button.setToolTip("Read the laptop's network addresses again (after joining Wi-Fi or a hotspot)")
        self.rescan_button.clicked.connect(self.fill_addresses)
        self.start_button = QPushButton("&Start")
        self.start_button.setToolTip("Listen on this address: phones on the same network can join")
        self.start_button.clicked.connect(self.start)
        self.stop_button = QPushButton("S&top")
        self.stop_button.setToolTip("Stop listening: every device's page says scoring here is closed")
        self.stop_button.clicked.connect(self.stop)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        address_row = QHBoxLayout()
        for w in (self.address_label, self.address_combo, self.rescan_button, self.start_button, self.stop_button):
            address_row.addWidget(w)
        address_row.addWidget(self.state_label, 1)

        self.no_network_label = show_as_error(QLabel(NO_NETWORK))
        self.no_network_label.setWordWrap(True)
        self.help_button = QPushButton("&Help")
        self.help_button.setToolTip("How to connect the laptop and the phones, or start a hotspot")
        self.help_button.clicked.connect(self.show_help)
        self._no_network = QWidget()
        no_network_row = QHBoxLayout(self._no_network)
        no_network_row.setContentsMargins(0, 0, 0, 0)
        no_network_row.addWidget(self.no_network_label, 1)
        no_network_row.addWidget(self.help_button)

        # -- joining --------------------------------------------------------------------------
        self.qr_label = QLabel()
        self.qr_label.setAccessibleName("QR code to join")
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.url_label = QLabel()
        self.url_label.setAccessibleName("Address to open")
        self.url_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label = QLabel()
        self.code_label.setAccessibleName("Join code")
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.left_label = mute(QLabel())
        self.left_label.setAccessibleName("Time before the join code changes")
        self.new_code_button = QPushButton("New &code")
        self.new_code_button.setToolTip("Replace the join code now (devices that joined stay in)")
        self.new_code_button.clicked.connect(self.new_code)
        self.open_check = QCheckBox("&Open for joining")
        self.open_check.setToolTip("Closed: no new device can join; those that joined carry on")
        self.open_check.setChecked(True)
        self.open_check.toggled.connect(self._set_open)
        self.auto_check = QCheckBox("Let devices in &without asking")
        self.auto_check.setToolTip(
            "A device that picks a name with no answers yet, held by no other device, starts scoring at once"
        )
        self.auto_check.toggled.connect(self._set_auto)
        self.room_check = QCheckBox()
        self.room_check.setToolTip("The QR code and the join code, very large, on the room display (Esc closes it)")
        self.room_check.toggled.connect(self.show_join_screen)
        code_row = QHBoxLayout()
        code_row.addWidget(self.left_label)
        code_row.addWidget(self.new_code_button)
        code_row.addStretch(1)
        details = QVBoxLayout()
        details.addWidget(QLabel("Participants open this address, or scan the code:"))
        details.addWidget(self.url_label)
        details.addWidget(self.code_label)
        details.addLayout(code_row)
        details.addWidget(self.open_check)
        details.addWidget(self.auto_check)
        details.addWidget(self.room_check)
        details.addStretch(1)
        self._join_panel = QWidget()
        join_layout = QHBoxLayout(self._join_panel)
        join_layout.setContentsMargins(0, 0, 0, 0)
        join_layout.addWidget(self.qr_label)
        join_layout.addLayout(details, 1)

        # -- the devices ----------------------------------------------------------------------
        total = len(ctx.framework.element_ids())
        self.model = DeviceTableModel(total, self._answers_of, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Devices that joined")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        show_focus(self.table)
        # Names and notes share what the status, kind, time and counts leave (shortened with "…",
        # the whole text in the tool tip), so no column is pushed out of view.
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(len(DeviceTableModel.HEADERS)):
            mode = QHeaderView.ResizeMode.Stretch if column in (0, 6) else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(column, mode)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.doubleClicked.connect(lambda _index: self.approve())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self.table, self.approve, context=Qt.ShortcutContext.WidgetShortcut)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        self.model.dataChanged.connect(lambda *_: self._update_buttons())
        self.model.rowsInserted.connect(self._rows_added)
        self.devices_label = QLabel("&Devices:")
        self.devices_label.setBuddy(self.table)
        self.count_label = mute(QLabel())
        self.approve_button = QPushButton("&Approve")
        self.approve_button.setToolTip("Let the chosen device score as the name it asked for (Enter, or double-click)")
        self.approve_button.clicked.connect(self.approve)
        self.assign_button = QPushButton("&Give a name…")
        self.assign_button.setToolTip("Choose whose answers the chosen device gives")
        self.assign_button.clicked.connect(self.assign)
        self.revoke_button = QPushButton("Take o&ut…")
        self.revoke_button.setToolTip("Take the chosen device out of the workshop: it stops at once")
        self.revoke_button.clicked.connect(self.revoke)
        self.privacy_label = mute(QLabel("This list shows how many answers each device has given, never the scores."))
        self.privacy_label.setWordWrap(True)
        list_head = QHBoxLayout()
        list_head.addWidget(self.devices_label)
        list_head.addWidget(self.count_label, 1)
        buttons = QHBoxLayout()
        for b in (self.approve_button, self.assign_button, self.revoke_button):
            buttons.addWidget(b)
        buttons.addWidget(self.privacy_label, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(address_row)
        layout.addWidget(self._no_network)
        layout.addWidget(self._join_panel)
        layout.addLayout(list_head)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        hub.running_changed.connect(self._running_changed)
        hub.devices_changed.connect(self.refresh_devices)
        hub.ended.connect(self.close)
        ctx.font_scale_changed.connect(self._font_scale_changed)
        # Esc closes the window, as a tool window does; the devices go on scoring (closeEvent).
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close, context=Qt.ShortcutContext.WindowShortcut)

        self.fill_addresses()
        self._apply_fonts()
        self._running_changed(hub.running and hub.workshop_id == workshop_id)
        self._fit_to_screen()

    # -- size and fonts -------------------------------------------------------------------------

    def _fit_to_screen(self) -> None:
        screen = self.screen() or QApplication.primaryScreen()
        available = screen.availableGeometry().size() if screen is not None else QSize(1366, 728)
        self.resize(default_size(available))

    def _font_scale_changed(self, _scale: float) -> None:
        QTimer.singleShot(0, self, self._apply_fonts)  # once every widget has its new font

    def _apply_fonts(self) -> None:
        base = QApplication.font()
        self.code_label.setFont(scaled_font(base, 2.4, bold=True))
        self.url_label.setFont(scaled_font(base, 1.25, bold=True))
        self._qr_key = None
        self._show_join()

    def _qr_side(self) -> int:
        """The QR code's size: two fifths of the window's height, so the list keeps its rows."""
        return max(140, min(int(self.height() * 0.4), 340))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._show_join()

    # -- addresses and start/stop -------------------------------------------------------------

    def fill_addresses(self) -> None:
        """The machine's usable addresses, private LAN ones first; the one used last time chosen."""
        from jcs_desktop.devices import addresses  # only once Devices are on

        found: list[Address] = addresses.network_addresses()
        remembered = str(self.ctx.settings.value(ADDRESS_KEY, "") or "")
        current = self.address_combo.currentData()
        self.address_combo.clear()
        for a in found:
            self.address_combo.addItem(a.label, a.address)
        for wanted in (current, self.hub.host if self.hub.running else "", remembered):
            i = self.address_combo.findData(wanted) if wanted else -1
            if i >= 0:
                self.address_combo.setCurrentIndex(i)
                break
        self._no_network.setVisible(not found)
        self._update_buttons()

    def start(self) -> None:
        host = self.address_combo.currentData()
        if not host or self.hub.running:
            return
        from jcs_desktop.devices.server import DeviceError

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.hub.start(self.workshop_id, host)
        except (DeviceError, ServiceError, StoreError, OSError) as exc:
            QApplication.restoreOverrideCursor()
            self.ctx.status_message.emit("Devices could not start")
            box = QMessageBox(QMessageBox.Icon.Warning, "Devices", f"Devices could not start on {host}.", parent=self)
            box.setInformativeText(str(exc).rstrip(".") + ". Choose another address, or look again.")
            self.last_dialog = box
            box.exec()
            return
        QApplication.restoreOverrideCursor()
        self.ctx.settings.setValue(ADDRESS_KEY, host)
        self.ctx.status_message.emit(f"Devices on: participants can join at {self.hub.server.url}")

    def stop(self) -> None:
        if self.hub.running:
            self.hub.stop()
            self.ctx.status_message.emit("Devices off: nothing listens on the network")

    def _running_changed(self, running: bool) -> None:
        running = running and self.hub.workshop_id == self.workshop_id
        self._join_panel.setVisible(running)
        if running:
            for check, on in ((self.open_check, True), (self.auto_check, False)):
                check.blockSignals(True)
                check.setChecked(on)  # what a fresh server does
                check.blockSignals(False)
            self.state_label.setText(f"On: listening on {self.hub.host}")
            self._timer.start()
            self._qr_key = None
            self._tick()
        else:
            self.state_label.setText("Off: nothing listens on the network.")
            self._timer.stop()
            self._join = ("", "", True)
            self.room_check.setChecked(False)
        self.refresh_devices()
        self._update_buttons()

    # -- joining ------------------------------------------------------------------------------

    def _tick(self) -> None:
        if not self.hub.running:
            return
        from jcs_desktop.devices.server import DeviceError

        try:
            open_, code, left = self.hub.join_state()
            url = self.hub.join_url()
        except DeviceError:
            return
        self._join = (url, code, open_)
        minutes, seconds = divmod(max(0, int(left)), 60)
        self.left_label.setText(f"Code changes in {minutes}:{seconds:02d}")
        self._show_join()
        self._ticks += 1
        if self._ticks % LAST_SEEN_EVERY == 0:
            self.model.tick()

    def _show_join(self) -> None:
        url, code, open_ = self._join
        if not url:
            return
        self.url_label.setText(self.hub.server.url if self.hub.server is not None else "")
        if open_:
            self.code_label.setText(f"Join code: {code_words(code)}")
            side = self._qr_side()
            if self._qr_key != (url, side):
                self._qr_key = (url, side)
                self.qr_label.setPixmap(qr_pixmap(url, side))
        else:
            self.code_label.setText("Joining is closed")
            self._qr_key = None
            self.qr_label.clear()
            self.qr_label.setText("Joining is closed")
        self.left_label.setVisible(open_)
        self.new_code_button.setEnabled(open_)
        _index, name = self.room_screen()
        self.room_check.setText(f"Show &join screen on {name}")
        if self.join_screen is not None:
            self.join_screen.show_join(self.hub.server.url if self.hub.server else "", url, code, open_)

    def new_code(self) -> None:
        if self.hub.running:
            code = self.hub.renew_code()
            self.ctx.status_message.emit(f"New join code: {code_words(code)}")
            self._tick()

    def _set_open(self, on: bool) -> None:
        if self.hub.running:
            self.hub.set_join_open(on)
            self.ctx.status_message.emit("Open for joining" if on else "Joining closed: no new device can join")
            self._tick()

    def _set_auto(self, on: bool) -> None:
        if self.hub.running:
            self.hub.set_auto_approve(on)

    def show_join_screen(self, on: bool) -> None:
        if on and self.join_screen is None and self.hub.running:
            index, _name = self.room_screen()
            screen = JoinScreen(self.ctx, self.title, self)
            screen.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            screen.closed.connect(self._join_screen_closed)
            self.join_screen = screen
            self._show_join()
            screen.show_on(index, full_screen=True)
        elif not on and self.join_screen is not None:
            self.join_screen.close()

    def _join_screen_closed(self) -> None:
        self.join_screen = None
        if self.room_check.isChecked():
            self.room_check.setChecked(False)
        self.activateWindow()

    def show_help(self) -> None:
        main = self.ctx.window
        if main is not None and hasattr(main, "help_window"):
            window = main.help_window()
            with contextlib.suppress(KeyError):  # a Help without the section: the window as it is
                window.show_section(HELP_SECTION)
            window.show()
            window.raise_()
            window.activateWindow()

    # -- the list -------------------------------------------------------------------------------

    def _answers_of(self, participant_id: int) -> int:
        live = self.ctx.live
        return live.progress.get(participant_id, 0) if live is not None else 0

    def refresh_devices(self) -> None:
        infos = self.hub.devices() if self.hub.workshop_id == self.workshop_id else []
        self.model.set_devices(infos)
        waiting = sum(1 for i in infos if i.status in ("waiting",))
        scoring = sum(1 for i in infos if i.status == "approved" and not i.finished)
        bits = [f"{len(infos)} joined"] if infos else ["none yet" if self.hub.running else ""]
        if scoring:
            bits.append(f"{scoring} scoring")
        if waiting:
            bits.append(f"{waiting} waiting for you")
        self.count_label.setText(" · ".join(b for b in bits if b))
        self._update_buttons()

    def _rows_added(self, _parent, first: int, _last: int) -> None:
        if not self.table.selectionModel().hasSelection():
            self.table.selectRow(first)

    def selected(self) -> DeviceInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            index = self.table.currentIndex()
            return self.model.info(index.row()) if index.isValid() else None
        return self.model.info(rows[0].row())

    def select_device(self, device_id: str) -> None:
        row = self.model.row_of(device_id)
        if row >= 0:
            self.table.selectRow(row)

    def _update_buttons(self) -> None:
        running = self.hub.running and self.hub.workshop_id == self.workshop_id
        has_address = self.address_combo.count() > 0
        self.address_combo.setEnabled(not running and has_address)
        self.rescan_button.setEnabled(not running)
        self.start_button.setEnabled(not running and has_address)
        self.stop_button.setEnabled(running)
        info = self.selected() if running else None
        status = info.status if info is not None else ""
        self.approve_button.setEnabled(status == "waiting")
        self.assign_button.setEnabled(status in ("choosing", "waiting", "approved"))
        self.revoke_button.setEnabled(bool(status) and status != "revoked")

    def _ask(self, title: str, text: str, yes: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        go = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(go)
        self.last_dialog = box
        box.exec()
        return box.clickedButton() is go

    def _holder(self, participant_id: int, other_than: str) -> DeviceInfo | None:
        return next(
            (
                d
                for d in self.model.infos
                if d.status == "approved" and d.participant_id == participant_id and d.id != other_than
            ),
            None,
        )

    def _may_take(self, info: DeviceInfo, participant_id: int, name: str) -> bool:
        """Ask before a device takes a participant another device scores as, or one with answers."""
        holder = self._holder(participant_id, info.id)
        if holder is not None:
            return self._ask(
                "Devices",
                f"{name} is scoring on another device ({holder.browser}). Let this device score as {name} "
                "instead? The other device goes back to choosing a name.",
                "Move to this device",
            )
        answered = self._answers_of(participant_id)
        if answered:
            return self._ask(
                "Devices",
                f"{name} already has {answered} of {self.model.total} answers (from the shared screen, paper or "
                f"another device). Let this device carry on as {name}?",
                "Let it in",
            )
        return True

    def _do(self, what: Callable[[], None]) -> bool:
        from jcs_desktop.devices.server import DeviceError

        try:
            what()
        except DeviceError as exc:
            message = str(exc)
            QMessageBox.warning(self, "Devices", message[:1].upper() + message[1:] + ".")
            self.refresh_devices()
            return False
        self.refresh_devices()
        return True

    def approve(self) -> None:
        info = self.selected()
        if info is None or not self.hub.running or info.status != "waiting":
            return
        if info.participant_id is None:
            self.assign()
            return
        name = info.participant_name
        if not self._may_take(info, info.participant_id, name):
            return
        if self._do(lambda: self.hub.approve(info.id)):
            self.ctx.status_message.emit(f"{name} is scoring on {info.browser}")

    def assign(self) -> None:
        info = self.selected()
        live = self.ctx.live_for(self.workshop_id)
        if info is None or live is None or not self.hub.running or info.status == "revoked":
            return
        people = list(live.participants)
        if not people:
            return
        labels = []
        for p in people:
            label = p.display_name + (f" ({p.organisation})" if p.organisation else "")
            holder = self._holder(p.id, info.id)
            if holder is not None:
                label += " — scoring on another device"
            labels.append(label)
        current = next((i for i, p in enumerate(people) if p.id == info.participant_id), 0)
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Give a name")
        dialog.setLabelText(f"Who scores on this {info.browser}?")
        dialog.setComboBoxItems(labels)
        dialog.setComboBoxEditable(False)
        dialog.setTextValue(labels[current])
        dialog.setOkButtonText("Let it score")
        self.last_dialog = dialog
        if not dialog.exec():
            return
        chosen = people[labels.index(dialog.textValue())]
        if info.status == "approved" and chosen.id == info.participant_id:
            return
        if not self._may_take(info, chosen.id, chosen.display_name):
            return
        if self._do(lambda: self.hub.approve(info.id, chosen.id)):
            self.ctx.status_message.emit(f"{chosen.display_name} is scoring on {info.browser}")

    def revoke(self) -> None:
        info = self.selected()
        if info is None or not self.hub.running or info.status == "revoked":
            return
        who = f" ({info.participant_name})" if info.participant_name else ""
        if not self._ask(
            "Take out this device?",
            f"Take this {info.browser}{who} out of the workshop? Its page stops at once; the answers it "
            "gave are kept. It can come back only by joining again with the code.",
            "Take it out",
        ):
            return
        if self._do(lambda: self.hub.revoke(info.id)):
            self.ctx.status_message.emit(f"{info.browser}{who} taken out")

    # -- showing --------------------------------------------------------------------------------

    def show_and_raise(self) -> None:
        self.show()
        if QApplication.platformName() not in ("offscreen", "minimal"):
            self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window leaves the devices scoring (the Score step's button shows it)."""
        if self.join_screen is not None:
            self.join_screen.close()
        self._timer.stop()
        event.accept()
        self.closed.emit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.hub.running:
            self._timer.start()
            self._tick()
            self.refresh_devices()
