"""Tickets: the table, its log, numbering, and the use cases of one ticket's life: opening and reading it, what
follows an incident's opening, the requester's follow-ups, resolving it (by any path, or from the KB), redirecting
it, closing it."""
