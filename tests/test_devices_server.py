"""The device server, in this process, over real sockets on 127.0.0.1 with aiohttp's client:
join, approve, score, re-send, revoke, wrong token, wrong Origin, oversize body, rate limit,
workshop closed; and privacy (a device sees only its own participant's answers)."""

from __future__ import annotations

import asyncio
import json
import threading

import aiohttp
import pytest

from jcs_desktop.devices import protocol
from jcs_desktop.devices.server import APPROVED, CHOOSING, REVOKED, WAITING, DeviceError, DeviceServer, browser_of
from jcs_desktop.domain.values import NOT_SURE


@pytest.fixture
def workshop(services):
    wid = services.workshops.create({"title": "Devices test"}).workshop.id
    people = [
        services.participants.add(wid, {"display_name": name, "organisation": org, "sector": "Health"})
        for name, org in (("Ann Lee", "Council"), ("Bo Chan", "NHS"), ("Cy Moss", "Housing"))
    ]
    return wid, [next(iter(c.participants)) for c in people]


@pytest.fixture
def server(services, workshop):
    wid, _ = workshop
    seen: list = []
    devices_calls = threading.Event()
    srv = DeviceServer(
        services,
        wid,
        "127.0.0.1",
        on_changes=seen.append,
        on_devices=devices_calls.set,
    )
    srv.start()
    srv.changes_seen = seen
    try:
        yield srv
    finally:
        srv.stop()


class Device:
    """A participant's browser, as the protocol has it."""

    def __init__(self, server: DeviceServer, session: aiohttp.ClientSession) -> None:
        self.server = server
        self.http = session
        self.token = ""
        self.id = ""
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.join_reply: dict = {}

    async def join(self, code: str | None = None) -> int:
        async with self.http.post(
            self.server.url + "api/join",
            json={"code": code if code is not None else self.server.join_code},
            headers={"Origin": self.server.origin},
        ) as r:
            body = await r.json()
            if r.status == 200:
                self.token, self.id, self.join_reply = body["token"], body["device"], body
            return r.status

    async def connect(self, token: str | None = None, origin: str | None = None) -> dict:
        self.ws = await self.http.ws_connect(
            self.server.origin + "/ws",
            protocols=("jcs-v1", "token." + (token if token is not None else self.token)),
            headers={"Origin": origin if origin is not None else self.server.origin},
        )
        return await self.receive("state")

    async def send(self, message: dict) -> None:
        assert self.ws is not None
        await self.ws.send_str(json.dumps(message))

    async def receive(self, kind: str | None = None, timeout: float = 5.0) -> dict:
        assert self.ws is not None
        while True:
            msg = await asyncio.wait_for(self.ws.receive(), timeout)
            assert msg.type == aiohttp.WSMsgType.TEXT, msg
            data = json.loads(msg.data)
            if kind is None or data["type"] == kind:
                return data

    async def answer(self, cid: str, element: str, value) -> dict:
        await self.send({"type": "answer", "id": cid, "element": element, "value": value})
        return await self.receive()


def run(coro):
    return asyncio.run(coro)


def first_elements(services, n: int) -> list[str]:
    return services.framework.element_ids()[:n]


async def _approved_device(server, session, pid) -> Device:
    device = Device(server, session)
    assert await device.join() == 200
    state = await device.connect()
    assert state["status"] == CHOOSING
    await device.send({"type": "choose", "participant": pid})
    assert (await device.receive("state"))["status"] == WAITING
    await asyncio.to_thread(server.approve, device.id)
    state = await device.receive("state")
    assert state["status"] == APPROVED
    return device


