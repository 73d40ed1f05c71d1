"""Bar charts as PNG bytes (matplotlib, headless), in the look ``bot.outbound.charts`` shares.
Slow-ish and blocking: callers run these with ``asyncio.to_thread``.

Every chart is paired with the same numbers as text in the message, for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.outbound.charts import ACCENT_COLOUR, TEXT_COLOUR, new_chart, png, tidy


def bar_chart(
    labels: Sequence[str], values: Sequence[int], *, title: str, maximum: int | None = None
) -> bytes:
    """Horizontal bars, highest first as given, each with its number at the end."""
    figure, axes = new_chart()
    positions = list(range(len(labels)))[::-1]
    bars = axes.barh(positions, values, color=ACCENT_COLOUR)
    axes.set_yticks(positions, labels=list(labels), color=TEXT_COLOUR)
    axes.set_xlim(0, max(maximum or 0, *values, 1) * 1.12)
    axes.bar_label(bars, labels=[str(v) for v in values], padding=4, color=TEXT_COLOUR)
    tidy(axes, title=title)
    return png(figure)
