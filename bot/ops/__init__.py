"""Operating the bot: health checks, Prometheus metrics, structured logs, graceful stops."""
