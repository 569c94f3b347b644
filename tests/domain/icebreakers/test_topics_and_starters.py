"""Profile topics and the conversation starters drawn from them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.errors import InvalidInput
from bot.domain.icebreakers import Attendee, conversation_starters, parse_topics, topic_key


@pytest.mark.parametrize(
    ("typed", "topics"),
    [
        ("climbing, jazz", ("climbing", "jazz")),
        ("#Rust; rust ; RUST", ("Rust",)),
        ("  board games ,, ,", ("board games",)),
        ("a|b·c•d\ne", ("a", "b", "c", "d", "e")),
        ("@everyone, <@123456789012345678>", ("@\u200beveryone", "<@\u200b123456789012345678>")),
        ("", ()),
    ],
)
def test_topics_are_split_cleaned_and_deduplicated(typed: str, topics: tuple[str, ...]) -> None:
    assert parse_topics(typed) == topics


def test_more_than_five_topics_is_a_friendly_error() -> None:
    with pytest.raises(InvalidInput, match="at most 5 topics"):
        parse_topics("a, b, c, d, e, f")


@given(st.text(max_size=300))
def test_parsed_topics_are_short_unique_and_never_ping(text: str) -> None:
    try:
        topics = parse_topics(text)
    except InvalidInput:
        return
    assert len(topics) <= 5
    assert len({topic_key(t) for t in topics}) == len(topics)
    for topic in topics:
        assert 0 < len(topic) <= 40
        assert "@everyone" not in topic
        assert "@here" not in topic


def person(user_id: int, *topics: str) -> Attendee:
    return Attendee(user_id, f"P{user_id}", tuple(topics))


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        ([person(1, "climbing"), person(2, "Climbing")], ["P1 and P2 both like climbing"]),
        (
            [person(1, "chess"), person(2, "chess"), person(3, "chess", "tea")],
            ["P1, P2 and P3 all like chess"],
        ),
        ([person(1, "tea"), person(2, "jazz")], ["Ask P1 about tea", "Ask P2 about jazz"]),
        ([person(1), person(2)], []),
        (
            # Shared by more people first; then a topic naming new people before repeats.
            [
                person(1, "go", "tea"),
                person(2, "go", "tea"),
                person(3, "go", "jazz"),
                person(4, "jazz", "rust"),
                person(5, "rust"),
            ],
            ["P1, P2 and P3 all like go", "P4 and P5 both like rust", "P3 and P4 both like jazz"],
        ),
    ],
)
def test_starters_prefer_shared_topics_and_new_faces(
    people: list[Attendee], expected: list[str]
) -> None:
    assert conversation_starters(people) == expected


@given(
    st.lists(
        st.lists(st.sampled_from(["go", "tea", "jazz", "rust", "chess"]), max_size=5, unique=True),
        max_size=12,
    ),
    st.integers(min_value=0, max_value=5),
)
def test_starters_never_exceed_the_limit_and_name_only_attendees(
    topic_lists: list[list[str]], limit: int
) -> None:
    people = [person(i, *topics) for i, topics in enumerate(topic_lists)]
    starters = conversation_starters(people, limit=limit)
    assert len(starters) <= limit
    assert len(set(starters)) == len(starters)
    names = {p.name for p in people}
    for starter in starters:
        assert any(name in starter for name in names)
