"""Places found through the optional online geocoder, and the answers it gave.

Cached so the public geocoder (one request per second) is asked about each name once. Such a
place gets a negative id in homes and trips, so it never collides with a GeoNames id.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import AutoId, Base


class GeocodedPlace(Base):
    __tablename__ = "geocoded_places"

    id: Mapped[int] = mapped_column(AutoId, primary_key=True)
    source_id: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    region: Mapped[str] = mapped_column(String(120), default="")
    country: Mapped[str] = mapped_column(String(8), default="")
    country_name: Mapped[str] = mapped_column(String(120), default="")
    label: Mapped[str] = mapped_column(String(200))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    timezone: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column()


class GeocoderAnswer(Base):
    __tablename__ = "geocoder_answers"

    query: Mapped[str] = mapped_column(String(200), primary_key=True)
    place_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column()
