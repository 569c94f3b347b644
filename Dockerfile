# Tweetup as an OCI image: one bot process per container (see docs/deploy.md).
#   docker build -t tweetup:local .
#   docker run --env DISCORD_TOKEN --volume tweetup-data:/data tweetup:local
FROM python:3.11.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# Only what the package needs (the .dockerignore keeps tests, data and the venv out).
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cogs ./cogs
COPY models ./models
COPY migrations ./migrations
COPY emulator ./emulator
# `python -m bot` runs from /app, which the bot may not write to: its bytecode and its city
# index (bot/domain/places/places-5000.idx, docs/places.md) are built here, or every start
# would compile ~240 modules again (PYTHONDONTWRITEBYTECODE above) and build the index.
RUN pip install --no-cache-dir . \
    && python -m bot.domain.places \
    && python -m compileall -q bot cogs models migrations \
    && useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin tweetup \
    && mkdir -p /data \
    && chown tweetup:tweetup /data

# Runs as an unprivileged user; the data folder (the SQLite file) is a volume.
USER 10001:10001
VOLUME ["/data"]
ENV TWEETUP_BOT__DATA_DIR=/data \
    TWEETUP_BOT__LOG_FORMAT=json \
    TWEETUP_BOT__METRICS_PORT=9464 \
    TWEETUP_BOT__METRICS_HOST=0.0.0.0
EXPOSE 9464

# /healthz answers 503 when the gateway, the database or the DM dispatcher is down.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9464/healthz', timeout=4)"]

# SIGTERM: the bot answers new interactions "restarting", finishes what it started and exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["python", "-m", "bot"]
CMD ["run"]
