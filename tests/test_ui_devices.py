"""Devices in the Score step, driven through the real widgets of the main window, with a real
device server on 127.0.0.1 and fake phones (aiohttp's client, each on an event loop of its own
thread): switched on, a phone joins, appears in the list, is approved with a click, scores, and
the Score step, the live state and the database have it; take out; switching off, closing the
workshop and quitting stop the server (a connect is then refused); no network; a bad address; the window and the join
screen fit a 1366×768 laptop at 100 % and 140 % text."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
import threading

import aiohttp
import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, QSize, Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from jcs_desktop.devices import addresses
from jcs_desktop.devices.addresses import Address
from jcs_desktop.domain.values import NOT_SURE
from jcs_desktop.services.dto import WorkshopFields
from jcs_desktop.ui.commands.scores import SetScore
from jcs_desktop.ui.core.fitcheck import check_fit
from jcs_desktop.ui.scoring.devices_window import default_size
from tests.test_ui_mnemonics import duplicates

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

PEOPLE = ("Ann Lee", "Bo Chan", "Cy Moss")
ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit Mobile Safari"
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)"


# --- a fake phone --------------------------------------------------------------------------------


class Phone:
    """A participant's browser on an event loop of its own thread; every method waits for its answer
    (the GUI's event loop is not needed by the server, only by the window)."""

    def __init__(self, origin: str, agent: str = ANDROID) -> None:
        self.origin = origin
        self.agent = agent
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.http: aiohttp.ClientSession | None = None
        self.ws = None
        self.token = self.id = ""
        self.states: list[dict] = []

    def _run(self, coro, timeout: float = 10.0):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    async def _session(self) -> aiohttp.ClientSession:
        if self.http is None:
            self.http = aiohttp.ClientSession(headers={"User-Agent": self.agent})
        return self.http

    def join(self, code: str) -> int:
        async def go():
            http = await self._session()
            async with http.post(self.origin + "/api/join", json={"code": code}, headers={"Origin": self.origin}) as r:
                body = await r.json()
                if r.status == 200:
                    self.token, self.id = body["token"], body["device"]
                return r.status

        return self._run(go())

    def connect(self) -> dict:
        async def go():
            http = await self._session()
            self.ws = await http.ws_connect(
                self.origin + "/ws", protocols=("jcs-v1", "token." + self.token), headers={"Origin": self.origin}
            )
            return await self._receive("state")

        return self._run(go())

    async def _receive(self, kind: str | None, timeout: float = 8.0) -> dict:
        while True:
            msg = await asyncio.wait_for(self.ws.receive(), timeout)
            if msg.type != aiohttp.WSMsgType.TEXT:
                return {"type": "socket", "closed": True}
            data = json.loads(msg.data)
            if data["type"] == "state":
                self.states.append(data)
            if kind is None or data["type"] == kind:
                return data

    def receive(self, kind: str | None = None) -> dict:
        return self._run(self._receive(kind), 12)

    def state_with(self, status: str) -> dict:
        """The next state message whose status is ``status``."""
        while True:
            state = self.receive("state")
            if state["status"] == status:
                return state

    def send(self, message: dict) -> None:
        self._run(self.ws.send_str(json.dumps(message)))

    def choose(self, participant_id: int | None) -> None:
        self.send({"type": "choose", "participant": participant_id})

    def answer(self, cid: str, element: str, value) -> dict:
        self.send({"type": "answer", "id": cid, "element": element, "value": value})
        return self.receive("ack")

    def close(self) -> None:
        async def go():
            if self.ws is not None:
                await self.ws.close()
            if self.http is not None:
                await self.http.close()

        with contextlib.suppress(Exception):  # the server is gone already: nothing to close politely
            self._run(go(), 5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def refused(host: str, port: int) -> bool:
    """Whether nothing listens there any more (a connect is refused)."""
    try:
        with socket.create_connection((host, port), timeout=2):
            return False
    except OSError:
        return True


def when_modal(fn) -> None:
    """Answer the next modal dialog with ``fn(dialog)`` once it is open."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, answer)
            return
        fn(dialog)

    QTimer.singleShot(0, answer)


def click_button(text: str):
    def fn(box) -> None:
        for button in box.buttons():
            if button.text().replace("&", "") == text:
                button.click()
                return
        raise AssertionError(f"no button {text!r} in {[b.text() for b in box.buttons()]}")

    return fn


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture
def page_dir(tmp_path):
    """The participant page's three files (the page itself is another engineer's; not tested here)."""
    folder = tmp_path / "page"
    folder.mkdir()
    for name in ("index.html", "app.js", "app.css"):
        (folder / name).write_text(f"/* {name} */", encoding="utf-8")
    return folder


@pytest.fixture
def loopback(monkeypatch):
    """The machine's network, as the Devices window reads it: 127.0.0.1 only (excluded in real use)."""
    offered = [Address("127.0.0.1", "test loopback", True)]
    monkeypatch.setattr(addresses, "network_addresses", lambda: list(offered))
    return offered


@pytest.fixture
def workshop(services):
    record = services.workshops.create(WorkshopFields(title="Spring workshop", partnership="Eastvale")).previous
    people = services.participants.add_many(record.id, [{"display_name": n, "sector": "NHS"} for n in PEOPLE]).previous
    return record.id, [p.id for p in people]


@pytest.fixture
def phones():
    made: list[Phone] = []
    yield made
    for phone in made:
        phone.close()


def _stop_devices(window) -> None:
    if window.ctx.devices is not None:
        window.ctx.devices.stop()  # before the window closes at the end: no "still scoring" question


@pytest.fixture
def laptop_window(qtbot, services):
    """The real main window at 1366×768, active; its devices stopped before it closes at the end."""
    from jcs_desktop.ui.core.context import AppContext
    from jcs_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(AppContext(services))
    qtbot.addWidget(window, before_close_func=_stop_devices)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


@pytest.fixture
def score_page(laptop_window, workshop, page_dir, loopback):
    from jcs_desktop.ui.core.devices import hub_of

    hub_of(laptop_window.ctx).server_options["page_dir"] = page_dir
    laptop_window.open_workshop(workshop[0])
    page = laptop_window.workshop_view.show_step("score")
    QApplication.processEvents()
    yield page
    laptop_window.ctx.devices.stop()


def switch_on(qtbot, page, *, by_key: bool = False):
    """Click "Devices", then "Start" in the window that opens: (window, hub)."""
    assert not page.devices_button.isChecked()
    if by_key:
        press_devices_key(qtbot, page.window())
        qtbot.waitUntil(lambda: page.devices_window is not None, timeout=3000)  # a button's key "clicks" it
    else:
        qtbot.mouseClick(page.devices_button, Qt.MouseButton.LeftButton)
    window = page.devices_window
    assert window is not None and window.isVisible()
    assert not window.hub.running  # nothing listens before Start
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    assert window.hub.running
    return window, window.hub


def press_devices_key(qtbot, window) -> None:
    """Ctrl+Shift+D where the keyboard focus is in ``window``."""
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_D, ctrl_shift)


