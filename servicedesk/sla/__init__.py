"""Agreements and their clocks: SLA (with the client), OLA (between groups), UC (with suppliers)."""
