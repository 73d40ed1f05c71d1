"""Mood over time as a PNG (``bot.outbound.charts``' look). A day with no mood is a gap in
the line, never a dip to zero and never a line drawn across it. Slow-ish and blocking: the
cog runs it with ``asyncio.to_thread``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from bot.outbound.charts import ACCENT_COLOUR, MUTED_COLOUR, TEXT_COLOUR, new_chart, png, tidy
from cogs.checkins.history import Point
from cogs.checkins.moods import MOODS, Mood

MAX_DAY_LABELS = 8


def plotted(points: Sequence[Point]) -> list[float]:
    """The y values: a level, or NaN for a gap (matplotlib breaks the line at NaN)."""
    return [math.nan if p.level is None else float(p.level) for p in points]


def labelled_days(count: int) -> list[int]:
    """Which days get a date under them: at most eight, the last day always."""
    step = max(1, math.ceil(count / MAX_DAY_LABELS))
    return list(range(count - 1, -1, -step))[::-1]


def mood_chart(points: Sequence[Point], *, words: Mapping[Mood, str], title: str) -> bytes:
    figure, axes = new_chart(7, 3.4)
    positions = list(range(len(points)))
    axes.plot(positions, plotted(points), color=ACCENT_COLOUR, marker="o", linewidth=2)
    axes.set_ylim(0.5, len(MOODS) + 0.5)
    axes.set_yticks([m.level for m in MOODS], labels=[words[m] for m in MOODS], color=TEXT_COLOUR)
    axes.set_xlim(-0.5, max(len(points), 1) - 0.5)
    ticks = labelled_days(len(points))
    axes.set_xticks(ticks, labels=[f"{points[i].day:%d %b}" for i in ticks], color=TEXT_COLOUR)
    axes.grid(axis="y", color=MUTED_COLOUR, linewidth=0.5)
    tidy(axes, title=title)
    return png(figure)