def tick(qtbot, check) -> None:
    """Click a check box where its box is (a check box stretched across a layout ignores a click
    in its empty middle)."""
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(8, check.height() // 2))


def shown_code(window) -> str:
    """The join code as the window shows it, spaces taken out (as a participant types it)."""
    match = re.fullmatch(r"Join code: (\w+) (\w+)", window.code_label.text())
    assert match, window.code_label.text()
    return match.group(1) + match.group(2)


def join_phone(qtbot, window, phones, agent=ANDROID) -> Phone:
    phone = Phone(window.hub.server.origin, agent)
    phones.append(phone)
    assert phone.join(shown_code(window)) == 200
    assert phone.connect()["status"] == "choosing"
    qtbot.waitUntil(lambda: window.model.row_of(phone.id) >= 0, timeout=5000)
    return phone


def row_text(window, phone: Phone, column: int) -> str:
    row = window.model.row_of(phone.id)
    return window.model.index(row, column).data()


# --- the walk-through -----------------------------------------------------------------------------


def test_a_phone_joins_is_approved_with_a_click_and_its_scores_reach_the_score_step(
    qtbot, score_page, services, workshop, phones
) -> None:
    page = score_page
    ctx = page.ctx
    _wid, (ann, _bo, _cy) = workshop
    e1, e2, e3 = services.framework.element_ids()[:3]
    window, hub = switch_on(qtbot, page, by_key=True)
    assert window.windowTitle() == "Devices — Spring workshop"
    assert page.devices_button.isChecked()
    assert not window.qr_label.pixmap().isNull()
    assert window.url_label.text() == hub.server.url
    assert "Code changes in" in window.left_label.text()

    phone = join_phone(qtbot, window, phones)
    assert row_text(window, phone, 1) == "Choosing a name"
    assert row_text(window, phone, 2) == "Android phone"
    phone.choose(ann)
    assert phone.receive("state")["status"] == "waiting"
    qtbot.waitUntil(lambda: row_text(window, phone, 1) == "Waiting for you", timeout=5000)
    assert row_text(window, phone, 0) == "Ann Lee"
    assert row_text(window, phone, 3) == "now"

    window.select_device(phone.id)
    qtbot.mouseClick(window.approve_button, Qt.MouseButton.LeftButton)
    state = phone.state_with("approved")
    assert state["participant"] == {"id": ann, "name": "Ann Lee"}
    qtbot.waitUntil(lambda: row_text(window, phone, 1) == "Scoring", timeout=5000)

    undo_before = ctx.undo_stack.count()
    assert phone.answer("phone-answer-1", e1, 3)["type"] == "ack"
    assert phone.answer("phone-answer-2", e2, NOT_SURE)["type"] == "ack"
    # The Score step's progress, the live state and the database have it, at once.
    qtbot.waitUntil(lambda: page.progress_model.answered(ann) == 2, timeout=5000)
    assert page.progress_model.not_sure(ann) == 1
    row = page.progress_model._row_of[ann]
    assert page.progress_model.index(row, 3).data() == "2 of 30"
    assert ctx.live.scores[ann] == {e1: 3, e2: NOT_SURE}
    assert services.scores.scores_for_participant(ann) == {e1: 3, e2: NOT_SURE}
    grid = page.grid.model
    assert (grid.value_at(grid.row_of(ann), 0), grid.value_at(grid.row_of(ann), 1)) == (3, NOT_SURE)
    qtbot.waitUntil(lambda: row_text(window, phone, 4) == "2 of 30", timeout=5000)
    # A participant's own answers are theirs: nothing goes on the facilitator's undo stack.
    assert ctx.undo_stack.count() == undo_before

    # The facilitator keys in one of Ann's paper answers: her phone shows it.
    assert ctx.push(SetScore(ctx, ann, e3, 4))
    assert phone.receive("state")["answers"] == {e1: 3, e2: NOT_SURE, e3: 4}

    # The list shows counts, never a level.
    cells = [window.model.index(r, c).data() for r in range(window.model.rowCount()) for c in range(7)]
    assert "3" not in cells and "4" not in cells and "Not sure" not in cells


def test_take_out_asks_first_then_stops_the_phone(qtbot, score_page, workshop, phones) -> None:
    _wid, (ann, _bo, _cy) = workshop
    window, _hub = switch_on(qtbot, score_page)
    phone = join_phone(qtbot, window, phones)
    phone.choose(ann)
    qtbot.waitUntil(lambda: row_text(window, phone, 1) == "Waiting for you", timeout=5000)
    window.select_device(phone.id)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Return)  # Enter approves
    phone.state_with("approved")
    qtbot.waitUntil(lambda: row_text(window, phone, 1) == "Scoring", timeout=5000)

    when_modal(click_button("Cancel"))
    qtbot.mouseClick(window.revoke_button, Qt.MouseButton.LeftButton)
    assert row_text(window, phone, 1) == "Scoring"  # a second thought: nothing happened

    when_modal(click_button("Take it out"))
    qtbot.mouseClick(window.revoke_button, Qt.MouseButton.LeftButton)
    assert phone.state_with("revoked")["answers"] == {}
    qtbot.waitUntil(lambda: row_text(window, phone, 1) == "Taken out", timeout=5000)
    assert not window.revoke_button.isEnabled() and not window.approve_button.isEnabled()


