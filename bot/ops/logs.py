"""Log output: text for people or JSON lines for collectors, never a secret in either.

JSON carries only what is safe to ship to a log service: time, level, logger, the message
(our messages name ids and counts, not what members wrote) and the ids of the interaction
being handled (:mod:`bot.ops.context`). Anything shaped like a Discord bot token, an
interaction or webhook token in a URL, or the configured token itself is replaced before
any handler formats it: discord.py logs request URLs, and an exception's text may contain
whatever a library put there.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

from bot.ops import context

REDACTED = "[redacted]"
#: A bot token: base64 user id, timestamp, HMAC (Discord's documented shape).
BOT_TOKEN = re.compile(r"[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,}")
#: Interaction and webhook tokens travel in URL paths: /interactions/<id>/<token>/callback,
#: /webhooks/<application id>/<token>/messages/...
URL_TOKEN = re.compile(r"(/(?:interactions|webhooks)/\d+/)[^/\s?'\"]+")


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    text = BOT_TOKEN.sub(REDACTED, text)
    return URL_TOKEN.sub(rf"\g<1>{REDACTED}", text)


class RedactSecrets(logging.Filter):
    """Rewrites each record's final message (and exception text) without tokens."""

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage(), self.secrets)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            # Formatters print a cached exc_text instead of formatting exc_info again.
            record.exc_text = redact(
                logging.Formatter().formatException(record.exc_info), self.secrets
            )
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(context.current())
        if record.exc_text:
            entry["exception"] = record.exc_text
        elif record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


TEXT_FORMAT = "[{asctime}] [{levelname:<8}] {name}: {message}"


def handler(log_format: str, *, secrets: tuple[str, ...] = ()) -> logging.Handler:
    """The stream handler for ``bot.log_format``; text looks like discord.py's default."""
    stream = logging.StreamHandler()
    if log_format == "json":
        stream.setFormatter(JsonFormatter())
    else:
        stream.setFormatter(logging.Formatter(TEXT_FORMAT, "%Y-%m-%d %H:%M:%S", style="{"))
    stream.addFilter(RedactSecrets(secrets))
    return stream


def setup(log_format: str, level: int, *, secrets: tuple[str, ...] = ()) -> None:
    """Configure the root logger (what ``discord.utils.setup_logging`` does, with our handler)."""
    root = logging.getLogger()
    root.setLevel(level)
    root.addHandler(handler(log_format, secrets=secrets))
    if log_format == "json":
        # discord.py's DEBUG lines carry request bodies and gateway payloads: what members
        # wrote. Shipped logs never hold those, whatever the level.
        logging.getLogger("discord").setLevel(max(level, logging.INFO))
