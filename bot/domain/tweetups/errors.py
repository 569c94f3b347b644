"""Typed failures of the tweetup rules.

Each one is an :class:`~bot.domain.errors.InvalidInput` because it always traces back to
something a person chose (a search window, a capacity, reminder lead times): the central
error handler can show the message as is. Programming mistakes (a naive datetime, a
negative duration from our own code) stay plain ``ValueError`` so they are logged as bugs.
"""

from __future__ import annotations

from bot.domain.errors import InvalidInput


class TweetupsInputError(InvalidInput):
    """Base of everything this package raises on purpose: catch it to handle any of them."""


class NotEnoughParticipants(TweetupsInputError):
    """A meetup needs at least two people; scheduling one person is not scheduling."""


class TooManyParticipants(TweetupsInputError):
    """More people than a tweetup poll can sensibly schedule (and than the score can rank)."""


class InvalidSearchWindow(TweetupsInputError):
    """The dates to search are over, or span more than a tweetup plan can look ahead."""


class InvalidSlotSettings(TweetupsInputError):
    """Sociable hours or a slot length that leave no room for a meetup."""


class UnknownSlot(TweetupsInputError):
    """A vote for a time that is not (or no longer) in the poll."""


class InvalidCapacity(TweetupsInputError):
    """A capacity that is not a positive number of places."""


class InvalidLeadTimes(TweetupsInputError):
    """Reminder lead times that are zero, negative, too far ahead or too many."""