def test_warnings_auto_approve_and_giving_a_name(qtbot, score_page, services, workshop, phones) -> None:
    ctx = score_page.ctx
    _wid, (ann, bo, cy) = workshop
    order = services.framework.element_ids()
    for element in order[:5]:
        assert ctx.push(SetScore(ctx, bo, element, 2))  # Bo scored on paper already
    window, _hub = switch_on(qtbot, score_page)
    assert not window.auto_check.isChecked() and window.open_check.isChecked()  # the defaults
    tick(qtbot, window.auto_check)

    first = join_phone(qtbot, window, phones)
    first.choose(ann)
    assert first.state_with("approved")["participant"]["id"] == ann  # let in without asking
    second = join_phone(qtbot, window, phones, IPHONE)
    second.choose(ann)
    assert second.receive("state")["status"] == "waiting"
    third = join_phone(qtbot, window, phones)
    third.choose(bo)
    assert third.receive("state")["status"] == "waiting"
    fourth = join_phone(qtbot, window, phones, IPHONE)
    fourth.choose(None)
    assert fourth.receive("state")["status"] == "waiting"
    qtbot.waitUntil(lambda: row_text(window, fourth, 1) == "Waiting for you", timeout=5000)
    assert row_text(window, second, 6) == "scoring on another device"
    assert row_text(window, third, 6) == "already has 5 answers"
    assert row_text(window, fourth, 0) == "asks to be assigned"

    # Ann's second device: the facilitator is asked before Ann moves to it.
    window.select_device(second.id)
    when_modal(click_button("Cancel"))
    qtbot.mouseClick(window.approve_button, Qt.MouseButton.LeftButton)
    assert "scoring on another device (Android phone)" in window.last_dialog.text()
    assert row_text(window, second, 1) == "Waiting for you"
    when_modal(click_button("Move to this device"))
    qtbot.mouseClick(window.approve_button, Qt.MouseButton.LeftButton)
    assert second.state_with("approved")["participant"]["id"] == ann
    assert first.state_with("choosing")["message"]

    # A device that asks to be assigned: Approve asks for a name.
    window.select_device(fourth.id)

    def choose_cy(dialog) -> None:
        assert isinstance(dialog, QInputDialog)
        assert any("Ann Lee — scoring on another device" in item for item in dialog.comboBoxItems())
        dialog.setTextValue(next(item for item in dialog.comboBoxItems() if item.startswith("Cy Moss")))
        dialog.accept()

    when_modal(choose_cy)
    qtbot.mouseClick(window.approve_button, Qt.MouseButton.LeftButton)
    assert fourth.state_with("approved")["participant"] == {"id": cy, "name": "Cy Moss"}
    qtbot.waitUntil(lambda: row_text(window, fourth, 0) == "Cy Moss", timeout=5000)
    assert window.count_label.text() == "4 joined · 2 scoring · 1 waiting for you"


