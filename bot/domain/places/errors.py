"""Failures of the places package that the user caused and can fix."""

from __future__ import annotations

from bot.domain.errors import InvalidInput, TweetupError

__all__ = ["GeocodingUnavailable", "InvalidCoordinates"]


class InvalidCoordinates(InvalidInput):
    """A latitude, longitude or radius outside what the Earth allows."""


class GeocodingUnavailable(TweetupError):
    """The optional online geocoder could not answer (disabled, offline, or rate limited)."""
