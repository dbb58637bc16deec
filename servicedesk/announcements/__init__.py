"""Planned events users should hear about (DESIGN.md step 7): major incidents in progress and
planned changes with downtime."""
