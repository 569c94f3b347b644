"""The one exception family that carries a message meant for the person who typed the input.

Everything the bot raises on purpose derives from :class:`TweetupError`, so the central
error handler can tell "explain this to the user" apart from "a bug: log it and apologise"
without knowing every module's exceptions.
"""

from __future__ import annotations


class TweetupError(Exception):
    """An expected failure whose message is safe and useful to show to the user as is."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class NotFound(TweetupError):
    """The thing the user named does not exist (or is not theirs to see)."""


class PermissionDenied(TweetupError):
    """The user may not do this here."""


class InvalidInput(TweetupError):
    """The user's input cannot be understood or is out of range."""


class PollClosed(InvalidInput):
    """The poll was confirmed already (perhaps a moment ago, by a second click).

    Carries the tweetup it became, so the answer can link to its announcement.
    """

    def __init__(self, tweetup_id: int | None) -> None:
        super().__init__("This poll was already confirmed.")
        self.tweetup_id = tweetup_id
