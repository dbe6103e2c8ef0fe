"""The Export step page and the Export menu (exports run off the GUI thread)."""
