"""The Strategy step: the partnership's commissioning strategy beside the workshop (the Commissioning Map tracker)."""
