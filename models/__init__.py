"""SQLAlchemy ORM models, and nothing else. Importing this package registers every table."""

from models.base import Base
from models.geocoding import GeocodedPlace, GeocoderAnswer
from models.guild import GuildSettings
from models.hotspots import HotSpot
from models.icebreakers import Attendance, ComingCard, GuildDigest, Profile
from models.members import DmChannel, MemberSettings
from models.outbox import OutboxMessage, RateSlot
from models.places import GuildPlace, Home, NotifySpot, Trip, TripWeek
from models.radar import RadarChannel, RadarNudge, RadarSettings
from models.tweetups import Poll, PollSlot, PollVote, Rsvp, Tweetup, TweetupSeries
from models.watches import TripWatch

__all__ = [
    "Attendance",
    "Base",
    "ComingCard",
    "DmChannel",
    "GeocodedPlace",
    "GeocoderAnswer",
    "GuildDigest",
    "GuildPlace",
    "GuildSettings",
    "Home",
    "HotSpot",
    "MemberSettings",
    "NotifySpot",
    "OutboxMessage",
    "Poll",
    "PollSlot",
    "PollVote",
    "Profile",
    "RadarChannel",
    "RadarNudge",
    "RadarSettings",
    "RateSlot",
    "Rsvp",
    "Trip",
    "TripWatch",
    "TripWeek",
    "Tweetup",
    "TweetupSeries",
]