def test_join_closed_and_a_new_code(qtbot, score_page, phones) -> None:
    window, hub = switch_on(qtbot, score_page)
    old = shown_code(window)
    qtbot.mouseClick(window.new_code_button, Qt.MouseButton.LeftButton)
    new = shown_code(window)
    assert new != old and new == hub.join_state()[1]
    tick(qtbot, window.open_check)
    assert window.code_label.text() == "Joining is closed"
    phone = Phone(hub.server.origin)
    phones.append(phone)
    assert phone.join(new) == 403  # closed: no new device
    tick(qtbot, window.open_check)
    assert phone.join(shown_code(window)) == 200


def test_the_join_screen_on_the_room_display_closes_with_esc(qtbot, score_page) -> None:
    window, hub = switch_on(qtbot, score_page)
    assert window.room_check.text() == "Show &join screen on this screen"
    tick(qtbot, window.room_check)
    screen = window.join_screen
    assert screen is not None and screen.isFullScreen()
    assert screen.code.text() == f"Code: {window.code_label.text().removeprefix('Join code: ')}"
    # Very large, once full screen: half the room display's height.
    qtbot.waitUntil(lambda: screen.size() == screen.screen().size(), timeout=3000)
    assert screen.qr.pixmap().width() >= screen.height() * 0.4
    assert screen.qr.pixmap().width() > window.qr_label.pixmap().width()
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.join_screen is None, timeout=3000)
    assert not window.room_check.isChecked()
    assert hub.running


# --- switching off ------------------------------------------------------------------------------------


def test_closing_the_window_keeps_devices_on_and_unchecking_stops_them(qtbot, score_page, phones) -> None:
    page = score_page
    window, hub = switch_on(qtbot, page)
    host, port = hub.server.host, hub.server.port
    assert not refused(host, port)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Escape)  # Esc closes it
    qtbot.waitUntil(lambda: page.devices_window is None, timeout=3000)
    assert hub.running and page.devices_button.isChecked()
    assert page.devices_show_button.isVisible()
    qtbot.mouseClick(page.devices_show_button, Qt.MouseButton.LeftButton)  # opened again
    assert page.devices_window is not None and page.devices_window.stop_button.isEnabled()
    assert not page.devices_show_button.isVisible()

    main = page.window()
    main.activateWindow()  # back at the main window, Ctrl+Shift+D switches Devices off
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main, timeout=3000)
    press_devices_key(qtbot, main)
    qtbot.waitUntil(lambda: not page.devices_button.isChecked(), timeout=3000)
    assert not hub.running and page.devices_window is None
    assert refused(host, port)


