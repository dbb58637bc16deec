"""The client catalogue: which client companies Relais serves, where each one's tickets live, and which
chat workspaces, tenants and keys belong to whom. It is a database of its own, never a client's."""
