"""Keeping people informed: an outbox written in the same transaction as the change it reports."""
