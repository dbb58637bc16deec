"""The catalogue and client-database fixtures of tests/servicedesk/clients (SQLite, then PostgreSQL), named here so
that pytest offers them to tests/console."""

from tests.servicedesk.clients import conftest as clients

backend, unique_prefix, client_url_template = clients.backend, clients.unique_prefix, clients.client_url_template
catalogue_url, catalogue, registry = clients.catalogue_url, clients.catalogue, clients.registry
migrated_catalogue = clients.migrated_catalogue
