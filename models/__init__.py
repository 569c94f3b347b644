"""SQLAlchemy ORM models, and nothing else. Importing this package registers every table."""

from models.base import Base
from models.guild import GuildSettings

__all__ = ["Base", "GuildSettings"]
