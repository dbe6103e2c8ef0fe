"""JCS Desktop: facilitate "A Catalyst for Change" joint commissioning self-assessment workshops."""

__version__ = "0.1.0"
