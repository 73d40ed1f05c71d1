"""What the store tests share: ids, a start time, every store over one database, a pick."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.storage.database import Database
from bot.timing.clock import Clock
from cogs.questions.bank import Question
from cogs.questions.picker import Pick
from cogs.questions.repository.answers import AnswerStore
from cogs.questions.repository.channels import ChannelStore
from cogs.questions.repository.data_owner import QuestionDataOwner
from cogs.questions.repository.own_questions import OwnQuestionStore
from cogs.questions.repository.schedules import ScheduleStore
from tests.support.keys import make_test_vault

GUILD, CHANNEL, OTHER_GUILD, OTHER_CHANNEL = 10, 20, 11, 21
ANA, BEN = 1, 2
START = datetime(2026, 6, 2, 8, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Stores:
    schedules: ScheduleStore
    channels: ChannelStore
    answers: AnswerStore
    own_questions: OwnQuestionStore
    data_owner: QuestionDataOwner

    @classmethod
    def over(cls, db: Database, clock: Clock) -> Stores:
        vault = make_test_vault()
        return cls(
            ScheduleStore(db, clock),
            ChannelStore(db, clock),
            AnswerStore(db, vault, clock),
            OwnQuestionStore(db, vault, clock),
            QuestionDataOwner(db, vault),
        )


def pick(key: str = "bank:fun-001", cycle: int = 1) -> Pick:
    return Pick(Question(key, f"Question {key}?", "fun", 1), cycle, new_cycle=False, fresh_left=99)
