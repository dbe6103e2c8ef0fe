"""Two writers on one database: upserts that never collide, and undo that checks before it writes."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from jcs_desktop.services import Services
from jcs_desktop.services.scores import ChangedElsewhere

ELEMENT = "building-partnerships.trust"

HAMMER = textwrap.dedent(
    """
    import json, sys, time
    from jcs_desktop.services import Services
    url, pid, rounds, start = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    services = Services.open(url)
    errors = {}
    while time.time() < start:  # both writers begin together
        time.sleep(0.001)
    for i in range(rounds):
        # Clearing deletes the row, so nearly every write races to create it again.
        value = None if i % 2 else 1 + (i // 2) % 4
        for call in (lambda: services.scores.set_score(pid, "building-partnerships.trust", value),
                     lambda: services.scores.set_agreed(1, "building-partnerships.trust", value)):
            try:
                call()
            except Exception as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
    services.close()
    print(json.dumps(errors))
    """
)


def _workshop(url: str) -> int:
    services = Services.open(url)
    workshop = services.workshops.create({"title": "Two writers"}).previous
    assert workshop.id == 1
    pid = services.participants.add(workshop.id, {"display_name": "Ann"}).previous.id
    services.close()
    return pid


def test_two_processes_saving_the_same_score_never_collide(tmp_path: Path) -> None:
    import time

    url = f"sqlite:///{tmp_path / 'two.sqlite3'}"
    pid = _workshop(url)
    start = str(time.time() + 1.5)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", HAMMER, url, str(pid), "300", start], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err.decode()
        assert json.loads(out) == {}, out


def test_undo_of_a_score_changed_elsewhere_is_refused(services, demo_id: int) -> None:
    other = Services.open(services.db.url)
    pid = services.participants.list(demo_id)[0].id
    services.scores.set_score(pid, ELEMENT, 3)
    other.scores.set_score(pid, ELEMENT, 1)
    with pytest.raises(ChangedElsewhere, match=r"changed elsewhere since .* not undone"):
        services.scores.set_score(pid, ELEMENT, 2, expected=3)
    assert services.scores.get_score(pid, ELEMENT) == 1
    assert services.scores.set_score(pid, ELEMENT, 2, expected=1).previous == 1
    assert services.scores.get_score(pid, ELEMENT) == 2
    with pytest.raises(ChangedElsewhere):
        services.scores.set_score(pid, ELEMENT, 2, expected=None)
    other.close()


def test_undo_of_an_agreement_changed_elsewhere_is_refused(services, demo_id: int) -> None:
    other = Services.open(services.db.url)
    before = services.scores.set_agreed(demo_id, ELEMENT, 4, rationale="We all agree").previous
    after = services.scores.get_agreed(demo_id, ELEMENT)
    other.scores.set_agreed(demo_id, ELEMENT, rationale="Changed in the other window")
    with pytest.raises(ChangedElsewhere, match=r"agreed score .* changed elsewhere"):
        services.scores.restore_agreed(demo_id, ELEMENT, before, expected=after)
    assert services.scores.get_agreed(demo_id, ELEMENT).rationale == "Changed in the other window"
    current = services.scores.get_agreed(demo_id, ELEMENT)
    services.scores.restore_agreed(demo_id, ELEMENT, before, expected=current)
    assert services.scores.get_agreed(demo_id, ELEMENT).level == before.level
    other.close()


def test_ctrl_z_in_one_window_does_not_overwrite_the_other_window(qtbot, services, demo_id: int) -> None:
    from jcs_desktop.ui.commands.agreed import SetAgreed
    from jcs_desktop.ui.commands.scores import SetScore
    from jcs_desktop.ui.core.context import AppContext

    ctx = AppContext(services)
    other = Services.open(services.db.url)
    pid = services.participants.list(demo_id)[0].id
    messages: list[str] = []
    ctx.status_message.connect(messages.append)

    assert ctx.push(SetScore(ctx, pid, ELEMENT, 4))
    other.scores.set_score(pid, ELEMENT, 2)  # the other instance
    ctx.undo_stack.undo()
    assert services.scores.get_score(pid, ELEMENT) == 2
    assert "changed elsewhere" in messages[-1] and "not undone" in messages[-1]

    assert ctx.push(SetAgreed(ctx, demo_id, ELEMENT, level=1, rationale="Ours"))
    other.scores.set_agreed(demo_id, ELEMENT, 3)
    ctx.undo_stack.undo()
    assert services.scores.get_agreed(demo_id, ELEMENT).level == 3
    assert "changed elsewhere" in messages[-1]

    # With nobody else writing, undo works as before.
    assert ctx.push(SetScore(ctx, pid, ELEMENT, 3))
    ctx.undo_stack.undo()
    assert services.scores.get_score(pid, ELEMENT) == 2
    other.close()
