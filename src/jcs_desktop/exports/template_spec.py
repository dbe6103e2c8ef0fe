"""The layout of the Excel entry template, shared by the writer and the importer.

Participants and elements are identified by stable ids (participant ids, element ids
such as "building-partnerships.trust") kept in the template itself and in a hidden
metadata sheet, never by their position, so reordered rows or columns still import
correctly. No openpyxl here: the importer reads this without the writer.
"""

from __future__ import annotations

TEMPLATE_KIND = "jcs-desktop-score-entry"
TEMPLATE_VERSION = 1
SCORES_SHEET = "Scores"
META_SHEET = "JCS template"
ELEMENT_ID_HEADING = "Element ID"
"""Column A of the header row; the importer finds the header by this text."""
PARTICIPANT_ID_LABEL = "Participant ID"
"""Column A of the row above the header, which holds each column's participant id."""
FIRST_SCORE_COLUMN = 4
"""Columns: A element id, B driver, C element, then one column per participant."""
NOT_SURE_WORDS = ("not sure", "not-sure", "notsure", "?", "ns", "n/s", "unsure")
MAX_ROWS = 1000
MAX_COLUMNS = 300
"""A template is small; anything far bigger is not one, and is not read to the end."""
