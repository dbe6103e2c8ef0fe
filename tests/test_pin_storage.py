"""What is stored for a participant-mode PIN: only a salted slow hash, never the PIN."""

from __future__ import annotations

import hashlib
import os

from jcs_desktop.services.dto import WorkshopFields
from jcs_desktop.services.workshops import PIN_ITERATIONS
from jcs_desktop.store.models import Workshop


def stored_hash(services, workshop_id: int) -> str | None:
    with services.db.session() as s:
        return s.get(Workshop, workshop_id).pin_hash


def test_only_a_salted_pbkdf2_hash_is_stored(services) -> None:
    first = services.workshops.create(WorkshopFields(title="One")).previous.id
    second = services.workshops.create(WorkshopFields(title="Two")).previous.id
    for wid in (first, second):
        services.workshops.set_pin(wid, "2468")
    a, b = stored_hash(services, first), stored_hash(services, second)
    assert a != b  # the same PIN, a different salt each time
    scheme, rounds, salt, digest = a.split("$")
    assert scheme == "pbkdf2_sha256" and int(rounds) == PIN_ITERATIONS >= 100_000
    assert len(bytes.fromhex(salt)) == 16 and len(bytes.fromhex(digest)) == 32
    # Not a substring test: a random hex digest holds "2468" about once in 700 runs.
    assert "2468" not in (scheme, rounds, salt, digest)
    assert digest == hashlib.pbkdf2_hmac("sha256", b"2468", bytes.fromhex(salt), int(rounds)).hex()
    assert services.workshops.check_pin(first, "2468") and not services.workshops.check_pin(first, "2469")
    # Setting it again draws a new salt.
    services.workshops.set_pin(first, "2468")
    assert stored_hash(services, first) != a


def test_a_pin_stored_before_the_rounds_were_recorded_still_opens(services) -> None:
    wid = services.workshops.create(WorkshopFields(title="Older")).previous.id
    salt = os.urandom(16)
    legacy = f"{salt.hex()}${hashlib.pbkdf2_hmac('sha256', b'1357', salt, 100_000).hex()}"
    with services.db.session() as s:
        s.get(Workshop, wid).pin_hash = legacy
    assert services.workshops.check_pin(wid, "1357")
    assert not services.workshops.check_pin(wid, "1358")


def test_a_damaged_stored_hash_never_matches_and_never_raises(services) -> None:
    wid = services.workshops.create(WorkshopFields(title="Damaged")).previous.id
    for damaged in ("", "zz$yy", "pbkdf2_sha256$x$00$00", "pbkdf2_sha256$0$00$00", "a$b$c", "pbkdf2_sha256$5$$"):
        with services.db.session() as s:
            s.get(Workshop, wid).pin_hash = damaged
        assert not services.workshops.check_pin(wid, "1234")
