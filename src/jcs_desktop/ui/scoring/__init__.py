"""The Score step: participant mode on a shared screen, the facilitator's grid, group scores.

Modules: ``page`` (the step page), ``participant_mode`` (the locked full-screen window),
``consensus`` (agreed scores on the large cards), ``cards`` (the large level cards),
``grid`` (participants × elements keying grid), ``commands`` (undoable score commands),
``theme`` (colours and type sizes for the shared screen).
"""
