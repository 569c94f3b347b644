"""PNG pictures of the community: "who's in town when" and the monthly community card.

Drawn with matplotlib's object-oriented API on the Agg canvas (no pyplot, no global state,
safe to run in a worker thread). Each chart is a few hundred small artists, well under the
200 ms budget (see ``benchmarks/charts.py``). Only city-level data goes in: names of members
who can be found in this guild, their dates, and counts per city.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.dates import DateFormatter, DayLocator, date2num
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from bot.domain.icebreakers import CommunityStats, TownChart

INK = "#23272a"
MUTED = "#8a8f98"
ACCENT = "#5865f2"  # Discord blurple, the bot's embed colour
LOCALS = "#57f28733"
DPI = 100


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)  # the Agg raster canvas, explicitly: no GUI backend ever
    # Fast zlib level: the PNG is a little bigger, and encoding takes a fraction of the time.
    figure.savefig(buffer, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def _num(day: date) -> float:
    return float(date2num(day))  # type: ignore[no-untyped-call]


def _label(text: str, limit: int = 24) -> str:
    """Names as the bundled font can draw them (no emoji), at most ``limit`` characters."""
    kept = "".join(ch for ch in text if ord(ch) < 0x2000 or 0x3000 <= ord(ch) < 0xD800)
    kept = kept.strip() or "member"
    return kept if len(kept) <= limit else kept[: limit - 1] + "…"


def town_chart_png(chart: TownChart) -> bytes:
    rows = [_label(row.name) for row in chart.rows]
    if chart.locals:
        rows = [f"Locals ({chart.locals})", *rows]
    height = 1.2 + 0.3 * max(1, len(rows))
    figure = Figure(figsize=(8.0, height))
    # Fixed margins (a layout engine would measure every label first, doubling the cost).
    left = min(0.3, 0.03 + 0.0085 * max((len(r) for r in rows), default=6))
    figure.subplots_adjust(left=left, right=0.98, top=1 - 0.45 / height, bottom=0.55 / height)
    axes = figure.add_subplot()
    start, end = _num(chart.window.start), _num(chart.window.end + timedelta(days=1))
    offset = 1 if chart.locals else 0
    if chart.locals:
        axes.axhspan(-0.4, 0.4, facecolor=LOCALS, edgecolor="none")
    # Every stay in one collection: one draw call however many bars there are.
    bars = []
    for index, row in enumerate(chart.rows, start=offset):
        for stay in row.stays:
            x0, x1 = _num(stay.start), _num(stay.end + timedelta(days=1))
            y0, y1 = index - 0.35, index + 0.35
            bars.append([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
    axes.add_collection(PolyCollection(bars, facecolors=ACCENT, edgecolors="none"))
    axes.set_yticks(range(len(rows)), rows, fontsize=9, color=INK)
    axes.set_ylim(len(rows) - 0.5, -0.5)
    axes.set_xlim(start, end)
    days = (chart.window.end - chart.window.start).days + 1
    axes.xaxis.set_major_locator(DayLocator(interval=max(1, days // 10)))  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_formatter(DateFormatter("%b %d"))  # type: ignore[no-untyped-call]
    axes.tick_params(axis="x", labelsize=8, colors=MUTED, length=0)
    axes.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    more = f"  (+{chart.more} more)" if chart.more else ""
    axes.set_title(
        f"Who's in {_label(chart.city, 60)} · {chart.window.label}{more}",
        loc="left",
        fontsize=11,
        color=INK,
    )
    figure.text(
        0.99,
        0.01,
        f"Dates in {chart.timezone} · members visible in this server only",
        ha="right",
        va="bottom",
        fontsize=7,
        color=MUTED,
    )
    if not chart.rows and not chart.locals:
        axes.text(0.5, 0.5, "Nobody yet", transform=axes.transAxes, ha="center", color=MUTED)
    return _png(figure)


def community_card_png(title: str, month: date, stats: CommunityStats) -> bytes:
    figure = Figure(figsize=(8.0, 4.5))
    figure.patch.set_facecolor("white")
    figure.text(0.04, 0.9, _label(title, 40), fontsize=16, weight="bold", color=INK)
    figure.text(0.04, 0.83, f"{month:%B %Y}", fontsize=11, color=MUTED)
    figures = (
        (stats.held, "meetups held"),
        (stats.people_met, "people met in person"),
        (stats.first_timers_welcomed, "first-timers welcomed"),
    )
    for index, (number, what) in enumerate(figures):
        y = 0.62 - index * 0.2
        figure.text(0.04, y, f"{number}", fontsize=28, weight="bold", color=ACCENT)
        figure.text(0.04, y - 0.06, what, fontsize=9, color=INK)
    cities = list(stats.cities[:12])
    axes = figure.add_axes((0.42, 0.06, 0.55, 0.78))
    axes.set_axis_off()
    axes.set_xlim(0, 3)
    axes.set_ylim(4, 0)
    top = max((count for _, count in cities), default=1)
    for index, (city, count) in enumerate(cities):
        column, row = index % 3, index // 3
        alpha = 0.25 + 0.75 * count / top
        axes.add_patch(
            FancyBboxPatch(
                (column + 0.05, row + 0.08),
                0.9,
                0.84,
                boxstyle="round,pad=0,rounding_size=0.08",
                facecolor=ACCENT,
                alpha=alpha,
                edgecolor="none",
            )
        )
        ink = "white" if alpha > 0.6 else INK  # readable on pale tiles too
        axes.text(column + 0.5, row + 0.42, str(count), ha="center", fontsize=15, color=ink)
        name = _label(city.split(",")[0], 16)
        axes.text(column + 0.5, row + 0.75, name, ha="center", fontsize=8, color=ink)
    if not cities:
        axes.text(1.5, 2, "No meetups yet this month", ha="center", color=MUTED)
    axes.set_title("Cities", loc="left", fontsize=10, color=INK)
    return _png(figure)


def community_alt_text(title: str, month: date, stats: CommunityStats) -> str:
    cities = ", ".join(f"{city.split(',')[0]} {count}" for city, count in stats.cities[:12])
    return (
        f"Image: {title}, {month:%B %Y}: {stats.held} meetups held, {stats.people_met} people "
        f"met in person, {stats.first_timers_welcomed} first-timers welcomed"
        + (f"; by city: {cities}." if cities else ".")
    )
