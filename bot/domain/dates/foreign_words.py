"""German, French, Spanish and Portuguese calendar words, as the English words they stand for.

The grammar only knows English; :mod:`bot.domain.dates.translate` rewrites these words and
phrases into English tokens first, so every rule ("Mar 3-7", "next weekend", "3 nights from
the 12th") works in all five languages at once. Keys are lower case without accents
(``mär`` and ``mar`` both reach ``marz``), multi-word keys are space-separated; values are the
English words (several for a phrase, none for a word to drop).

A few values are markers the translator acts on rather than words: ``@next``/``@last`` follow
their noun in these languages ("vendredi prochain", "la semana que viene") and are moved in
front of it; ``@afternext`` ("übernächsten Freitag") becomes "Friday after next".
"""

from __future__ import annotations

from typing import Final

_MONTHS: Final = {
    "january": ("januar", "janner", "janvier", "janv", "enero", "ene", "janeiro"),
    "february": ("februar", "feber", "fevrier", "fevr", "febrero", "fevereiro", "fev"),
    "march": ("marz", "maerz", "mars", "marzo", "marco"),
    "april": ("avril", "avr", "abril", "abr"),
    "may": ("mai", "mayo", "maio"),
    "june": ("juni", "juin", "junio", "junho"),
    "july": ("juli", "juillet", "juil", "julio", "julho"),
    "august": ("aout", "agosto"),
    "september": ("septembre", "septiembre", "setiembre", "setembro"),
    "october": ("oktober", "okt", "octobre", "octubre", "outubro"),
    "november": ("novembre", "noviembre", "novembro"),
    "december": ("dezember", "dez", "decembre", "dec", "diciembre", "dic", "dezembro"),
}
_WEEKDAYS: Final = {
    "monday": ("montag", "lundi", "lunes", "segunda"),
    "tuesday": ("dienstag", "mardi", "martes", "terca"),
    "wednesday": ("mittwoch", "mercredi", "miercoles", "quarta"),
    "thursday": ("donnerstag", "jeudi", "jueves", "quinta"),
    "friday": ("freitag", "vendredi", "viernes", "sexta"),
    "saturday": ("samstag", "sonnabend", "samedi", "sabado"),
    "sunday": ("sonntag", "dimanche", "domingo"),
}
# Short weekday names only count right before a date ("Fr, 6. März", "ven. 6 mars").
WEEKDAY_ABBREVIATIONS: Final = {
    "mo": "monday",
    "di": "tuesday",
    "mi": "wednesday",
    "do": "thursday",
    "fr": "friday",
    "sa": "saturday",
    "so": "sunday",
    "lun": "monday",
    "mer": "wednesday",
    "jeu": "thursday",
    "ven": "friday",
    "sam": "saturday",
    "dim": "sunday",
    "mie": "wednesday",
    "jue": "thursday",
    "vie": "friday",
    "sab": "saturday",
    "dom": "sunday",
    "seg": "monday",
    "ter": "tuesday",
    "qua": "wednesday",
    "qui": "thursday",
    "sex": "friday",
}
_UNITS: Final = {
    "days": ("tag", "tage", "tagen", "jour", "jours", "dias", "jours"),
    "nights": ("nacht", "nachte", "nachten", "naechte", "nuit", "nuits", "noche", "noches",
               "noite", "noites"),
    "weeks": ("wochen", "semaines", "semanas"),
    "week": ("woche", "semaine", "semana"),
    "months": ("monat", "monate", "monaten", "mois", "mes", "meses"),
}
NUMBER_WORDS: Final = {
    "ein": "1", "eine": "1", "einen": "1", "einer": "1", "un": "1", "une": "1", "uno": "1",
    "una": "1", "um": "1", "uma": "1", "zwei": "2", "deux": "2", "dos": "2", "dois": "2",
    "duas": "2", "drei": "3", "trois": "3", "tres": "3", "vier": "4", "quatre": "4",
    "cuatro": "4", "quatro": "4", "funf": "5", "cinq": "5", "cinco": "5", "sechs": "6",
    "six": "6", "seis": "6", "sieben": "7", "sept": "7", "siete": "7", "sete": "7", "acht": "8",
    "huit": "8", "ocho": "8", "oito": "8", "neun": "9", "neuf": "9", "nueve": "9", "nove": "9",
    "zehn": "10", "dix": "10", "diez": "10", "dez": "10", "vierzehn": "14", "quinze": "15",
}
"""Only read as numbers right before a unit ("drei Nächte"): "sept" is also September."""

_SEASONS: Final = {
    "season:spring": ("fruhling", "fruhjahr", "printemps", "primavera"),
    "season:summer": ("sommer", "ete", "verano", "verao"),
    "season:autumn": ("herbst", "automne", "otono", "outono"),
    "season:winter": ("hiver", "invierno", "inverno"),
}

