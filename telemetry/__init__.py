"""What Relais's processes tell the people who run them: Prometheus metrics and structured logs.

    metrics.py   every metric, in one place (names, labels, buckets): what a dashboard can rely on
    asgi.py      the doors', the API's and the console's HTTP latencies, and their /metrics route
    sanic_app.py the action server's: each action's latency and errors, and its /metrics route
    server.py    /metrics and /health for a process without a web server of its own (the SLA supervisor)
    logs.py      one JSON object per log line, with the conversation and the ticket it is about

It imports nothing of Relais (an import contract keeps it so): the adapters and the entry points call it, so the
domain stays free of it and every process measures the same way.
"""
