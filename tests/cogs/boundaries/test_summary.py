"""/boundaries show in plain words."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from bot.privacy.boundary_rules import Boundaries, QuietHours
from cogs.boundaries.notes import NOTE_KIND
from cogs.boundaries.summary import summary_lines

LONDON = ZoneInfo("Europe/London")


def lines_of(b: Boundaries, guild_id: int | None = 7) -> dict[str, str]:
    return {
        line.name: line.value
        for line in summary_lines(
            b, topic_label=str.title, kind_label=lambda k: f"{k} DMs", guild_id=guild_id
        )
    }


def test_defaults_read_as_defaults() -> None:
    shown = lines_of(Boundaries(1))
    assert shown["Max depth"].startswith("3 (deep)")
    assert shown["Quiet hours"] == "off"
    assert shown["Time zone"] == "not set"
    assert shown["DMs per week"] == "at most 14"
    assert shown["Appreciation notes"].startswith("off")
    assert shown["Topics off"] == "none"
    assert shown["Never pair me with"] == "nobody listed"
    assert shown["DMs you asked for"] == "none yet"
    assert "Your DMs" not in shown and "Boundary card" not in shown


def test_every_setting_is_shown() -> None:
    b = Boundaries(
        1,
        max_depth=1,
        quiet_hours=QuietHours(time(22), time(7), LONDON),
        zone=LONDON,
        max_dms_per_week=0,
        pairing=False,
        topics_off=frozenset({"family", "fun"}),
        dont_pair=frozenset({42, 41}),
        consents=frozenset({NOTE_KIND, "checkin"}),
        unreachable_since=datetime(2026, 6, 1, tzinfo=UTC),
        card="hi",
        card_shared_in=frozenset({7}),
    )
    shown = lines_of(b)
    assert shown["Max depth"].startswith("1 (light)")
    assert shown["Quiet hours"].startswith("22:00–07:00 (Europe/London)")
    assert shown["Appreciation notes"] == "named notes only"
    assert shown["Buddy pairing"].startswith("off")
    assert shown["Topics off"] == "Family, Fun"
    assert shown["Never pair me with"] == "<@41> <@42>"
    assert shown["DMs you asked for"] == "checkin DMs, note DMs"
    assert f"<t:{int(datetime(2026, 6, 1, tzinfo=UTC).timestamp())}:R>" in shown["Your DMs"]
    assert shown["Boundary card"] == "shared in this server"
    assert lines_of(b, guild_id=8)["Boundary card"] == "private here"