def test_join_approve_score_and_the_gui_hears_of_it(services, workshop, server) -> None:
    _wid, (ann, _bo, _cy) = workshop
    e1, e2 = first_elements(services, 2)

    async def go():
        async with aiohttp.ClientSession() as session:
            device = Device(server, session)
            assert await device.join() == 200
            assert [p["name"] for p in device.join_reply["participants"]] == ["Ann Lee", "Bo Chan", "Cy Moss"]
            assert device.join_reply["workshop"] == "Devices test"
            state = await device.connect()
            assert state == {
                "type": "state",
                "status": CHOOSING,
                "participant": None,
                "answers": {},
                "finished": False,
                "message": "",
                "requested": None,
                "participants": device.join_reply["participants"],
            }
            await device.send({"type": "choose", "participant": ann})
            waiting = await device.receive("state")
            assert waiting["status"] == WAITING and waiting["requested"] == {"id": ann, "name": "Ann Lee"}
            [info] = await asyncio.to_thread(server.devices)
            assert (info.status, info.participant_id, info.participant_name) == (WAITING, ann, "Ann Lee")
            # Not let in yet: an answer is refused, nothing stored.
            refused = await device.answer("early-answer-1", e1, 2)
            assert refused["type"] == "refused"
            await asyncio.to_thread(server.approve, device.id)
            state = await device.receive("state")
            assert state["status"] == APPROVED and state["participant"] == {"id": ann, "name": "Ann Lee"}
            assert await device.answer("answer-0001", e1, 3) == {
                "type": "ack",
                "id": "answer-0001",
                "element": e1,
                "value": 3,
            }
            assert (await device.answer("answer-0002", e2, NOT_SURE))["type"] == "ack"
            async with session.get(
                server.url + "api/workbook", headers={"Authorization": f"Bearer {device.token}"}
            ) as r:
                workbook = await r.json()
            assert [e["id"] for e in workbook["elements"]] == services.framework.element_ids()
            assert len(workbook["levels"]) == services.framework.level_count
            await device.send({"type": "finish"})
            assert (await device.receive("state"))["finished"] is True
            [info] = await asyncio.to_thread(server.devices)
            assert (info.answered, info.finished, info.connected) == (2, True, True)

    run(go())
    assert services.scores.scores_for_participant(ann) == {e1: 3, e2: NOT_SURE}
    # The GUI is told through the same change records as its own writes.
    assert server.changes_seen[0].scores[(ann, e1)].value == 3
    assert {key for c in server.changes_seen for key in c.scores} == {(ann, e1), (ann, e2)}


def test_a_re_sent_answer_is_stored_once_and_acknowledged_again(services, workshop, server) -> None:
    _wid, (ann, _bo, _cy) = workshop
    e1, e2 = first_elements(services, 2)

    async def go():
        async with aiohttp.ClientSession() as session:
            device = await _approved_device(server, session, ann)
            assert (await device.answer("same-id-123", e1, 2))["type"] == "ack"
            # A later answer to the same element, then the first one re-sent after a drop.
            assert (await device.answer("later-id-456", e1, 4))["type"] == "ack"
            await device.ws.close()
            await device.connect()
            again = await device.answer("same-id-123", e1, 2)
            assert again == {"type": "ack", "id": "same-id-123", "element": e1, "value": 2}
            assert (await device.answer("clear-id-789", e2, None))["type"] == "ack"

    run(go())
    # The re-send did not write the old value over the newer one.
    assert services.scores.scores_for_participant(ann) == {e1: 4}
    assert server.stats["stored"] == 3 and server.stats["resent"] == 1
    # Clearing an element that had no answer changes nothing: acknowledged, and the GUI hears nothing.
    assert len(server.changes_seen) == 2


def test_bad_answers_are_refused_with_a_reason_and_change_nothing(services, workshop, server) -> None:
    _wid, (ann, _bo, _cy) = workshop
    [e1] = first_elements(services, 1)

    async def go():
        async with aiohttp.ClientSession() as session:
            device = await _approved_device(server, session, ann)
            for i, value in enumerate((0, 5, True, "3", 2.5, "maybe")):
                reply = await device.answer(f"bad-value-{i}", e1, value)
                assert reply["type"] == "refused", value
                assert "level from 1 to 4" in reply["message"]
            reply = await device.answer("bad-element-1", "no.such.element", 2)
            assert reply["type"] == "refused" and "unknown element" in reply["message"]
            await device.send({"type": "answer", "id": "x", "element": e1, "value": 2})
            assert (await device.receive())["type"] == "error"  # an id too short to be one
            await device.ws.send_str("not json at all")
            assert (await device.receive())["type"] == "error"
            await device.send({"type": "nonsense"})
            assert (await device.receive())["type"] == "error"

    run(go())
    assert services.scores.scores_for_participant(ann) == {}


