"""Tickets: the table, its log, numbering and the use cases that open and read them."""
