"""Date-order hints from Discord locales."""

from __future__ import annotations

import pytest

from bot.domain.dates.locales import date_order_for_locale


@pytest.mark.parametrize(
    ("locale", "order"),
    [
        ("en-US", "mdy"),
        ("en_US.UTF-8", "mdy"),
        ("EN-us", "mdy"),
        ("en-PH", "mdy"),
        ("ja", "mdy"),
        ("zh-CN", "mdy"),
        ("zh-TW", "mdy"),
        ("ko", "mdy"),
        ("en-GB", "dmy"),
        ("de", "dmy"),
        ("fr", "dmy"),
        ("pt-BR", "dmy"),
        ("es-419", "dmy"),
        ("zh-HK", "dmy"),
        ("fr-CA", "dmy"),
        ("xx", "dmy"),
        ("en", None),
        ("en-CA", None),
        ("", None),
        (None, None),
    ],
)
def test_date_order_for_locale(locale: str | None, order: str | None) -> None:
    assert date_order_for_locale(locale) == order
