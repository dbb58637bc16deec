"""One router per resource, each a thin adapter from HTTP to the servicedesk use cases."""
