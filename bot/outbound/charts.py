"""What every feature's chart shares: one palette, a bare matplotlib Figure (no pyplot, so no
global state shared between threads and no display), tidy axes, and PNG bytes to attach.

Drawing is slow-ish and blocking: callers run their chart functions with
``asyncio.to_thread`` so the event loop never waits on a drawing. Every chart is paired with
the same numbers as text in the message, for screen readers.
"""

from __future__ import annotations

import io

from matplotlib.axes import Axes
from matplotlib.figure import Figure

ACCENT_COLOUR = "#E76F51"
TEXT_COLOUR = "#264653"
MUTED_COLOUR = "#A8B8BC"


def new_chart(width: float = 6, height: float = 3.2) -> tuple[Figure, Axes]:
    """A figure with one set of axes, drawn to memory with the Agg renderer."""
    figure = Figure(figsize=(width, height), dpi=100)
    return figure, figure.subplots()


def tidy(axes: Axes, *, title: str) -> None:
    """The house look: a title, text in one colour, no box around the plot."""
    axes.set_title(title, color=TEXT_COLOUR)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(colors=TEXT_COLOUR)


def png(figure: Figure) -> bytes:
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