def test_a_device_sees_only_its_own_participants_answers(services, workshop, server) -> None:
    _wid, (ann, bo, _cy) = workshop
    e1, e2, e3 = first_elements(services, 3)
    services.scores.set_score(bo, e1, 1)
    services.scores.set_score(bo, e2, 4)
    services.scores.set_score(ann, e3, 2)

    async def go():
        async with aiohttp.ClientSession() as session:
            device = Device(server, session)
            await device.join()
            await device.connect()
            await device.send({"type": "choose", "participant": ann})
            await device.receive("state")
            await asyncio.to_thread(server.approve, device.id)
            state = await device.receive("state")
            assert state["answers"] == {e3: 2}
            # Another participant's score stored on the laptop reaches nobody's device but theirs.
            changes = await asyncio.to_thread(services.scores.set_score, bo, e3, 3)
            server.take_changes(changes)
            changes = await asyncio.to_thread(services.scores.set_score, ann, e1, 4)
            server.take_changes(changes)
            state = await device.receive("state")
            assert state["answers"] == {e3: 2, e1: 4}
            return state

    state = run(go())
    assert "1" not in json.dumps(state["answers"]).replace(e1, "").replace(e3, "")


def test_auto_approve_lets_in_a_fresh_name_but_not_one_with_answers_or_held(services, workshop, server) -> None:
    _wid, (ann, bo, _cy) = workshop
    [e1] = first_elements(services, 1)
    services.scores.set_score(bo, e1, 2)
    server.set_auto_approve(True)

    async def go():
        async with aiohttp.ClientSession() as session:
            first = Device(server, session)
            await first.join()
            await first.connect()
            await first.send({"type": "choose", "participant": ann})
            assert (await first.receive("state"))["status"] == APPROVED
            # Ann is held by the first device: a second device asking for Ann waits.
            second = Device(server, session)
            await second.join()
            await second.connect()
            await second.send({"type": "choose", "participant": ann})
            assert (await second.receive("state"))["status"] == WAITING
            # Bo already has answers (given on the shared screen): the facilitator decides.
            third = Device(server, session)
            await third.join()
            await third.connect()
            await third.send({"type": "choose", "participant": bo})
            assert (await third.receive("state"))["status"] == WAITING
            infos = {d.id: d for d in await asyncio.to_thread(server.devices)}
            assert infos[second.id].held_elsewhere == first.id
            assert infos[third.id].has_answers_already
            # The facilitator gives Ann to the second device: the first goes back to choosing.
            await asyncio.to_thread(server.approve, second.id)
            assert (await second.receive("state"))["status"] == APPROVED
            moved = await first.receive("state")
            assert moved["status"] == CHOOSING and "another device" in moved["message"]
            refused = await first.answer("after-moved-1", e1, 3)
            assert refused["type"] == "refused"

    run(go())
    assert services.scores.scores_for_participant(ann) == {}


def test_revoke_kills_the_token_and_closes_the_socket(services, workshop, server) -> None:
    _wid, (ann, _bo, _cy) = workshop

    async def go():
        async with aiohttp.ClientSession() as session:
            device = await _approved_device(server, session, ann)
            await asyncio.to_thread(server.revoke, device.id)
            state = await device.receive("state")
            assert state["status"] == REVOKED and state["answers"] == {}
            msg = await asyncio.wait_for(device.ws.receive(), 5)
            assert msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING)
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await device.connect()
            assert refused.value.status == 403
            async with session.get(
                server.url + "api/workbook", headers={"Authorization": f"Bearer {device.token}"}
            ) as r:
                assert r.status == 401
            [info] = await asyncio.to_thread(server.devices)
            assert info.status == REVOKED

    run(go())
    assert services.scores.scores_for_participant(ann) == {}
    with pytest.raises(DeviceError):
        server.approve("no-such-device")


