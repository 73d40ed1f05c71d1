"""/boundaries: set, topics, dont-pair, card, show, pause and resume.

Everything here answers ephemerally: a member's boundaries are nobody else's business,
except a boundary card they chose to share in this server.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.client import Kindred
from bot.interactions.embeds import fit_embed
from bot.interactions.options import TimezoneOption
from bot.interactions.user_error import UserFacingError
from bot.interactions.usertext import clean_user_text
from bot.privacy.boundary_rules import (
    CARD_MAX_CHARS,
    DONT_PAIR_LIMIT,
    MAX_DMS_PER_WEEK_LIMIT,
    MAX_PAUSE_DAYS,
    MIN_PAUSE_DAYS,
)
from bot.privacy.member_store import Listing
from bot.timing.timeparse import parse_quiet_hours
from cogs.boundaries.notes import EXPORT_NAME, NotesSetting, exported
from cogs.boundaries.summary import summary_lines
from cogs.boundaries.views import RetryDmsView

OFF_WORDS = {"off", "none", "no", "never", "clear"}


def when(instant: datetime) -> dict[str, str]:
    """A moment as Discord shows it to each reader: in their own clock, and from now."""
    stamp = int(instant.timestamp())
    return {"until": f"<t:{stamp}:f>", "relative": f"<t:{stamp}:R>"}


async def reply(interaction: discord.Interaction[Any], text: str, **kwargs: Any) -> None:
    await interaction.response.send_message(
        text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none(), **kwargs
    )


class BoundariesCog(commands.GroupCog, group_name="boundaries"):
    """Your limits — depth, quiet hours, DMs, topics, pairing — obeyed by every feature."""

    topics = app_commands.Group(name="topics", description="Topics Kindred never brings you")
    dont_pair = app_commands.Group(
        name="dont-pair", description="People Kindred never pairs you with"
    )

    def __init__(self, bot: Kindred) -> None:
        self.bot = bot
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.members.add_consent_setting(EXPORT_NAME, exported)

    async def cog_unload(self) -> None:
        self.bot.members.remove_consent_setting(EXPORT_NAME)

    def text(self, key: str, **values: object) -> str:
        return self.bot.messages.get(f"boundaries.{key}", **values)

    # -- set ----------------------------------------------------------------------------

    @app_commands.command(name="set")
    @app_commands.describe(
        max_depth="The deepest questions Kindred may send you privately (1 light, 3 deep)",
        quiet_hours="When Kindred must not DM you, like 22:00-07:00 (or 'off')",
        timezone="Your time zone, so quiet hours follow your clock",
        max_dms_per_week="The most DMs Kindred may send you in a week (0 = none)",
        notes="Which appreciation notes you accept by DM",
        pairing="Whether you can be paired with a buddy",
    )
    @app_commands.choices(
        notes=[
            app_commands.Choice(name="off", value=NotesSetting.OFF.value),
            app_commands.Choice(name="named notes only", value=NotesSetting.NAMED.value),
            app_commands.Choice(name="named and anonymous", value=NotesSetting.ANYONE.value),
        ]
    )
    async def set_(
        self,
        interaction: discord.Interaction[Kindred],
        max_depth: app_commands.Range[int, 1, 3] | None = None,
        quiet_hours: app_commands.Range[str, 1, 40] | None = None,
        timezone: TimezoneOption | None = None,
        max_dms_per_week: app_commands.Range[int, 0, MAX_DMS_PER_WEEK_LIMIT] | None = None,
        notes: str | None = None,
        pairing: bool | None = None,
    ) -> None:
        """Set your boundaries; options you leave out stay as they are."""
        user_id = interaction.user.id
        options = (max_depth, quiet_hours, timezone, max_dms_per_week, notes, pairing)
        if all(option is None for option in options):
            await self._show_own(interaction, intro=self.text("nothing_to_set"))
            return
        quiet: Any = ...  # "leave as is"
        if quiet_hours is not None:
            if quiet_hours.strip().lower() in OFF_WORDS:
                quiet = None
            else:
                quiet = parse_quiet_hours(quiet_hours)
                current = await self.bot.members.get(user_id)
                if timezone is None and current.zone is None:
                    raise UserFacingError(self.text("quiet_needs_timezone"))
        kwargs: dict[str, Any] = {
            "max_depth": max_depth,
            "zone": timezone,
            "max_dms_per_week": max_dms_per_week,
            "pairing": pairing,
            "consents": NotesSetting(notes).consent_changes() if notes is not None else None,
        }
        if quiet is not ...:
            kwargs["quiet_hours"] = quiet
        await self.bot.members.update(user_id, **kwargs)
        await self._show_own(interaction, intro=self.text("saved"))

    # -- topics -------------------------------------------------------------------------

    @topics.command(name="add")
    @app_commands.describe(category="A topic Kindred should never bring you")
    async def topics_add(self, interaction: discord.Interaction[Kindred], category: str) -> None:
        """Turn a topic off: nothing on it is sent to you privately."""
        topic = self.bot.topics.resolve(category)
        changed = await self.bot.members.set_topic(interaction.user.id, topic.id, off=True)
        key = "topic_off" if changed else "topic_already_off"
        await reply(interaction, self.text(key, topic=topic.label))

    @topics.command(name="remove")
    @app_commands.describe(category="A topic you turned off")
    async def topics_remove(self, interaction: discord.Interaction[Kindred], category: str) -> None:
        """Turn a topic back on."""
        topic = self.bot.topics.resolve(category)
        changed = await self.bot.members.set_topic(interaction.user.id, topic.id, off=False)
        key = "topic_on" if changed else "topic_already_on"
        await reply(interaction, self.text(key, topic=topic.label))

    @topics_add.autocomplete("category")
    @topics_remove.autocomplete("category")
    async def topic_choices(
        self, interaction: discord.Interaction[Kindred], current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=f"{t.label} — {t.about}"[:100], value=t.id)
            for t in self.bot.topics.choices(current)
        ]

    # -- do not pair --------------------------------------------------------------------

    @dont_pair.command(name="add")
    @app_commands.describe(member="Someone Kindred must never pair you with")
    async def dont_pair_add(
        self, interaction: discord.Interaction[Kindred], member: discord.User
    ) -> None:
        """Never be paired with this member (they are not told)."""
        user_id = interaction.user.id
        if member.id == user_id:
            raise UserFacingError(self.text("dont_pair_self"))
        if member.bot:
            raise UserFacingError(self.text("dont_pair_bot"))
        listing = await self.bot.members.add_dont_pair(user_id, member.id)
        if listing is Listing.FULL:
            raise UserFacingError(self.text("dont_pair_full", limit=DONT_PAIR_LIMIT))
        key = "dont_pair_added" if listing is Listing.ADDED else "dont_pair_already"
        await reply(interaction, self.text(key, member=member.mention))

    @dont_pair.command(name="remove")
    @app_commands.describe(member="Someone you listed before")
    async def dont_pair_remove(
        self, interaction: discord.Interaction[Kindred], member: discord.User
    ) -> None:
        """Take a member off your do-not-pair list."""
        changed = await self.bot.members.set_dont_pair(interaction.user.id, member.id, listed=False)
        key = "dont_pair_removed" if changed else "dont_pair_not_listed"
        await reply(interaction, self.text(key, member=member.mention))

    # -- card ---------------------------------------------------------------------------

    @app_commands.command(name="card")
    @app_commands.describe(
        text="What you're glad to talk about, and what you'd rather not ('clear' removes it)",
        shared="Let members of this server see your card",
    )
    async def card(
        self,
        interaction: discord.Interaction[Kindred],
        text: app_commands.Range[str, 1, 4000] | None = None,
        shared: bool | None = None,
    ) -> None:
        """Write your boundary card, and choose whether this server may see it."""
        user_id = interaction.user.id
        if text is None and shared is None:
            raise UserFacingError(self.text("card_nothing"))
        if shared is not None and interaction.guild_id is None:
            raise UserFacingError(self.text("card_share_in_server"))
        if text is not None and text.strip().lower() == "clear":
            await self.bot.members.clear_card(user_id)
            await reply(interaction, self.text("card_cleared"))
            return
        cleaned = (
            None
            if text is None
            else clean_user_text(text, max_chars=CARD_MAX_CHARS, what="Your card")
        )
        if not await self.bot.members.set_card(
            user_id, text=cleaned, guild_id=interaction.guild_id, shared=shared
        ):
            raise UserFacingError(self.text("card_write_first"))
        mine = await self.bot.members.get(user_id)
        visible = mine.card_visible_in(interaction.guild_id)
        key = "card_saved_shared" if visible else "card_saved_private"
        await reply(
            interaction, self.text(key), embed=self._card_embed(interaction.user, mine.card)
        )

    def _card_embed(self, who: discord.abc.User, card: str | None) -> discord.Embed:
        return fit_embed(
            discord.Embed(
                title=self.text("card_title", name=who.display_name),
                description=card,
                colour=discord.Colour.gold(),
            )
        )

    # -- pause --------------------------------------------------------------------------

    @app_commands.command(name="pause")
    @app_commands.describe(days="How many days to step away (1 to 30)")
    async def pause(
        self,
        interaction: discord.Interaction[Kindred],
        days: app_commands.Range[int, MIN_PAUSE_DAYS, MAX_PAUSE_DAYS],
    ) -> None:
        """Take a break: DMs wait for you, no pairings, no streak breaks because of you."""
        # Days outside the range never get here: Discord offers only 1 to 30, and the
        # bot's option check answers anything else privately before this runs.
        until = self.bot.clock.now() + timedelta(days=days)
        await self.bot.members.pause(interaction.user.id, until)
        await reply(interaction, self.text("pause_started", **when(until)))

    @app_commands.command(name="resume")
    async def resume(self, interaction: discord.Interaction[Kindred]) -> None:
        """End your pause now; anything held for you arrives."""
        user_id = interaction.user.id
        mine = await self.bot.members.get(user_id)
        if mine.paused_until is None or not await self.bot.members.resume(user_id):
            raise UserFacingError(self.text("pause_not_paused"))
        count = await self.bot.delivery.release_held(user_id, mine.paused_until)
        held = (
            self.text("pause_resumed_held", count=count)
            if count
            else self.text("pause_resumed_none")
        )
        await reply(interaction, self.text("pause_resumed", held=held))

    # -- show ---------------------------------------------------------------------------

    @app_commands.command(name="show")
    @app_commands.describe(member="Someone whose shared boundary card you'd like to see")
    async def show(
        self, interaction: discord.Interaction[Kindred], member: discord.User | None = None
    ) -> None:
        """Your own boundaries, or another member's shared boundary card."""
        if member is None or member.id == interaction.user.id:
            await self._show_own(interaction)
            return
        theirs = await self.bot.members.get(member.id)
        if not theirs.card_visible_in(interaction.guild_id):
            # The same answer whether they have no card or keep it private: not sharing
            # must not be distinguishable from having nothing to share.
            await reply(interaction, self.text("card_not_shared", member=member.mention))
            return
        await reply(interaction, "", embed=self._card_embed(member, theirs.card))

    async def _show_own(self, interaction: discord.Interaction[Kindred], intro: str = "") -> None:
        mine = await self.bot.members.get(interaction.user.id)
        embed = discord.Embed(title=self.text("show_title"), colour=discord.Colour.gold())
        for line in summary_lines(
            mine,
            topic_label=self.bot.topics.label,
            kind_label=self.bot.delivery.label_of,
            guild_id=interaction.guild_id,
        ):
            embed.add_field(name=line.name, value=line.value, inline=False)
        if mine.paused_until is not None and mine.paused_at(self.bot.clock.now()):
            embed.add_field(
                name=self.text("pause_show_name"),
                value=self.text("pause_show_value", **when(mine.paused_until)),
                inline=False,
            )
        if mine.card is not None:
            embed.description = mine.card
        embed.set_footer(text=self.text("show_footer"))
        kwargs: dict[str, Any] = {"embed": fit_embed(embed)}
        if mine.unreachable_since is not None:
            view = RetryDmsView(self.bot.messages, owner_id=interaction.user.id)
            kwargs["view"] = view
        await reply(interaction, intro or self.text("show_intro"), **kwargs)
        if "view" in kwargs:
            kwargs["view"].message = await interaction.original_response()
