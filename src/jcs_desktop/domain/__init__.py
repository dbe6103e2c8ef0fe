"""Scoring rules in pure Python: no Qt, no database."""
