"""The optional online geocoder, with a fake in place of the network (never called here)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from geopy.exc import GeocoderTimedOut

from bot.domain.places import Gazetteer
from bot.domain.places.errors import GeocodingUnavailable
from bot.domain.places.online import Geocoder, NominatimGeocoder, NullGeocoder

HOOD_RIVER = SimpleNamespace(
    latitude=45.7054,
    longitude=-121.5215,
    address="Hood River, Hood River County, Oregon, United States",
    raw={
        "osm_type": "relation",
        "osm_id": 186548,
        "name": "Hood River",
        "address": {
            "town": "Hood River",
            "county": "Hood River County",
            "state": "Oregon",
            "country": "United States",
            "country_code": "us",
        },
    },
)


def fake_lookup(*answers: Any) -> Any:
    calls: list[dict[str, Any]] = []

    def lookup(query: str, **options: Any) -> Any:
        calls.append({"query": query, **options})
        return list(answers)

    lookup.calls = calls  # type: ignore[attr-defined]
    return lookup


def test_results_look_like_places(gazetteer: Gazetteer) -> None:
    lookup = fake_lookup(HOOD_RIVER)
    geocoder: Geocoder = NominatimGeocoder("tweetup-tests", gazetteer=gazetteer, lookup=lookup)
    [place] = geocoder.geocode("  Hood   River ")
    assert place.name == "Hood River"
    assert place.region == "Oregon"
    assert place.country == "US"
    assert place.country_name == "United States"
    assert place.timezone == "America/Los_Angeles"  # from the nearest gazetteer city
    assert place.label == "Hood River, Oregon, US"
    assert place.source_id == "nominatim:relation/186548"
    [call] = lookup.calls
    assert call["query"] == "Hood River"
    assert call["addressdetails"] is True


def test_without_a_gazetteer_the_timezone_is_unknown() -> None:
    [place] = NominatimGeocoder("t", lookup=fake_lookup(HOOD_RIVER)).geocode("Hood River")
    assert place.timezone == ""


def test_unusable_answers_are_skipped() -> None:
    nameless = SimpleNamespace(latitude=1.0, longitude=2.0, address="", raw={})
    broken = SimpleNamespace(raw={})
    geocoder = NominatimGeocoder("t", lookup=fake_lookup(nameless, broken, HOOD_RIVER))
    assert [p.name for p in geocoder.geocode("x")] == ["Hood River"]
    assert NominatimGeocoder("t", lookup=lambda *a, **k: None).geocode("x") == []
    assert geocoder.geocode("   ") == []


def test_service_failures_become_a_user_facing_error() -> None:
    def timeout(*args: Any, **kwargs: Any) -> Any:
        raise GeocoderTimedOut("slow")

    with pytest.raises(GeocodingUnavailable) as caught:
        NominatimGeocoder("t", lookup=timeout).geocode("Hood River")
    assert "try" in caught.value.user_message


def test_a_user_agent_is_required() -> None:
    with pytest.raises(ValueError, match="user agent"):
        NominatimGeocoder("  ")


def test_the_real_client_is_rate_limited_and_not_called_on_construction() -> None:
    geocoder = NominatimGeocoder("tweetup-tests")  # builds geopy objects, sends nothing
    limiter = geocoder._lookup
    assert limiter.min_delay_seconds == 1.0


def test_online_geocoding_is_off_by_default() -> None:
    assert NullGeocoder().geocode("Hood River") == []
