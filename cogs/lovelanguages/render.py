"""What members read: quiz screens, results, comparisons, the server overview.

Pure: plain data in, text and embed dictionaries out, so every wording and Discord limit is
tested without a connection. The words themselves are templates in
``data/lovelanguages/messages.json``, handed in as a :class:`Text`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from bot.app.content import Messages
from cogs.lovelanguages.quiz import Language, Quiz
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
    quiz: Quiz, part: str, index: int, relationship: str, text: Text, *, note: str = ""
) -> dict[str, Any]:
    """One item: the stem, statements A and B, and where the member is."""
    items = quiz.items(part)
    item = items[index]
    lines = [
        f"**{text(f'screen.stem_{part}')}**",
        "",
        *(
            text("screen.statement", letter=text(letter), statement=option.text(relationship))
            for letter, option in (("buttons.a", item.first), ("buttons.b", item.second))
        ),
    ]
    if note:
        lines = [f"*{note}*", "", *lines]
    return {
        "title": text("screen.title", part=PART_NUMBER[part], number=index + 1, total=len(items)),
        "description": "\n".join(lines),
        "color": COLOUR,
        "footer": {
            "text": text("screen.footer", bar=progress_bar(index, len(items)), answered=index)
        },
    }


def ranked_lines(
    languages: Mapping[str, Language], scores: Scores, maximum: int, text: Text
) -> list[str]:
    """One line per language, ties marked, numbers as text (for screen readers too)."""
    lines = []
    for points, tied in scores.levels():
        key = "profile.score_tied" if len(tied) > 1 else "profile.score"
        for language in tied:
            label = languages[language].label
            lines.append(text(key, label=label, points=points, maximum=maximum))
    return lines


def names(languages: Mapping[str, Language], ids: Sequence[str], text: Text) -> str:
    labels = [languages[i].name for i in ids]
    if len(labels) == 1:
        return labels[0]
    return text("profile.and", names=", ".join(labels[:-1]), last=labels[-1])


def result_embed(
    quiz: Quiz,
    receive: Scores,
    give: Scores | None,
    text: Text,
    *,
    title: str,
    image: str | None = None,
) -> dict[str, Any]:
    languages = quiz.languages
    primary, secondary = receive.primary, receive.secondary
    if len(primary) > 1:
        summary = text("profile.tied", languages=names(languages, primary, text))
    elif secondary:
        summary = text(
            "profile.primary_then",
            primary=names(languages, primary, text),
            secondary=names(languages, secondary, text),
        )
    else:
        summary = text("profile.primary", primary=names(languages, primary, text))
    fields = [
        {
            "name": text("profile.receive_field"),
            "value": "\n".join(ranked_lines(languages, receive, 12, text)),
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
                "name": text("profile.give_field"),
                "value": "\n".join(ranked_lines(languages, give, 6, text)),
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


def tips_lines(tips: Sequence[Tip], text: Text) -> str:
    return "\n".join(text("profile.tip", tip=tip.text) for tip in tips)


def distribution(results: Sequence[Scores]) -> dict[str, int]:
    """How many members have each language among their primary ones (ties count for each)."""
    counts = dict.fromkeys(LANGUAGES, 0)
    for scores in results:
        for language in scores.primary:
            counts[language] += 1
    return counts