_WORDS: dict[str, tuple[str, ...]] = {
    # relative days
    "heute": ("today",), "morgen": ("tomorrow",), "ubermorgen": ("the", "day", "after", "tomorrow"),
    "gestern": ("yesterday",), "vorgestern": ("the", "day", "before", "yesterday"),
    "aujourdhui": ("today",), "demain": ("tomorrow",),
    "apresdemain": ("the", "day", "after", "tomorrow"), "avanthier": ("the", "day", "before",
                                                                       "yesterday"),
    "hoy": ("today",), "manana": ("tomorrow",), "ayer": ("yesterday",),
    "anteayer": ("the", "day", "before", "yesterday"),
    "hoje": ("today",), "amanha": ("tomorrow",), "ontem": ("yesterday",),
    "anteontem": ("the", "day", "before", "yesterday"),
    # this / next / last
    "dieses": ("this",), "diese": ("this",), "diesen": ("this",), "dieser": ("this",),
    "diesem": ("this",), "kommenden": ("this",), "kommende": ("this",), "kommendes": ("this",),
    "nachste": ("next",), "nachsten": ("next",), "nachstes": ("next",), "nachster": ("next",),
    "naechste": ("next",), "naechsten": ("next",), "naechstes": ("next",),
    "ubernachste": ("@afternext",), "ubernachsten": ("@afternext",),
    "ubernachstes": ("@afternext",),
    "letzte": ("last",), "letzten": ("last",), "letztes": ("last",), "letzter": ("last",),
    "vergangene": ("last",), "vergangenen": ("last",), "vergangenes": ("last",),
    "ce": ("this",), "cet": ("this",), "cette": ("this",),
    "prochain": ("@next",), "prochaine": ("@next",), "dernier": ("@last",),
    "derniere": ("@last",),
    "este": ("this",), "esta": ("this",), "neste": ("this",), "nesta": ("this",),
    "proximo": ("next",), "proxima": ("next",), "pasado": ("@last",), "pasada": ("@last",),
    "passado": ("@last",), "passada": ("@last",),
    # weeks and weekends
    "wochenende": ("weekend",), "finde": ("weekend",),
    # connectors
    "vom": ("from",), "von": ("from",), "ab": ("starting",), "desde": ("from",),
    "bis": ("until",), "hasta": ("until",), "ate": ("until",), "jusqua": ("until",),
    "jusquau": ("until", "the"), "au": ("to",), "al": ("to",), "ao": ("to",), "aux": ("to",),
    "und": ("and",), "et": ("and",), "y": ("and",), "e": ("and",),
    "oder": ("or",), "ou": ("or",),
    "zwischen": ("between",), "entre": ("between",),
    "fur": ("for",), "pour": ("for",), "por": ("for",), "pendant": ("for",),
    "durante": ("for",),
    "im": ("in",), "dans": ("in",), "en": ("in",), "em": ("in",),
    "de": ("of",), "des": ("of",), "d": ("of",),
    # parts of months
    "mitte": ("mid",), "anfang": ("early",), "beginn": ("early",), "ende": ("late",),
    "debut": ("early",), "fin": ("late",), "mediados": ("mid",), "principios": ("early",),
    "principio": ("early",), "comienzos": ("early",), "finales": ("late",),
    "meados": ("mid",), "inicio": ("early",), "comeco": ("early",),
    "fim": ("late",), "mi": ("mid",),
    # words to drop: articles and fillers around dates
    "am": (), "dem": (), "den": (), "der": (), "die": (), "das": (), "zum": ("the",),
    "zur": ("the",), "le": (), "la": (), "les": (), "l": (), "du": (), "el": (), "los": (),
    "las": (), "lo": (), "del": (), "o": (), "os": (), "as": (), "do": (), "da": (), "no": (),
    "na": (), "nos": (), "nas": (), "dos": (), "feira": (),
}

