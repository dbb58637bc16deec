"""Searches of a client's KB that found nothing confident to propose, kept in the client's own database (they are
its users' words) for the editors' gaps page (servicedesk/kb_gaps.py), whether or not a ticket followed."""
