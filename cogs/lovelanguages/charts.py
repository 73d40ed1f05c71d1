"""Bar charts as PNG bytes (matplotlib, headless). Slow-ish and blocking: callers run
these with ``asyncio.to_thread`` so the event loop never waits on a drawing.

Every chart is paired with the same numbers as text in the message, for screen readers.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

# A bare Figure (no pyplot) draws to memory with the Agg renderer: no display, no global
# state shared between threads.
from matplotlib.figure import Figure

BAR_COLOUR = "#E76F51"
TEXT_COLOUR = "#264653"


def bar_chart(
    labels: Sequence[str], values: Sequence[int], *, title: str, maximum: int | None = None
) -> bytes:
    """Horizontal bars, highest first as given, each with its number at the end."""
    figure = Figure(figsize=(6, 3.2), dpi=100)
    axes = figure.subplots()
    positions = list(range(len(labels)))[::-1]
    bars = axes.barh(positions, values, color=BAR_COLOUR)
    axes.set_yticks(positions, labels=list(labels), color=TEXT_COLOUR)
    axes.set_xlim(0, max(maximum or 0, *values, 1) * 1.12)
    axes.bar_label(bars, labels=[str(v) for v in values], padding=4, color=TEXT_COLOUR)
    axes.set_title(title, color=TEXT_COLOUR)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="x", colors=TEXT_COLOUR)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
