"""Anonymised exports: labels in no telling order, and participants' names taken out of free text.

Only text people typed goes through ``Anonymiser.clean`` (rationales, reservations, notes,
actions, review points...); the workbook's own text never does, so "Analyst" survives a
participant called "Al".

Every part of a participant's name (given names, family names, the parts of a hyphenated or
apostrophised name, and the full name) is matched case-insensitively as a whole word, where a
word boundary is "no letter, digit or combining mark on either side" (``\\b`` alone splits
"O'Brien" and misreads accented letters). The longest match wins, so "Ann Smith" becomes one
label rather than two. A part shared by several participants ("Ann" for Ann Smith and Ann Jones)
becomes all their labels ("P2/P7"), since either could be meant. Titles ("Mrs", "Dr") are not
name parts, and single letters (initials) are matched only as part of the full name or when
they are the whole name, so that "a" and "I" in every sentence are left alone.

Labels are handed out in a random order for each export (``seed`` makes it reproducible for
tests): the order people were entered in, often the sign-in sheet's, must not tell who is who.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

# Letters, digits and combining marks: what continues a word. Python's \w covers the first
# two for every script but not combining marks (the accent of a decomposed "é").
_WORD = r"\w\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_BEFORE = rf"(?<![{_WORD}])"
_AFTER = rf"(?![{_WORD}])"
_APOSTROPHES = "'\u2019\u2018\u02bc`\u00b4"
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2212"
TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lady",
        "lord",
        "rev",
        "revd",
        "cllr",
        "councillor",
        "fr",
        "sr",
    ]
)


class Anonymiser:
    """Participant id -> label, and a ``clean`` that replaces their names in free text."""

    def __init__(self, labels: dict[int, str], owners: dict[str, set[int]], spellings: dict[str, set[str]]) -> None:
        self.labels = labels
        self.replacements = 0
        """How many mentions of a name ``clean`` has replaced so far."""
        self._lookup = {
            key: "/".join(sorted((labels[p] for p in pids), key=lambda lab: int(lab[1:])))
            for key, pids in owners.items()
        }
        # Longest first: at any one place the full name wins over its parts.
        sources = sorted({s for forms in spellings.values() for s in forms}, key=lambda t: (-len(t), t))
        self._pattern = (
            re.compile(_BEFORE + "(?:" + "|".join(_regex(t) for t in sources) + ")" + _AFTER, re.IGNORECASE)
            if sources
            else None
        )

    @classmethod
    def for_people(
        cls, people: Iterable[tuple[int, str]], *, seed: int | None = None, labels: Mapping[int, str] | None = None
    ) -> Anonymiser:
        """``people``: (participant id, display name). Labels P1..Pn, shuffled (by ``seed`` if given);
        or ``labels`` as an export already gave them (the same labels in every part of one export)."""
        people = list(people)
        if labels is None:
            order = [pid for pid, _ in people]
            (random.Random(seed) if seed is not None else random.SystemRandom()).shuffle(order)
            labels = {pid: f"P{i}" for i, pid in enumerate(order, start=1)}
        else:
            labels = {pid: labels[pid] for pid, _ in people}
        owners: dict[str, set[int]] = {}
        spellings: dict[str, set[str]] = {}
        for pid, name in people:
            for part in name_parts(name):
                key = _key(part)
                owners.setdefault(key, set()).add(pid)
                # The name as typed and its case fold: "Straße" must also catch "STRASSE" and "strasse".
                spellings.setdefault(key, set()).update({unicodedata.normalize("NFC", part), key})
        return cls(labels, owners, spellings)

    @classmethod
    def names_only(cls, names: Iterable[str]) -> Anonymiser:
        """Takes ``names`` out of free text as "[name]", labelling nobody: for people of an earlier
        workshop who are not in this one (a label would stand for someone else here)."""
        spellings: dict[str, set[str]] = {}
        for name in names:
            for part in name_parts(name):
                spellings.setdefault(_key(part), set()).update({unicodedata.normalize("NFC", part), _key(part)})
        return cls({}, {}, spellings)

    def clean(self, text: str) -> str:
        """``text`` with every participant's name replaced by their label; anything else unchanged."""
        if not text or self._pattern is None:
            return text
        return self._pattern.sub(self._label_for, text)

    def _label_for(self, match: re.Match[str]) -> str:
        self.replacements += 1
        # A spelling the look-up does not know (an unusual case fold) is still a name: never leave it.
        return self._lookup.get(_key(match.group(0)), "[name]")


