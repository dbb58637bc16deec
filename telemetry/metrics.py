"""Every metric Relais exports, named once (deploy/grafana/relais.json reads these names).

Each process exports the ones it moves, from the default registry, on its /metrics: the doors count messages and
replies, the action server its actions, the supervisor its passes, its events and the outbox. Labels stay few and
bounded (a door, a client slug, an action's name, a route's template), never a conversation or a ticket number.
"""

from prometheus_client import Counter, Gauge, Histogram

# A turn through Rasa takes 0.1-2 s here; a web request a few ms; the buckets cover both with room on each side.
SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.5, 5.0, 10.0, 30.0)

MESSAGES = Counter("relais_messages", "Messages the doors accepted and stored (duplicates excluded)", ["channel"])
DUPLICATES = Counter("relais_duplicate_deliveries", "Redeliveries the doors recognised and answered once",
                     ["channel"])
REPLIES = Counter("relais_replies", "Turns that ended, by outcome: answered (Rasa replied), to_agent (a human has "
                  "the conversation), limited or too_long (kept, not passed on), failed (Rasa or the agents' channel "
                  "down: the user was told, the message kept as failed)", ["outcome"])
REPLY_SECONDS = Histogram("relais_reply_seconds", "From a message accepted to its replies ready, at the doors",
                          ["channel"], buckets=SECONDS)
RASA_SECONDS = Histogram("relais_rasa_request_seconds", "The doors' calls to Rasa's webhook", buckets=SECONDS)

HTTP_SECONDS = Histogram("relais_http_request_seconds", "HTTP requests served, by route template",
                         ["app", "method", "route", "status"], buckets=SECONDS)

ACTION_SECONDS = Histogram("relais_action_seconds", "Custom actions run by the action server", ["action"],
                           buckets=SECONDS)
ACTION_ERRORS = Counter("relais_action_errors", "Custom actions that failed (rejected or raised)", ["action"])
KB_SEARCH_SECONDS = Histogram("relais_kb_search_seconds", "Knowledge-base searches (kb_index.hybrid.search)",
                              buckets=SECONDS)

OUTBOX_PENDING = Gauge("relais_outbox_pending", "Notifications not yet delivered, per client", ["client"])
OUTBOX_OLDEST_SECONDS = Gauge("relais_outbox_oldest_seconds",
                              "Age of the oldest undelivered notification, per client (0: none)", ["client"])
SLA_EVENTS = Counter("relais_supervisor_events", "What the SLA supervisor did: warnings, breaches, escalations, "
                     "keep-in-loop updates, closure reminders and closures, purges", ["client", "kind"])
SUPERVISOR_PASS_SECONDS = Histogram("relais_supervisor_pass_seconds", "One pass of the SLA supervisor over every "
                                    "client", buckets=SECONDS)
SUPERVISOR_LAST_PASS = Gauge("relais_supervisor_last_pass_timestamp_seconds",
                             "When the SLA supervisor's last pass ended (Unix time)")
