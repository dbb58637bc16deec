"""Service-desk reports per client and period: the figures (metrics.compute), rendered as JSON or a
standalone HTML page (render), from the command line (cli: `python -m servicedesk report`)."""
