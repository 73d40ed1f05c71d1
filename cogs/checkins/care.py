"""When Kindred gently suggests talking to someone: after three very low moods within seven
days. Pure, so the rule is proven with any mix of moods and times.

Only very low moods count; a low mood, a Pass or a check-in left unanswered never does (an
unanswered check-in is not a mood at all). The suggestion goes to the member alone: this
module decides nothing about anyone else.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from cogs.checkins.content import Resources
from cogs.checkins.moods import Mood

VERY_LOW_COUNT = 3
WINDOW = timedelta(days=7)


def _very_low_in_window(
    moods_with_times: Iterable[tuple[Mood, datetime]], now: datetime
) -> list[datetime]:
    return sorted(
        at for mood, at in moods_with_times if mood is Mood.VERY_LOW and now - WINDOW < at <= now
    )


def needs_care(moods_with_times: Iterable[tuple[Mood, datetime]], now: datetime) -> bool:
    """True when at least three very low moods were given in the seven days up to ``now``."""
    return len(_very_low_in_window(moods_with_times, now)) >= VERY_LOW_COUNT


def should_suggest(
    moods_with_times: Iterable[tuple[Mood, datetime]],
    now: datetime,
    last_suggested_at: datetime | None,
) -> bool:
    """Suggest once per hard stretch, not after every very low mood in it: again only when
    three very low moods have come since the last suggestion."""
    moods = list(moods_with_times)
    if not needs_care(moods, now):
        return False
    if last_suggested_at is None:
        return True
    since = [(m, at) for m, at in moods if at > last_suggested_at]
    return needs_care(since, now)


def care_message(resources: Resources) -> str:
    """The suggestion as the member reads it, in their locale's words: talk to someone,
    where to find help (a link each), and, last so nothing is ever read after it, that
    Kindred is not an emergency service. A link is shown without a preview, so the message
    stays about the member rather than about a website."""
    links = "\n".join(f"• [{link.label}](<{link.url}>)" for link in resources.links)
    return f"{resources.suggestion}\n\n{links}\n\n{resources.not_emergency}"
