"""Trace files and screenshots a requester gives a ticket (issue 17, item 2): the one-time upload link the desk
offers them (links.py), what a file must be to be kept (checks.py), where files are kept per client (store.py),
the virus scan (scanning.py), and the use cases every adapter calls (service.py)."""
