"""Slash-command option types every feature shares: a time, a time zone, weekdays.

Use them as annotations, e.g. ``time: TimeOption, timezone: TimezoneOption``: the option
arrives already parsed, a zone gets autocomplete (the 25 best matches), and a bad value
reaches the user as the parser's friendly sentence ("Did you mean Europe/Paris?").
"""

from __future__ import annotations

from datetime import time
from typing import Any
from zoneinfo import ZoneInfo

import discord
from discord import app_commands

from bot.timing.timeparse import parse_time, parse_weekdays
from bot.timing.zones import parse_timezone, timezone_choices


class _Time(app_commands.Transformer):
    async def transform(self, interaction: discord.Interaction[Any], value: str, /) -> time:
        return parse_time(value)


class _Timezone(app_commands.Transformer):
    async def transform(self, interaction: discord.Interaction[Any], value: str, /) -> ZoneInfo:
        return parse_timezone(value)

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], value: str, /
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=zone, value=zone) for zone in timezone_choices(value)]


class _Weekdays(app_commands.Transformer):
    async def transform(
        self, interaction: discord.Interaction[Any], value: str, /
    ) -> frozenset[int]:
        return parse_weekdays(value)


TimeOption = app_commands.Transform[time, _Time]
TimezoneOption = app_commands.Transform[ZoneInfo, _Timezone]
WeekdaysOption = app_commands.Transform[frozenset[int], _Weekdays]