def name_parts(name: str) -> list[str]:
    """The parts of a name that identify its owner: the full name, each word, each piece of a compound."""
    name = " ".join(name.split())
    typed = [w.strip('.,;:()[]"') for w in name.split(" ")]
    words = [w for w in typed if any(c.isalnum() for c in w)]
    # A title is not a name ("Mrs" would stand for every Mrs), unless it is all there is.
    words = [w for w in words if w.casefold() not in TITLES] or words
    if not words:
        return []
    # The full name with its title ("Dr Amara Okafor") is one label, not "Dr P2".
    parts = {" ".join(words), " ".join(w for w in typed if w)}
    for word in words:
        pieces = {word}
        for compound in re.split(f"[{re.escape(_HYPHENS)}]", word):
            pieces.add(compound)
            pieces.update(re.split(f"[{re.escape(_APOSTROPHES)}]", compound))
            pieces.add(re.sub(f"[{re.escape(_APOSTROPHES)}]", "", compound))  # "OBrien" for "O'Brien"
        parts.update(p for p in pieces if len(p) >= 2 or (len(words) == 1 and p == word))
    return sorted(parts, key=lambda p: (-len(p), p))


def _key(text: str) -> str:
    """What two spellings of one name have in common: case, spacing, apostrophe and hyphen forms."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(f"[{re.escape(_APOSTROPHES)}]", "'", text)
    text = re.sub(f"[{re.escape(_HYPHENS)}]", "-", text)
    return " ".join(text.split())


def _regex(name: str) -> str:
    """A pattern matching ``name`` however it is cased, spaced, composed or punctuated."""
    out = []
    i = 0
    while i < len(name):
        ch = name[i]
        if name[i : i + 2].casefold() == "ss":
            # "ss" and "ß" are one spelling once case is ignored (Strauss, Strauß): the name
            # typed with "ss" must also be found where someone typed "ß", and the other way round.
            out.append("(?:" + _char_class("s") + _char_class("s") + "|[ßẞ])")
            i += 2
            continue
        i += 1
        if ch == " ":
            out.append(r"\s+")
        elif ch in _APOSTROPHES:
            out.append(f"[{re.escape(_APOSTROPHES)}]")
        elif ch in _HYPHENS:
            out.append(f"[{re.escape(_HYPHENS)}]")
        else:
            out.append(_char_class(ch))
    return "".join(out)


def _char_class(ch: str) -> str:
    # A case fold can change length ("ß" and "SS", "İ" and "i̇"), and a letter can be typed
    # composed or decomposed: offer every such spelling, not only the one-to-one case pairs.
    forms = {ch, ch.upper(), ch.lower(), ch.title(), ch.casefold()}
    forms |= {unicodedata.normalize(n, f) for f in list(forms) for n in ("NFC", "NFD")}
    singles = sorted(f for f in forms if len(f) == 1)
    multi = sorted((f for f in forms if len(f) > 1), key=lambda f: -len(f))
    alternatives = [re.escape(f) for f in multi]
    if singles:
        alternatives.append("[" + "".join(re.escape(c) for c in singles) + "]")
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def workbook_texts(framework) -> frozenset[str]:
    """Every approach to change in the workbook: text of the workbook's own, never anonymised."""
    return frozenset(
        approach
        for driver in framework.drivers
        for element in driver.elements
        for level in element.detail.levels
        for approach in level.approaches
    )


def describe(labels: Sequence[str], replacements: int) -> str:
    """The notice an anonymised export prints: what was done, so readers know what to trust."""
    span = f"{labels[0]}–{labels[-1]}" if len(labels) > 1 else (labels[0] if labels else "labels")
    found = f"{replacements} mention{'s' if replacements != 1 else ''}" if replacements else "no mentions"
    return (
        f"Participants' names are replaced by labels ({span}) given in a random order for "
        "this export; organisations, roles and participants' own notes are left out; any sector with fewer "
        "than three people is counted under \u201cOther\u201d. Every free text typed in (rationales, "
        "reservations, targets, notes, actions, review points) was checked for each participant's full, "
        f"given and family names, which were replaced by their labels ({found} found)."
    )
