"""What the facilitator has revealed of the open workshop's individual scores, for every page.

Reconcile reveals the scores one element at a time so that nobody anchors on the others'
scores before the discussion. Every page that shows anything resting on individual scores
(Reconcile's heatmaps, Final scores' means, gaps and "closest to moving") reads the same
``RevealState``, so nothing of an element shows anywhere before Reconcile has revealed it.

The state lives only while the workshop is open: opening a workshop (again) starts with
everything hidden and draws new anonymous labels. Nothing of it is saved.

The anonymous labels (P1, P2…) are handed out in a random order per opening, not in the
order people were entered (often the sign-in sheet's), and stay the same while the workshop
is open so that the group can speak of "P3" throughout the discussion.

Qt-free, so that it can be tested and reasoned about on its own; the ``AppContext`` holds
one and turns its change callback into a signal.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable


class RevealState:
    def __init__(self, on_change: Callable[[], None] | None = None, rng: random.Random | None = None) -> None:
        self._on_change = on_change
        self._rng = rng or random.SystemRandom()
        self._workshop_id: int | None = None
        self._revealed: set[str] = set()
        self._labels: dict[int, int] = {}

    @property
    def workshop_id(self) -> int | None:
        return self._workshop_id

    def open(self, workshop_id: int | None) -> None:
        """A workshop is opened (or opened again): everything hidden, new anonymous labels."""
        self._workshop_id = workshop_id
        self._revealed = set()
        self._labels = {}
        self._changed()

    def ensure_open(self, workshop_id: int | None) -> None:
        """Open ``workshop_id`` unless it is the one open already (a page created later keeps what is revealed)."""
        if workshop_id != self._workshop_id:
            self.open(workshop_id)

    # --- revealing ------------------------------------------------------------------------------

    @property
    def revealed(self) -> frozenset[str]:
        return frozenset(self._revealed)

    def is_revealed(self, element_id: str) -> bool:
        return element_id in self._revealed

    def all_revealed(self, element_ids: Iterable[str]) -> bool:
        return all(e in self._revealed for e in element_ids)

    def reveal(self, element_id: str) -> bool:
        """Reveal one element; True if it was hidden until now."""
        return self.reveal_all([element_id])

    def reveal_all(self, element_ids: Iterable[str]) -> bool:
        """Reveal every element of ``element_ids``; True if any was hidden until now."""
        new = set(element_ids) - self._revealed
        if not new:
            return False
        self._revealed |= new
        self._changed()
        return True

    # --- anonymous labels -----------------------------------------------------------------------

    def anonymous_labels(self, participant_ids: Iterable[int]) -> dict[int, str]:
        """'P1'… for each participant: a random order drawn for this opening, then kept.

        People added while the workshop is open get the next numbers (in a random order
        among themselves), so nobody's label changes under the group's eyes.
        """
        ids = list(dict.fromkeys(participant_ids))
        new = [p for p in ids if p not in self._labels]
        if new:
            self._rng.shuffle(new)
            start = max(self._labels.values(), default=0)
            for offset, pid in enumerate(new, start=1):
                self._labels[pid] = start + offset
        return {p: f"P{self._labels[p]}" for p in ids}

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change()
