"""The Score step: participant mode on a shared screen, the facilitator's grid, group scores.

Modules: ``page`` (the step page), ``participant_mode`` (the locked full-screen window),
``turn`` (the current participant's answers and own undo), ``participant_locks`` (its PIN
checks) and its screens: ``picker_pages`` (name picker, welcome, hand-over), ``check_page``
(the PIN check for a returning participant, the exit screen), ``summary_pages`` (one's own
scores), ``pace`` (the pace timer), all re-exported by ``participant_pages``;
``consensus`` (agreed scores on the large cards), ``cards`` (the large element card),
``level_card`` (one level on it), ``grid`` (participants × elements keying grid),
``scheme`` (colours and type sizes for the shared screen), ``screen`` (the shared-screen
window base), ``state`` (where the screens read the open workshop: the live state),
``shortcuts`` (the keys, as plain data for the Help). The undoable commands are
``ui/commands/scores.py`` and ``ui/commands/agreed.py``.
"""
