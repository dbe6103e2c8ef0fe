"""The reconciliation step: exploring differences between individual scores and agreeing levels."""
