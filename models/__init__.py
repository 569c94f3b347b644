"""SQLAlchemy ORM models, and nothing else. Importing this package registers every table."""

from models.base import Base
from models.guild import GuildSettings
from models.members import DmChannel, MemberSettings
from models.outbox import OutboxMessage
from models.places import Home, Trip

__all__ = ["Base", "DmChannel", "GuildSettings", "Home", "MemberSettings", "OutboxMessage", "Trip"]
