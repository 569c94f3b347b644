"""The labelled table of city inputs: what people type, and what the bot must make of it.

Used by ``test_cities_table.py`` (every row must pass) and by
``benchmarks/places_accuracy.py`` (accuracy per category). Ids are GeoNames ids. A row
expects one of: a single city (``city``), an ambiguous name whose candidates include all of
``among``, a country or region that is not a city (``area``), or nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.domain.places import Resolution

CATEGORIES = (
    "plain",
    "nickname",
    "former_name",
    "diacritics",
    "native",
    "non_latin",
    "qualifier",
    "typo",
    "ambiguous",
    "not_a_city",
    "garbage",
)

NEW_YORK = 5128581
SAN_FRANCISCO = 5391959
LOS_ANGELES = 5368361
WASHINGTON = 4140963
MUNICH = 2867714
PORTLAND_OR = 5746545
PORTLAND_ME = 4975802


@dataclass(frozen=True)
class Row:
    category: str
    text: str
    city: int | None = None
    among: tuple[int, ...] = ()
    area: Literal["country", "region"] | None = None

    def check(self, result: Resolution) -> str | None:
        """None when ``result`` is what this row expects, else what went wrong."""
        ids = [place.id for place in result.candidates]
        if self.city is not None:
            if result.ambiguous or result.not_a_city or not ids or ids[0] != self.city:
                return f"expected {self.city} alone, got {ids[:3]} {_flags(result)}"
        elif self.among:
            if not result.ambiguous or result.not_a_city:
                return f"expected ambiguous, got {ids[:3]} {_flags(result)}"
            missing = [i for i in self.among if i not in ids]
            if missing:
                return f"expected candidates {missing} among {ids}"
        elif self.area is not None:
            kind = result.area_kind.value if result.area_kind else None
            if not result.not_a_city or kind != self.area:
                return f"expected a {self.area}, got {ids[:3]} {_flags(result)}"
        elif ids:
            return f"expected nothing, got {ids[:3]} {_flags(result)}"
        return None


def _flags(result: Resolution) -> str:
    return f"(ambiguous={result.ambiguous}, not_a_city={result.not_a_city})"


def city(category: str, text: str, place_id: int) -> Row:
    return Row(category, text, city=place_id)


ROWS: tuple[Row, ...] = (
    # plain: the name as an English speaker writes it
    city("plain", "Paris", 2988507),
    city("plain", "London", 2643743),
    city("plain", "Berlin", 2950159),
    city("plain", "Tokyo", 1850147),
    city("plain", "Toronto", 6167865),
    city("plain", "Boston", 4930956),
    city("plain", "Dublin", 2964574),
    city("plain", "Sydney", 2147714),
    city("plain", "Moscow", 524901),
    city("plain", "Madrid", 3117735),
    city("plain", "Seattle", 5809844),
    city("plain", "Lagos", 2332459),
    city("plain", "San Francisco", SAN_FRANCISCO),
    city("plain", "Barcelona", 3128760),
    city("plain", "Venice", 3164603),
    city("plain", "Florence", 3176959),
    city("plain", "Cologne", 2886242),
    city("plain", "Frankfurt", 2925533),
    city("plain", "mexico city", 3530597),
    city("plain", "Singapore", 1880252),
    city("plain", "Hong Kong", 1819729),
    city("plain", "St. Petersburg", 498817),
    city("plain", "Winston Salem", 4499612),
    city("plain", "  new   york city  ", NEW_YORK),
    # nickname: abbreviations and nicknames from the curated alias table
    city("nickname", "NYC", NEW_YORK),
    city("nickname", "SF", SAN_FRANCISCO),
    city("nickname", "LA", LOS_ANGELES),
    city("nickname", "L.A.", LOS_ANGELES),
    city("nickname", "DC", WASHINGTON),
    city("nickname", "Philly", 4560349),
    city("nickname", "Vegas", 5506956),
    city("nickname", "CDMX", 3530597),
    city("nickname", "NOLA", 4335045),
    city("nickname", "the Big Apple", NEW_YORK),
    city("nickname", "Chi-Town", 4887398),
    city("nickname", "HK", 1819729),
    city("nickname", "Joburg", 993800),
    city("nickname", "Rio", 3451190),
    city("nickname", "san fran", SAN_FRANCISCO),
    # former_name: names cities used to have, still typed every day
    city("former_name", "Bombay", 1275339),
    city("former_name", "Saigon", 1566083),
    city("former_name", "Peking", 1816670),
    city("former_name", "Kiev", 703448),
    city("former_name", "Calcutta", 1275004),
    city("former_name", "Madras", 1264527),
    city("former_name", "Constantinople", 745044),
    city("former_name", "Leningrad", 498817),
    city("former_name", "Danzig", 3099434),
    city("former_name", "Rangoon", 1298824),
    city("former_name", "Bangalore", 1277333),
    # diacritics: with and without accents, and the letters that never decompose
    city("diacritics", "München", MUNICH),
    city("diacritics", "Munchen", MUNICH),
    city("diacritics", "Muenchen", MUNICH),
    city("diacritics", "Kraków", 3094802),
    city("diacritics", "Krakow", 3094802),
    city("diacritics", "Tromsø", 3133895),
    city("diacritics", "Tromso", 3133895),
    city("diacritics", "Zürich", 2657896),
    city("diacritics", "Zurich", 2657896),
    city("diacritics", "Duesseldorf", 2934246),
    city("diacritics", "Sao Paulo", 3448439),
    city("diacritics", "Łódź", 3093133),
    city("diacritics", "Lodz", 3093133),
    city("diacritics", "Reykjavik", 3413829),
    city("diacritics", "İstanbul", 745044),
    city("diacritics", "Montreal", 6077243),
    city("diacritics", "Bogota", 3688689),
    city("diacritics", "Malmo", 2692969),
    city("diacritics", "ÅLESUND", 3163392),
    # native: the name in the city's own language
    city("native", "Wien", 2761369),
    city("native", "Praha", 3067696),
    city("native", "Den Haag", 2747373),
    city("native", "Köln", 2886242),
    city("native", "Koeln", 2886242),
    city("native", "Firenze", 3176959),
    city("native", "Venezia", 3164603),
    city("native", "Lisboa", 2267057),
    city("native", "Warszawa", 756135),
    city("native", "Bruxelles", 2800866),
    city("native", "Roma", 3169070),
    city("native", "Milano", 3173435),
    city("native", "Genève", 2660646),
    city("native", "Göteborg", 2711537),
    city("native", "Moskva", 524901),
    # non_latin: native scripts
    city("non_latin", "Москва", 524901),
    city("non_latin", "東京", 1850147),
    city("non_latin", "北京", 1816670),
    city("non_latin", "서울", 1835848),
    city("non_latin", "Αθήνα", 264371),
    city("non_latin", "القاهرة", 360630),
    city("non_latin", "Київ", 703448),
    city("non_latin", "תל אביב", 293397),
    city("non_latin", "กรุงเทพมหานคร", 1609350),
    city("non_latin", "मुंबई", 1275339),
    city("non_latin", "Ｔｏｋｙｏ", 1850147),
    # qualifier: a region or country after the name, with or without a comma
    city("qualifier", "Portland, OR", PORTLAND_OR),
    city("qualifier", "Portland OR", PORTLAND_OR),
    city("qualifier", "Portland, Maine", PORTLAND_ME),
    city("qualifier", "Portland, Oregon, USA", PORTLAND_OR),
    city("qualifier", "Cambridge UK", 2653941),
    city("qualifier", "Cambridge, MA", 4931972),
    city("qualifier", "Paris, TX", 4717560),
    city("qualifier", "Paris Texas", 4717560),
    city("qualifier", "Paris, France", 2988507),
    city("qualifier", "London, Ontario", 6058560),
    city("qualifier", "London ON", 6058560),
    city("qualifier", "Springfield IL", 4250542),
    city("qualifier", "Springfield, Missouri", 4409896),
    city("qualifier", "Valencia, Spain", 2509954),
    city("qualifier", "Valencia Venezuela", 3625549),
    city("qualifier", "Birmingham, AL", 4049979),
    city("qualifier", "Kansas City, KS", 4273837),
    city("qualifier", "San Jose, Costa Rica", 3621849),
    city("qualifier", "Washington, D.C.", WASHINGTON),
    city("qualifier", "Brooklyn, NY", 5110302),
    city("qualifier", "Sydney, NS", 6354908),
    city("qualifier", "Perth, Scotland", 2640358),
    city("qualifier", "Munich, Germany", MUNICH),
    city("qualifier", "Moscow, Idaho", 5601538),
    # typo: one or two slips of the finger
    city("typo", "Chicgo", 4887398),
    city("typo", "Pittsburh", 5206379),
    city("typo", "Philadelpia", 4560349),
    city("typo", "Sna Francisco", SAN_FRANCISCO),
    city("typo", "Amsterdm", 2759794),
    city("typo", "Barcelonna", 3128760),
    city("typo", "Los Angles", LOS_ANGELES),
    city("typo", "Seatle", 5809844),
    city("typo", "Torono", 6167865),
    city("typo", "Edinbrugh", 2650225),
    city("typo", "Munchn", MUNICH),
    city("typo", "Bostn", 4930956),
    city("typo", "Melborne", 2158177),
    city("typo", "Copenhagn", 2618425),
    city("typo", "Minneapolos", 5037649),
    city("typo", "Albuquerqe", 5454711),
    # ambiguous: no city dominates, the bot must ask
    Row("ambiguous", "Portland", among=(PORTLAND_OR, PORTLAND_ME)),
    Row("ambiguous", "Springfield", among=(4409896, 4951788, 4250542)),
    Row("ambiguous", "Cambridge", among=(2653941, 4931972, 5913695)),
    Row("ambiguous", "Valencia", among=(2509954, 3625549)),
    Row("ambiguous", "Manchester", among=(2643123, 5089178)),
    Row("ambiguous", "San Jose", among=(5392171, 3621849)),
    Row("ambiguous", "Richmond", among=(4781708, 6122085)),
    Row("ambiguous", "Hamilton", among=(5969782, 2190324)),
    Row("ambiguous", "Aurora", among=(5412347, 4883817)),
    Row("ambiguous", "Columbus", among=(4509177, 4188985)),
    Row("ambiguous", "Hyderabad", among=(1269843, 1176734)),
    Row("ambiguous", "Santa Cruz", among=(5393052,)),
    # not_a_city: countries and regions
    Row("not_a_city", "Texas", area="region"),
    Row("not_a_city", "California", area="region"),
    Row("not_a_city", "Germany", area="country"),
    Row("not_a_city", "Bay Area", area="region"),
    Row("not_a_city", "Georgia", area="country"),
    Row("not_a_city", "Europe", area="region"),
    Row("not_a_city", "Bavaria", area="region"),
    Row("not_a_city", "Ontario", area="region"),
    Row("not_a_city", "Scotland", area="region"),
    Row("not_a_city", "Silicon Valley", area="region"),
    Row("not_a_city", "Mexico", area="country"),
    Row("not_a_city", "USA", area="country"),
    Row("not_a_city", "Texas, USA", area="region"),
    # garbage: nothing sensible to find
    Row("garbage", ""),
    Row("garbage", "   "),
    Row("garbage", "!!!"),
    Row("garbage", "asdfghjkl"),
    Row("garbage", "12345"),
    Row("garbage", "🙂🙂🙂"),
)
