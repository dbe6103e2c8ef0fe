"""The final-scores step: totals, bands, distance to the next band, charts and priorities."""
