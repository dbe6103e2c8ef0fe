"""Dialogs of the facilitator's screens: workshop, participant, PIN and sector list."""
