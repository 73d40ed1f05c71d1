"""What each partner is asked in a relationship review, in order, and the Help me phrase it
text, read from ``data/reviews/prompts.json`` (checked against its schema).

Pure: nothing here touches discord. The prompts' ids are the keys answers are stored under,
so an id never changes meaning. Two forms ask them, because a Discord form holds at most five
boxes: the appreciations (one box each, up to five) and the reflections (the other three).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources.abc import Traversable

from bot.app.content import load

FOLDER = "reviews"
APPRECIATIONS = "appreciations"
WENT_WELL = "went_well"
TO_WORK_ON = "to_work_on"
CARED_FOR = "cared_for"
#: The order the product asks them in; the schema pins the shipped file to it.
PROMPT_IDS = (APPRECIATIONS, WENT_WELL, TO_WORK_ON, CARED_FOR)
#: The two forms and the prompts each holds.
FORMS = {APPRECIATIONS: (APPRECIATIONS,), "reflections": (WENT_WELL, TO_WORK_ON, CARED_FOR)}


@dataclass(frozen=True, slots=True)
class Prompt:
    id: str
    form: str
    asks: str
    label: str
    placeholder: str
    min_items: int
    max_items: int
    max_length: int


@dataclass(frozen=True, slots=True)
class PhraseHelp:
    """The pattern for a thing to work on, why it helps, and examples to borrow from."""

    title: str
    pattern: str
    why: str
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReviewPrompts:
    form_titles: dict[str, str]
    prompts: tuple[Prompt, ...]
    phrase_help: PhraseHelp

    def get(self, prompt_id: str) -> Prompt:
        for prompt in self.prompts:
            if prompt.id == prompt_id:
                return prompt
        raise KeyError(prompt_id)

    def form(self, name: str) -> tuple[Prompt, ...]:
        return tuple(self.get(prompt_id) for prompt_id in FORMS[name])


def load_prompts(root: Traversable) -> ReviewPrompts:
    document = load(root / FOLDER, "prompts.json")
    help_ = document["phrase_help"]
    return ReviewPrompts(
        form_titles=dict(document["modal_titles"]),
        prompts=tuple(
            Prompt(
                id=item["id"],
                form=item["modal"],
                asks=item["asks"],
                label=item["label"],
                placeholder=item["placeholder"],
                min_items=int(item["min_items"]),
                max_items=int(item["max_items"]),
                max_length=int(item["max_length"]),
            )
            for item in document["prompts"]
        ),
        phrase_help=PhraseHelp(
            title=help_["title"],
            pattern=help_["pattern"],
            why=help_["why"],
            examples=tuple(help_["examples"]),
        ),
    )
