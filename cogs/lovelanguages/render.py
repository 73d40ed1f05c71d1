"""What members read: quiz screens, results, comparisons, the server overview.

Pure: plain data in, text and embed dictionaries out, so every wording and Discord limit is
tested without a connection.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from bot.app.content import Messages
from cogs.lovelanguages.quiz import STEMS, Language, Quiz
from cogs.lovelanguages.scoring import LANGUAGES, Scores
from cogs.lovelanguages.tips import Tip

COLOUR = 0xE76F51
PROGRESS_CELLS = 10
PART_NUMBER = {"receive": 1, "give": 2}


FEATURE = "lovelanguages"


class Text(Protocol):
    """This feature's words by key, from ``data/lovelanguages/messages.json``."""

    def __call__(self, key: str, /, **values: object) -> str: ...


def feature_text(messages: Messages) -> Text:
    """The templates under this feature's name, so callers say ``text("no_quiz")``."""

    def text(key: str, /, **values: object) -> str:
        return messages.get(f"{FEATURE}.{key}", **values)

    return text


def progress_bar(done: int, total: int) -> str:
    filled = round(PROGRESS_CELLS * done / total) if total else 0
    return "▰" * filled + "▱" * (PROGRESS_CELLS - filled)


def quiz_screen(
    quiz: Quiz, part: str, index: int, relationship: str, *, note: str = ""
) -> dict[str, Any]:
    """One item: the stem, statements A and B, and where the member is."""
    items = quiz.items(part)
    item = items[index]
    lines = [
        f"**{STEMS[part]}**",
        "",
        f"**A** — {item.first.text(relationship)}",
        f"**B** — {item.second.text(relationship)}",
    ]
    if note:
        lines = [f"*{note}*", "", *lines]
    return {
        "title": f"Part {PART_NUMBER[part]} · question {index + 1} of {len(items)}",
        "description": "\n".join(lines),
        "color": COLOUR,
        "footer": {"text": f"{progress_bar(index, len(items))}  {index} answered"},
    }


def ranked_lines(languages: Mapping[str, Language], scores: Scores, maximum: int) -> list[str]:
    """One line per language, ties marked, numbers as text (for screen readers too)."""
    lines = []
    for points, tied in scores.levels():
        mark = " (tied)" if len(tied) > 1 else ""
        for language in tied:
            lines.append(f"{languages[language].label} — **{points}** of {maximum}{mark}")
    return lines


def names(languages: Mapping[str, Language], ids: Sequence[str]) -> str:
    labels = [languages[i].name for i in ids]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def result_embed(
    quiz: Quiz,
    receive: Scores,
    give: Scores | None,
    *,
    title: str,
    image: str | None = None,
) -> dict[str, Any]:
    languages = quiz.languages
    primary, secondary = receive.primary, receive.secondary
    summary = (
        f"Your top languages are tied: **{names(languages, primary)}**."
        if len(primary) > 1
        else f"Your primary language is **{names(languages, primary)}**"
        + (f", then **{names(languages, secondary)}**." if secondary else ".")
    )
    fields = [
        {
            "name": "How you like to receive care",
            "value": "\n".join(ranked_lines(languages, receive, 12)),
            "inline": False,
        }
    ]
    for language in receive.top_two:
        fields.append(
            {
                "name": languages[language].label,
                "value": languages[language].explain,
                "inline": False,
            }
        )
    if give is not None:
        fields.append(
            {
                "name": "How you tend to give care",
                "value": "\n".join(ranked_lines(languages, give, 6)),
                "inline": False,
            }
        )
    embed: dict[str, Any] = {
        "title": title[:256],
        "description": summary,
        "color": COLOUR,
        "fields": fields,
    }
    if image:
        embed["image"] = {"url": f"attachment://{image}"}
    return embed


def tips_lines(tips: Sequence[Tip]) -> str:
    return "\n".join(f"• {tip.text}" for tip in tips)


def distribution(results: Sequence[Scores]) -> dict[str, int]:
    """How many members have each language among their primary ones (ties count for each)."""
    counts = dict.fromkeys(LANGUAGES, 0)
    for scores in results:
        for language in scores.primary:
            counts[language] += 1
    return counts
