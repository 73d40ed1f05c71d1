"""The shared chart look draws to memory, without a display."""

from __future__ import annotations

from bot.outbound.charts import new_chart, png, tidy


def test_a_chart_becomes_png_bytes_with_the_house_look() -> None:
    figure, axes = new_chart()
    axes.plot([0, 1], [1, 2])
    tidy(axes, title="Title")
    assert not axes.spines["top"].get_visible()
    assert axes.get_title() == "Title"
    assert png(figure).startswith(b"\x89PNG\r\n\x1a\n")