def test_stop_in_the_window_stops_listening(qtbot, score_page) -> None:
    window, hub = switch_on(qtbot, score_page)
    host, port = hub.server.host, hub.server.port
    qtbot.mouseClick(window.stop_button, Qt.MouseButton.LeftButton)
    assert refused(host, port)
    assert not window._join_panel.isVisible() and window.start_button.isEnabled()
    assert window.state_label.text() == "Off: nothing listens on the network."


def test_closing_the_workshop_stops_devices(qtbot, score_page, laptop_window, phones) -> None:
    window, hub = switch_on(qtbot, score_page)
    phone = join_phone(qtbot, window, phones)
    host, port = hub.server.host, hub.server.port
    qtbot.mouseClick(laptop_window.workshop_view.back_button, Qt.MouseButton.LeftButton)
    assert phone.state_with("closed")["message"] == "Scoring on devices has been switched off."
    assert refused(host, port)
    assert score_page.devices_window is None and not score_page.devices_button.isChecked()


def test_opening_another_workshop_stops_the_devices_of_the_first(qtbot, score_page, laptop_window, services) -> None:
    _window, hub = switch_on(qtbot, score_page)
    host, port = hub.server.host, hub.server.port
    other = services.workshops.create(WorkshopFields(title="Autumn workshop")).previous
    laptop_window.workshop_view.set_workshop(other.id)
    assert refused(host, port) and not hub.running


def test_quitting_with_a_phone_scoring_asks_then_stops(qtbot, score_page, laptop_window, phones, workshop) -> None:
    _wid, (ann, _bo, _cy) = workshop
    window, hub = switch_on(qtbot, score_page)
    phone = join_phone(qtbot, window, phones)
    phone.choose(ann)
    qtbot.waitUntil(lambda: row_text(window, phone, 1) == "Waiting for you", timeout=5000)
    window.select_device(phone.id)
    qtbot.mouseClick(window.approve_button, Qt.MouseButton.LeftButton)
    phone.state_with("approved")
    host, port = hub.server.host, hub.server.port

    when_modal(click_button("Cancel"))
    assert not laptop_window.close()
    assert laptop_window.last_dialog.text() == "1 device is still scoring — stop devices and quit?"
    assert laptop_window.isVisible() and hub.running

    when_modal(click_button("Stop devices and quit"))
    assert laptop_window.close()
    assert refused(host, port)


@pytest.mark.sqlite_only("backups are of the local SQLite file")
def test_restoring_a_backup_stops_devices_before_the_file_is_swapped(qtbot, score_page, laptop_window) -> None:
    laptop_window.backups.backup_now()
    _window, hub = switch_on(qtbot, score_page)
    host, port = hub.server.host, hub.server.port
    laptop_window._restore_from(laptop_window.backups.list_backups()[0].path)
    assert refused(host, port) and not hub.running  # at once, before the restore runs
    qtbot.waitUntil(
        lambda: laptop_window.last_message is not None and laptop_window.last_message.isVisible(), timeout=10_000
    )
    laptop_window.last_message.close()


