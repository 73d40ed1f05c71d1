from __future__ import annotations

from unittest.mock import Mock

import pytest

from bot.storage.channel_rows import ChannelRows


def test_only_a_plain_table_name_is_accepted() -> None:
    ChannelRows(Mock(), Mock(), "question_channels")
    with pytest.raises(ValueError, match="not a table name"):
        ChannelRows(Mock(), Mock(), "x; DROP TABLE members")