def test_wrong_token_wrong_origin_wrong_host_and_wrong_code_are_refused(services, workshop, server) -> None:
    async def go():
        async with aiohttp.ClientSession() as session:
            device = Device(server, session)
            assert await device.join("AAAAAA") == 403
            assert await device.join() == 200
            with pytest.raises(aiohttp.WSServerHandshakeError) as wrong_token:
                await device.connect(token=protocol.new_token())
            assert wrong_token.value.status == 403
            with pytest.raises(aiohttp.WSServerHandshakeError) as wrong_origin:
                await device.connect(origin="http://evil.example")
            assert wrong_origin.value.status == 403
            async with session.post(
                server.url + "api/join", json={"code": server.join_code}, headers={"Origin": "http://evil.example"}
            ) as r:
                assert r.status == 403
            async with session.post(server.url + "api/join", json={"code": server.join_code}) as r:
                assert r.status == 403  # no Origin at all: not from the page
            # A page of another site reaching the server through a name of its own (DNS rebinding).
            async with session.get(server.url, headers={"Host": f"attacker.example:{server.port}"}) as r:
                assert r.status == 421
            async with session.get(server.url + "api/workbook") as r:
                assert r.status == 401

    run(go())
    assert len(server.devices()) == 1


def test_only_the_pages_own_files_are_served(server) -> None:
    async def go():
        async with aiohttp.ClientSession() as session:
            async with session.get(server.url) as r:
                assert r.status == 200 and r.content_type == "text/html"
                assert "script-src 'self'" in r.headers["Content-Security-Policy"]
                assert r.headers["Cache-Control"] == "no-store"
            for path in ("app.js", "app.css"):
                async with session.get(server.url + path) as r:
                    assert r.status == 200
            for path in ("index.html/", "../pyproject.toml", "%2e%2e/%2e%2e/pyproject.toml", "static/", "resources/"):
                async with session.get(server.url + path) as r:
                    assert r.status == 404, path

    run(go())


def test_an_oversize_body_and_message_are_refused(server) -> None:
    async def go():
        async with aiohttp.ClientSession() as session:
            async with session.post(
                server.url + "api/join",
                data=json.dumps({"code": "x" * (protocol.MAX_BODY + 10)}),
                headers={"Origin": server.origin, "Content-Type": "application/json"},
            ) as r:
                assert r.status == 413
            device = Device(server, session)
            await device.join()
            await device.connect()
            await device.ws.send_str(json.dumps({"type": "ping", "pad": "x" * protocol.MAX_MESSAGE}))
            msg = await asyncio.wait_for(device.ws.receive(), 5)
            assert msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING)

    run(go())


def test_the_rate_limit_drops_a_flood_and_says_so(services, workshop, server) -> None:
    _wid, (ann, _bo, _cy) = workshop
    [e1] = first_elements(services, 1)

    async def go():
        async with aiohttp.ClientSession() as session:
            device = await _approved_device(server, session, ann)
            for i in range(protocol.MESSAGE_BURST + 30):
                await device.send({"type": "answer", "id": f"flood-{i:06d}", "element": e1, "value": 1 + i % 4})
            kinds = [(await device.receive())["type"] for _ in range(protocol.MESSAGE_BURST + 30)]
            return kinds

    kinds = run(go())
    assert "slow_down" in kinds
    assert kinds.count("ack") < protocol.MESSAGE_BURST + 30
    assert server.stats["rate_limited"] == kinds.count("slow_down")


def test_join_attempts_are_limited_per_address(server) -> None:
    async def go():
        async with aiohttp.ClientSession() as session:
            statuses = [await Device(server, session).join("WRONG1") for _ in range(protocol.JOIN_ATTEMPTS_PER_MINUTE)]
            assert set(statuses) == {403}
            assert await Device(server, session).join() == 429  # even the right code, for a minute

    run(go())


def test_closed_join_and_a_renewed_code_stop_new_devices(server) -> None:
    async def go():
        async with aiohttp.ClientSession() as session:
            old = server.join_code
            new = await asyncio.to_thread(server.renew_code)
            assert new != old
            assert await Device(server, session).join(old) == 403
            assert await Device(server, session).join(new.lower()) == 200  # typed in small letters
            await asyncio.to_thread(server.set_join_open, False)
            assert await Device(server, session).join(new) == 403

    run(go())


