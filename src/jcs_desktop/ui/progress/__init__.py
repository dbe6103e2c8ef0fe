"""Progress and comparison: a workshop's series over time, what its actions moved, and how the partnership compares."""