def test_quitting_the_application_stops_the_server(tmp_path, page_dir) -> None:
    """The application's own event loop, in a process of its own: quitting leaves nothing listening."""
    import subprocess
    import sys

    code = f"""
import pathlib, socket, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from jcs_desktop.services import Services
from jcs_desktop.ui.core.context import AppContext
from jcs_desktop.ui.core.devices import hub_of
services = Services.open("sqlite:///{tmp_path / "quit.sqlite3"}")
wid = services.workshops.create({{"title": "Quit test"}}).previous.id
ctx = AppContext(services)
hub = hub_of(ctx)
hub.server_options["page_dir"] = pathlib.Path({str(page_dir)!r})
hub.start(wid, "127.0.0.1")
port = hub.server.port
socket.create_connection(("127.0.0.1", port), timeout=2).close()
QTimer.singleShot(200, app.quit)
app.exec()
try:
    socket.create_connection(("127.0.0.1", port), timeout=2).close()
    print("still listening")
except OSError:
    print("refused")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "refused", out.stderr


# --- no network, a bad address ------------------------------------------------------------------------


def test_no_network_says_so_and_nothing_starts(qtbot, score_page, loopback) -> None:
    loopback.clear()
    page = score_page
    qtbot.mouseClick(page.devices_button, Qt.MouseButton.LeftButton)
    window = page.devices_window
    assert window.no_network_label.isVisible()
    assert window.no_network_label.text() == "No network: connect to Wi-Fi or start a hotspot (Help explains how)"
    assert not window.start_button.isEnabled()
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    assert page.ctx.devices.server is None
    qtbot.mouseClick(window.help_button, Qt.MouseButton.LeftButton)
    help_window = page.window().help_window()
    assert help_window.isVisible()
    assert help_window.sections.currentItem().text() == "Scoring from participants' own devices"
    # A hotspot started meanwhile: "Look again" finds it.
    loopback.append(Address("127.0.0.1", "hotspot", True))
    qtbot.mouseClick(window.rescan_button, Qt.MouseButton.LeftButton)
    assert not window.no_network_label.isVisible() and window.start_button.isEnabled()


def test_an_address_that_cannot_be_used_is_a_clear_message(qtbot, score_page, loopback) -> None:
    loopback[:] = [Address("192.0.2.254", "gone", True)]  # documentation range: not this machine's
    page = score_page
    qtbot.mouseClick(page.devices_button, Qt.MouseButton.LeftButton)
    window = page.devices_window
    when_modal(click_button("OK"))
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    box = window.last_dialog
    assert isinstance(box, QMessageBox)
    assert box.text() == "Devices could not start on 192.0.2.254."
    assert "cannot listen on 192.0.2.254" in box.informativeText()
    assert page.ctx.devices.server is None and not page.ctx.devices.running
    assert window.start_button.isEnabled()


# --- start-up -----------------------------------------------------------------------------------------


def test_the_window_and_the_score_step_load_no_network_code_until_devices_are_on() -> None:
    import subprocess
    import sys

    code = (
        "import sys, jcs_desktop.ui.shell.main_window, jcs_desktop.ui.app, jcs_desktop.ui.scoring.page\n"
        "print(','.join(m for m in ('aiohttp', 'segno', 'ifaddr', 'jcs_desktop.devices.server',"
        " 'jcs_desktop.ui.scoring.devices_window') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == ""


# --- fits a 1366×768 laptop at 100 % and 140 % text; mnemonics ---------------------------------------

SIZE = (1366, 768)


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


@pytest.mark.parametrize("scale", (1.0, 1.4), ids=lambda s: f"{round(s * 100)}pct")
def test_the_devices_window_fits_with_devices_in_the_list(qtbot, laptop_window, score_page, phones, scale) -> None:
    laptop_window.theme.apply(scale)
    settle()
    window, _hub = switch_on(qtbot, score_page)
    for _ in range(3):
        join_phone(qtbot, window, phones)
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=5000)
    # The size it opens at on a 1366×768 laptop with a taskbar (the test screen is another size).
    size = default_size(QSize(SIZE[0], SIZE[1] - 40))
    assert size.width() <= SIZE[0] and size.height() <= SIZE[1] - 40
    window.resize(size)
    settle()
    problems = check_fit(window, SIZE, min_rows=3)
    assert not problems, "\n".join(map(str, problems))
    # The code is the largest text of the window, and every column of the list is in view.
    assert window.code_label.font().pointSizeF() >= 2 * QApplication.font().pointSizeF()
    header = window.table.horizontalHeader()
    assert header.length() <= window.table.viewport().width()
    assert not window.table.horizontalScrollBar().isVisible()


@pytest.mark.parametrize("scale", (1.0, 1.4), ids=lambda s: f"{round(s * 100)}pct")
def test_the_join_screen_fits_the_room_display(qtbot, laptop_window, score_page, scale) -> None:
    laptop_window.theme.apply(scale)
    window, _hub = switch_on(qtbot, score_page)
    window.room_check.setChecked(True)
    screen = window.join_screen
    qtbot.waitUntil(lambda: screen.size() == screen.screen().size(), timeout=3000)
    settle()
    problems = check_fit(screen, screen.size().toTuple())
    assert not problems, "\n".join(map(str, problems))


def test_no_two_controls_of_the_devices_window_share_a_mnemonic(qtbot, score_page) -> None:
    window, _hub = switch_on(qtbot, score_page)
    settle()
    assert not duplicates(window)
    window.stop_button.click()
    window.fill_addresses()
    settle()
    assert not duplicates(window)