PHRASES: dict[str, tuple[str, ...]] = {
    # multi-word relative days and weekends
    "apres demain": ("the", "day", "after", "tomorrow"),
    "aujourd hui": ("today",),
    "pasado manana": ("the", "day", "after", "tomorrow"),
    "depois de amanha": ("the", "day", "after", "tomorrow"),
    "esta manana": ("today",), "por la manana": (), "de manana": (),
    "heute morgen": ("today",), "morgen fruh": ("tomorrow",),
    "fin de semana": ("weekend",), "fim de semana": ("weekend",),
    "fins de semana": ("weekend",), "week end": ("weekend",),
    "que viene": ("@next",), "que vem": ("@next",), "a proxima": ("next",),
    "o proximo": ("next",), "jusqu a": ("until",), "jusqu au": ("until", "the"),
    "a partir de": ("starting",), "a partir del": ("starting",), "a partir du": ("starting",),
    "a partir do": ("starting",), "a partir da": ("starting",), "ab dem": ("starting",),
    "daqui a": ("in",), "dentro de": ("in",), "en los proximos": ("the", "next"),
    # holidays (English names are in named_days' own table)
    "heiligabend": ("holiday:christmas_eve",), "weihnachten": ("holiday:christmas",),
    "erster weihnachtstag": ("holiday:christmas",),
    "zweiter weihnachtstag": ("holiday:boxing_day",), "silvester": ("holiday:nye",),
    "neujahr": ("holiday:new_year",), "ostern": ("holiday:easter",),
    "ostersonntag": ("holiday:easter",), "ostermontag": ("holiday:easter_monday",),
    "karfreitag": ("holiday:good_friday",), "uber ostern": ("over", "holiday:easter"),
    "osterwochenende": ("holiday:easter", "weekend"), "osterferien": ("vague:school_break",),
    "pfingsten": ("holiday:pentecost",), "pfingstsonntag": ("holiday:pentecost",),
    "pfingstmontag": ("holiday:whit_monday",), "uber pfingsten": ("over", "holiday:pentecost"),
    "pfingstwochenende": ("holiday:pentecost", "weekend"),
    "christi himmelfahrt": ("holiday:ascension",), "himmelfahrt": ("holiday:ascension",),
    "fronleichnam": ("holiday:corpus_christi",),
    "tag der deutschen einheit": ("holiday:german_unity",),
    "tag der einheit": ("holiday:german_unity",), "tag der arbeit": ("holiday:may_day",),
    "allerheiligen": ("holiday:all_saints",), "rosenmontag": ("holiday:rosenmontag",),
    "uber weihnachten": ("vague:christmas",), "zwischen den jahren": ("vague:christmas",),
    "noel": ("holiday:christmas",), "veille de noel": ("holiday:christmas_eve",),
    "reveillon de noel": ("holiday:christmas_eve",), "saint sylvestre": ("holiday:nye",),
    "saintsylvestre": ("holiday:nye",), "nouvel an": ("holiday:new_year",),
    "jour de l an": ("holiday:new_year",), "paques": ("holiday:easter",),
    "lundi de paques": ("holiday:easter_monday",), "vendredi saint": ("holiday:good_friday",),
    "weekend de paques": ("holiday:easter", "weekend"),
    "week end de paques": ("holiday:easter", "weekend"),
    "week end de pentecote": ("holiday:pentecost", "weekend"),
    "final de": ("late", "of"),
    "fin de": ("late", "of"),
    "pentecote": ("holiday:pentecost",), "lundi de pentecote": ("holiday:whit_monday",),
    "weekend de pentecote": ("holiday:pentecost", "weekend"),
    "ascension": ("holiday:ascension",), "toussaint": ("holiday:all_saints",),
    "fete du travail": ("holiday:may_day",), "fete nationale": ("holiday:national_day",),
    "pendant les fetes": ("vague:christmas",), "les fetes": ("vague:christmas",),
    "navidad": ("holiday:christmas",), "nochebuena": ("holiday:christmas_eve",),
    "nochevieja": ("holiday:nye",), "ano nuevo": ("holiday:new_year",),
    "reyes": ("holiday:epiphany",), "dia de reyes": ("holiday:epiphany",),
    "pascua": ("holiday:easter",), "domingo de pascua": ("holiday:easter",),
    "domingo de resurreccion": ("holiday:easter",), "viernes santo": ("holiday:good_friday",),
    "jueves santo": ("holiday:maundy_thursday",), "semana santa": ("vague:holy_week",),
    "dia del trabajo": ("holiday:may_day",), "dia del trabajador": ("holiday:may_day",),
    "carnaval": ("holiday:carnival",), "natal": ("holiday:christmas",),
    "vespera de natal": ("holiday:christmas_eve",), "reveillon": ("holiday:nye",),
    "ano novo": ("holiday:new_year",), "pascoa": ("holiday:easter",),
    "sexta santa": ("holiday:good_friday",), "dia do trabalho": ("holiday:may_day",),
    "dia do trabalhador": ("holiday:may_day",), "finados": ("holiday:all_souls",),
    "semana da pascoa": ("vague:holy_week",),
    "ferien": ("vague:school_break",), "vacances": ("vague:school_break",),
    "vacaciones": ("vague:school_break",), "ferias": ("vague:school_break",),
}


def _build() -> dict[str, tuple[str, ...]]:
    words = dict(_WORDS)
    for table in (_MONTHS, _WEEKDAYS, _UNITS, _SEASONS):
        for english, foreign in table.items():
            for word in foreign:
                words.setdefault(word, (english,))
    return words


WORDS: Final = _build()
"""Single foreign words (accents removed) and the English tokens that replace them."""
