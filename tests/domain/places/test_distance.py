"""Distances and the SQL prefilter box: the box must never drop a point within the radius."""

from __future__ import annotations

import pytest
from geopy.distance import great_circle
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.places import BoundingBox, Gazetteer, InvalidCoordinates, bounding_box, distance_km
from bot.domain.places.distance import EARTH_RADIUS


def test_known_distances(gazetteer: Gazetteer) -> None:
    london, paris = gazetteer.get(2643743), gazetteer.get(2988507)
    assert london is not None
    assert paris is not None
    assert distance_km(london, paris) == pytest.approx(343, abs=3)
    assert distance_km((0.0, 0.0), (0.0, 180.0)) == pytest.approx(3.14159 * EARTH_RADIUS)
    assert distance_km(london, london) == 0
    assert distance_km(london, paris) == distance_km(paris, london)


@pytest.mark.parametrize(
    ("a", "b"),
    [((91.0, 0.0), (0.0, 0.0)), ((0.0, 181.0), (0.0, 0.0)), ((float("nan"), 0.0), (0.0, 0.0))],
)
def test_impossible_coordinates_are_rejected(
    a: tuple[float, float], b: tuple[float, float]
) -> None:
    with pytest.raises(InvalidCoordinates):
        distance_km(a, b)


def test_a_plain_box() -> None:
    box = bounding_box(45.5, -122.7, 50)
    assert box.min_lat == pytest.approx(45.05, abs=0.01)
    assert box.max_lat == pytest.approx(45.95, abs=0.01)
    [(west, east)] = box.lon_ranges
    assert west == pytest.approx(-123.34, abs=0.01)
    assert east == pytest.approx(-122.06, abs=0.01)
    assert box.contains(45.5, -122.7)
    assert not box.contains(45.5, -121.0)


def test_a_box_across_the_antimeridian_splits_in_two() -> None:
    box = bounding_box(-17.7, 179.5, 200)  # Fiji
    assert len(box.lon_ranges) == 2
    (west_a, east_a), (west_b, east_b) = box.lon_ranges
    assert east_a == 180.0
    assert west_b == -180.0
    assert west_a > 170
    assert east_b < -170
    assert box.contains(-17.7, -179.9)
    assert box.contains(-17.7, 179.9)
    assert not box.contains(-17.7, 0.0)
    mirror = bounding_box(65.0, -179.0, 300)
    assert len(mirror.lon_ranges) == 2


def test_a_box_around_a_pole_takes_every_longitude() -> None:
    box = bounding_box(89.5, 10.0, 100)
    assert box.max_lat == 90.0
    assert box.lon_ranges == ((-180.0, 180.0),)
    south = bounding_box(-89.9, 0.0, 50)
    assert south.min_lat == -90.0
    assert south.lon_ranges == ((-180.0, 180.0),)
    huge = bounding_box(0.0, 0.0, 20_000)
    assert huge.lon_ranges == ((-180.0, 180.0),)


def test_a_zero_radius_box_still_contains_its_centre() -> None:
    box = bounding_box(10.0, 20.0, 0)
    assert box.contains(10.0, 20.0)


@pytest.mark.parametrize(
    ("lat", "lon", "radius"),
    [(91.0, 0.0, 10.0), (0.0, -181.0, 10.0), (0.0, 0.0, -1.0), (0.0, 0.0, float("inf"))],
)
def test_a_box_rejects_impossible_input(lat: float, lon: float, radius: float) -> None:
    with pytest.raises(InvalidCoordinates):
        bounding_box(lat, lon, radius)


@given(
    lat=st.floats(min_value=-89.99, max_value=89.99),
    lon=st.floats(min_value=-180, max_value=180),
    radius=st.floats(min_value=0.1, max_value=3000),
    bearing=st.floats(min_value=0, max_value=360),
    fraction=st.floats(min_value=0, max_value=1),
)
def test_every_point_within_the_radius_is_in_the_box(
    lat: float, lon: float, radius: float, bearing: float, fraction: float
) -> None:
    box: BoundingBox = bounding_box(lat, lon, radius)
    point = great_circle(kilometers=radius * fraction * 0.999999).destination((lat, lon), bearing)
    assert box.contains(point.latitude, point.longitude), (box, point)
    for west, east in box.lon_ranges:
        assert -180.0 <= west <= east <= 180.0
