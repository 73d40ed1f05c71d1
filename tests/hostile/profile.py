"""Hypothesis settings for the hostile suite, and the tally of cases it ran.

CI uses the ``hostile-ci`` profile: derandomized (the same examples on every run, so a
failure is reproducible and a pass means the same thing each time), no deadline (a case
is a round trip through a real client), no example database and no shrinking (a known
defect marked xfail fails at its first example instead of spending minutes shrinking).
``KINDRED_HOSTILE_PROFILE=hostile-explore`` draws fresh random examples, shrinks a failure
to its minimal example, and multiplies the number of examples by
``KINDRED_HOSTILE_SCALE`` (default 5): use it to hunt for new defects.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

TARGET_CASES = 1000
_QUIET = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
]

settings.register_profile(
    "hostile-ci",
    derandomize=True,
    deadline=None,
    database=None,
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=_QUIET,
    report_multiple_bugs=False,
)
settings.register_profile(
    "hostile-explore",
    derandomize=False,
    deadline=None,
    database=None,
    suppress_health_check=_QUIET,
    report_multiple_bugs=False,
)

PROFILE = os.environ.get("KINDRED_HOSTILE_PROFILE", "hostile-ci")
SCALE = 1 if PROFILE == "hostile-ci" else int(os.environ.get("KINDRED_HOSTILE_SCALE", "5"))

#: Cases run, by test node id (read by conftest for the run's summary and total).
TALLY: dict[str, int] = {}


def hostile_settings(examples: int, *, scaled: bool = True) -> settings:
    """The profile's settings with this test's number of examples (``scaled``: times the
    explore profile's scale; not for a test whose examples use up a fixed supply)."""
    return settings(settings.get_profile(PROFILE), max_examples=planned(examples, scaled=scaled))


def planned(examples: int, *, scaled: bool = True) -> int:
    return examples * SCALE if scaled else examples