def test_stopping_tells_every_device_that_scoring_here_is_closed(services, workshop) -> None:
    wid, (ann, _bo, _cy) = workshop
    srv = DeviceServer(services, wid, "127.0.0.1")
    srv.start()

    async def go():
        async with aiohttp.ClientSession() as session:
            device = await _approved_device(srv, session, ann)
            await asyncio.to_thread(srv.stop)
            state = await device.receive("state")
            assert state["status"] == "closed"
            with pytest.raises(aiohttp.ClientError):
                await Device(srv, session).join("ABCDEF")

    run(go())
    assert not srv.running
    srv.stop()  # a second stop is harmless
    with pytest.raises(DeviceError):
        srv.devices()


def test_a_removed_participant_sends_their_device_back_to_choosing(services, workshop, server) -> None:
    _wid, (ann, _bo, _cy) = workshop

    async def go():
        async with aiohttp.ClientSession() as session:
            device = await _approved_device(server, session, ann)
            server.take_changes(await asyncio.to_thread(services.participants.remove, ann))
            state = await device.receive("state")
            assert state["status"] == CHOOSING and state["answers"] == {}
            names = await device.receive("participants")
            assert [p["name"] for p in names["participants"]] == ["Bo Chan", "Cy Moss"]

    run(go())


def test_a_workshop_that_is_gone_or_an_address_not_ours_cannot_start(services, workshop) -> None:
    from jcs_desktop.services import NotFound

    wid, _ = workshop
    services.workshops.delete(wid)
    with pytest.raises(NotFound):
        DeviceServer(services, wid, "127.0.0.1").start()
    other = services.workshops.create({"title": "Other"}).workshop.id
    with pytest.raises(DeviceError, match=r"cannot listen on 192\.0\.2\.254"):
        DeviceServer(services, other, "192.0.2.254").start()


def test_join_codes_roll_over_with_a_grace_period() -> None:
    now = [1000.0]
    codes = protocol.JoinCodes(lambda: now[0], minutes=10)
    first = codes.current
    assert len(first) == protocol.CODE_LENGTH and set(first) <= set(protocol.CODE_ALPHABET)
    assert codes.accepts(first.lower()) and codes.accepts(f"{first[:3]} {first[3:]}")
    now[0] += 600
    second = codes.current
    assert second != first
    assert codes.accepts(first) and codes.accepts(second)
    now[0] += protocol.CODE_GRACE_SECONDS
    assert not codes.accepts(first) and codes.accepts(second)
    now[0] += 3600 * 5  # asleep for hours: the code is new, none of the old ones works
    assert not codes.accepts(second)


def test_a_short_description_of_each_browser() -> None:
    assert browser_of("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit Mobile Safari") == "Android phone"
    assert browser_of("Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)") == "iPad"
    assert browser_of("Mozilla/5.0 (Windows NT 10.0; Win64; x64)") == "Windows laptop"
    assert browser_of("") == "Unknown device"


def test_an_answer_sent_again_while_it_is_being_stored_is_stored_once(services, workshop, server) -> None:
    """A phone drops its socket while its answer is being stored and sends it again from a new
    socket: the second waits for the first's outcome and gets the same ack; one write."""
    import time

    _wid, (ann, _bo, _cy) = workshop
    [e1] = first_elements(services, 1)
    writes = []
    store = services.scores.set_score

    def slow_store(*args, **kwargs):
        writes.append(args)
        time.sleep(0.3)  # a long queue at the writer
        return store(*args, **kwargs)

    async def go():
        async with aiohttp.ClientSession() as session:
            first = await _approved_device(server, session, ann)
            services.scores.set_score = slow_store
            await first.send({"type": "answer", "id": "in-flight-01", "element": e1, "value": 2})
            second = Device(server, session)
            second.token, second.id = first.token, first.id
            await second.connect()  # the same device, from a new socket
            again = await second.answer("in-flight-01", e1, 2)
            original = await first.receive("ack")
            return again, original

    try:
        again, original = run(go())
    finally:
        services.scores.set_score = store
    assert again == original == {"type": "ack", "id": "in-flight-01", "element": e1, "value": 2}
    assert len(writes) == 1
    assert server.stats["stored"] == 1 and server.stats["resent"] == 1
