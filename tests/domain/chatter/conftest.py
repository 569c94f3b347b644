"""One gazetteer and one warm word-frequency table for the whole session."""

from __future__ import annotations

import pytest

from bot.domain.chatter import warm_up
from bot.domain.places import Gazetteer, get_gazetteer


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    warm_up()
    return get_gazetteer()
