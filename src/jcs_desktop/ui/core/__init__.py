"""The plumbing every page shares: the context, background tasks, the steps and the step-page contract."""
