"""The Prepare step: workshop details, the participant-mode PIN and the participants."""
