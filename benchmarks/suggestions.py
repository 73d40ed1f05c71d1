"""How long does the near-duplicate check of ``/question suggest`` take?

A suggestion is compared with every question the server has: the shipped bank plus its own
questions and pending suggestions, all before the interaction's 3-second deadline.

Run: ``.venv/bin/python -m benchmarks.suggestions [extra_questions] [runs]``. Prints the
median of several runs. Target (2-core machine): under 300 ms with the shipped bank plus
5,000 server questions — a tenth of Discord's 3-second window, so the command never needs
to defer.
"""

from __future__ import annotations

import random
import statistics
import sys
import time

from bot.app.content import content_root
from cogs.questions.bank import load_bank
from cogs.questions.similarity import find_near_duplicate

TARGET_SECONDS = 0.3
WORDS = str.split(
    "what which how where when favourite small moment song place meal friend family "
    "memory dream week year laugh kind help surprise quiet morning evening walk book "
    "game habit lesson hope fear story gift thank time together"
)


def fake_questions(count: int, rng: random.Random) -> list[tuple[str, str]]:
    return [
        (f"custom:{i}", " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))) + "?")
        for i in range(count)
    ]


def main() -> int:
    extra = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    rng = random.Random(42)  # noqa: S311 - reproducible fake questions, not secrets
    candidates = [(q.key, q.text) for q in load_bank(content_root())] + fake_questions(extra, rng)
    # The slow case is a suggestion that matches nothing: every candidate is compared.
    suggestion = "Which board game rule would you change forever, and what would replace it?"
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        match = find_near_duplicate(suggestion, candidates)
        timings.append(time.perf_counter() - started)
        if match is not None:
            print(f"the suggestion matched {match.key}: not the worst case")  # noqa: T201
            return 2
    median = statistics.median(timings)
    verdict = "ok" if median < TARGET_SECONDS else "TOO SLOW"
    print(  # noqa: T201 - a benchmark reports on stdout
        f"{len(candidates)} questions: median {median * 1000:.1f} ms over {runs} runs "
        f"(target < {TARGET_SECONDS * 1000:.0f} ms): {verdict}"
    )
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
