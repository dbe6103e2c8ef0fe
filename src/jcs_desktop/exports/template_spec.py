"""The layout of the Excel entry template, shared by the writer and the importer.

Participants and elements are identified by stable ids kept in the template itself and
in a hidden metadata sheet, never by their position, so reordered rows or columns still
import correctly. Since version 2 the workshop and each participant are identified by
their UUID (unique across databases), so a template made from another database whose
workshop happens to have the same integer id is recognised and refused. No openpyxl
here: the importer reads this without the writer.
"""

from __future__ import annotations

TEMPLATE_KIND = "jcs-desktop-score-entry"
TEMPLATE_VERSION = 2
"""1: integer ids only (still read, matched by id and name, with a warning); 2: UUIDs."""
KNOWN_VERSIONS = (1, 2)
SCORES_SHEET = "Scores"
META_SHEET = "JCS template"
ELEMENT_ID_HEADING = "Element ID"
"""Column A of the header row; the importer finds the header by this text."""
PARTICIPANT_ID_LABEL = "Participant ID"
"""Column A of the row above the header, which holds each column's participant UUID (version 1: id)."""
FIRST_SCORE_COLUMN = 4
"""Columns: A element id, B driver, C element, then one column per participant."""
NOT_SURE_WORDS = ("not sure", "not-sure", "notsure", "s", "?", "ns", "n/s", "unsure")
"""Typed for "not sure" (as is 0, the participant-mode key for it), compared case-insensitively."""
NOT_SURE_LEVEL = 0
MAX_PARTICIPANTS = 500
MAX_ROWS = 1000
MAX_COLUMNS = FIRST_SCORE_COLUMN - 1 + MAX_PARTICIPANTS
"""A template is small; a file with anything beyond these is refused, never partly read."""
