"""/question: daily questions that grow conversation, going deeper only by consent.

Schedules live in ``question_schedules`` and become scheduler jobs in ``cog_load``; each
scheduled post is created in the database before it is sent, so a retry after a crash asks
the same question with the same nonce. Buttons on posts and answers are dynamic items
(``views.py``) that hand each press back to this cog.
"""

from __future__ import annotations

import logging
import random
from datetime import datetime, timedelta
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.client import Kindred
from bot.interactions.checks import admin_only, server_of
from bot.interactions.options import TimeOption, TimezoneOption
from bot.interactions.user_error import UserFacingError
from bot.interactions.usertext import clean_user_text
from bot.outbound.delivery import Letter
from bot.outbound.pacer import Target, TargetUnavailable
from bot.outbound.scheduler import Fire, RecurringJob
from bot.timing.recurrence import local_date_of, upcoming
from bot.timing.timeparse import format_weekdays, parse_weekdays
from cogs.questions.actions import AnswerAction, PostAction
from cogs.questions.bank import CATEGORIES, Question, load_bank
from cogs.questions.ladder import HIGHEST, after_ready, after_too_deep
from cogs.questions.picker import NothingToAsk, Pick, pick_question
from cogs.questions.render import (
    answer_embed,
    category_label,
    depth_label,
    post_embed,
    thread_name,
)
from cogs.questions.repository.answers import Answer, AnswerStore
from cogs.questions.repository.channels import ChannelStore, Post
from cogs.questions.repository.data_owner import QuestionDataOwner
from cogs.questions.repository.own_questions import OwnQuestionStore, Suggestion
from cogs.questions.repository.schedules import Schedule, ScheduleStore
from cogs.questions.similarity import find_near_duplicate
from cogs.questions.views import (
    ANSWER_MAX_CHARS,
    COG_NAME,
    AnswerButton,
    AnswerModal,
    BarView,
    PostButton,
    ReviewView,
    TextModal,
    answer_view,
    post_view,
)

log = logging.getLogger(__name__)

OUTCOME_KIND = "question_outcome"
POST_MAX_AGE = timedelta(days=7)
NOW_COOLDOWN = timedelta(minutes=10)
PARTICIPATION_WINDOW = timedelta(days=14)
PENDING_SUGGESTIONS_CAP = 3
QUESTION_MIN_CHARS = 10
QUESTION_MAX_CHARS = 200
THREAD_ALREADY_EXISTS = 160004

POST_PERMISSIONS = (
    "view_channel",
    "send_messages",
    "embed_links",
    "create_public_threads",
    "send_messages_in_threads",
    "read_message_history",
)

CATEGORY_CHOICES = [app_commands.Choice(name=category_label(c), value=c) for c in CATEGORIES]
DEPTH_CHOICES = [app_commands.Choice(name=depth_label(d), value=d) for d in (1, 2, 3)]
SCHEDULE_DEPTH_CHOICES = [
    app_commands.Choice(
        name="ladder (starts light, deeper when members are ready)", value="ladder"
    ),
    *(app_commands.Choice(name=f"fixed: up to {depth_label(d)}", value=str(d)) for d in (1, 2, 3)),
]


def _missing_permissions(permissions: discord.Permissions) -> list[str]:
    return [name.replace("_", " ") for name in POST_PERMISSIONS if not getattr(permissions, name)]


class Questions(commands.GroupCog, name=COG_NAME, group_name="question"):
    """A daily question in your channels; answers in a thread, named or anonymous."""

    def __init__(self, bot: Kindred) -> None:
        self.bot = bot
        self.schedules = ScheduleStore(bot.db, bot.clock)
        self.channels = ChannelStore(bot.db, bot.clock)
        self.answers = AnswerStore(bot.db, bot.vault, bot.clock)
        self.own_questions = OwnQuestionStore(bot.db, bot.vault, bot.clock)
        self.data_owner = QuestionDataOwner(bot.db, bot.vault)
        self.bank = load_bank(bot.settings.data_dir)
        self.rng = random.SystemRandom()
        super().__init__()

    def text(self, key: str, **values: object) -> str:
        return self.bot.messages.get(f"questions.{key}", **values)

    # -- lifecycle ----------------------------------------------------------------------

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(PostButton, AnswerButton)
        self.bot.data_rights.register(self.data_owner)
        self.bot.delivery.register_kind(OUTCOME_KIND, "outcomes of your question suggestions")
        for schedule in await self.schedules.all():
            if not schedule.paused:
                await self.bot.scheduler.add(self._job(schedule))

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(PostButton, AnswerButton)
        self.bot.data_rights.unregister(self.data_owner)
        for schedule in await self.schedules.all():
            self.bot.scheduler.remove(schedule.job_key)

    async def _replan(self, schedule: Schedule) -> None:
        """The scheduler drops the old timers and plans from the saved schedule."""
        self.bot.scheduler.remove(schedule.job_key)
        await self.bot.scheduler.add(self._job(schedule))

    def _job(self, schedule: Schedule) -> RecurringJob:
        channel_id = schedule.channel_id

        async def fire(occurrence: Fire) -> None:
            await self._post_scheduled(channel_id, occurrence)

        async def unavailable(exc: TargetUnavailable) -> None:
            await self.schedules.set_paused(channel_id, True, self.bot.clock.now())

        return RecurringJob(
            schedule.job_key,
            schedule.rule,
            fire,
            schedule.active_since,
            on_unavailable=unavailable,
            what="daily questions",
        )

    # -- picking and posting ------------------------------------------------------------

    async def _candidates(self, guild_id: int) -> list[Question]:
        return [*self.bank, *await self.own_questions.custom_questions(guild_id)]

    async def _ceiling(self, channel_id: int, guild_id: int) -> int:
        schedule = await self.schedules.get(channel_id)
        if schedule is not None and schedule.fixed_depth is not None:
            return schedule.fixed_depth
        return (await self.channels.state(channel_id, guild_id)).ladder_level

    async def _pick(
        self,
        channel_id: int,
        guild_id: int,
        *,
        category: str | None = None,
        depth: int | None = None,
    ) -> Pick:
        state = await self.channels.state(channel_id, guild_id)
        return pick_question(
            await self._candidates(guild_id),
            await self.channels.asked_in_cycle(channel_id, state.cycle),
            cycle=state.cycle,
            ceiling=await self._ceiling(channel_id, guild_id),
            rng=self.rng,
            category=category,
            depth=depth,
        )

    async def _after_pick(self, channel_id: int, guild_id: int, pick: Pick) -> None:
        """Tell admins when a channel starts over, or is running low (once per cycle)."""
        channel = f"<#{channel_id}>"
        if pick.new_cycle:
            await self.bot.notices.tell_admins(
                guild_id,
                f"questions-cycle:{channel_id}:{pick.cycle}",
                self.text("notice_new_cycle", channel=channel),
            )
        elif pick.running_low and await self.channels.mark_low_warned(channel_id, pick.cycle):
            await self.bot.notices.tell_admins(
                guild_id,
                f"questions-low:{channel_id}:{pick.cycle}",
                self.text("notice_running_low", channel=channel, left=pick.fresh_left),
            )

    def _embed(self, post: Post) -> discord.Embed:
        return discord.Embed.from_dict(
            post_embed(
                number=post.number,
                text=post.question_text,
                category=post.category,
                depth=post.depth,
                footer=self.text("post_footer"),
            )
        )

    async def _post_scheduled(self, channel_id: int, fire: Fire) -> None:
        schedule = await self.schedules.get(channel_id)
        if schedule is None or schedule.paused:
            return
        guild_id = schedule.guild_id
        post = await self.channels.post_for_occurrence(channel_id, fire.occurrence.key)
        if post is None:
            try:
                pick = await self._pick(channel_id, guild_id)
            except NothingToAsk:
                log.warning("no question fits channel %s; nothing posted", channel_id)
                return
            post = await self.channels.create_post(
                channel_id, guild_id, pick, occurrence_key=fire.occurrence.key
            )
            await self._after_pick(channel_id, guild_id, pick)
        channel = self.bot.get_partial_messageable(channel_id, guild_id=guild_id)
        message_id = post.message_id
        if message_id is None:
            role = schedule.ping_role_id
            sent_post = post
            message = await self.bot.pacer.send(
                Target.channel(channel_id, guild_id),
                lambda: channel.send(
                    f"<@&{role}>" if role else None,
                    embed=self._embed(sent_post),
                    view=post_view(sent_post.id),
                    nonce=fire.nonce,
                    allowed_mentions=discord.AllowedMentions(
                        roles=[discord.Object(role)] if role else False
                    ),
                ),
            )
            message_id = message.id
            await self.channels.set_post_message(post.id, message_id, None)
        if post.thread_id is None:
            await self._open_thread(post, channel_id, guild_id, message_id)

    async def _open_thread(
        self, post: Post, channel_id: int, guild_id: int, message_id: int
    ) -> int | None:
        """A thread for the day's answers; if the bot may not create one, answers go to
        the channel instead (and admins hear why from /question schedule's checks)."""
        message = self.bot.get_partial_messageable(
            channel_id, guild_id=guild_id
        ).get_partial_message(message_id)
        try:
            thread = await self.bot.pacer.send(
                Target.channel(channel_id, guild_id),
                lambda: message.create_thread(
                    name=thread_name(post.number, post.question_text),
                    auto_archive_duration=1440,
                ),
            )
            thread_id = thread.id
        except discord.HTTPException as exc:
            if exc.code != THREAD_ALREADY_EXISTS:
                log.warning("could not open a thread for post %s: %s", post.id, exc)
                return None
            thread_id = message_id  # a thread started from a message shares its id
        except TargetUnavailable as exc:
            log.warning("could not open a thread for post %s: HTTP %s", post.id, exc.status)
            return None
        await self.channels.set_post_message(post.id, message_id, thread_id)
        return thread_id

    # -- schedules (admin) --------------------------------------------------------------

    @app_commands.command(name="schedule")
    @admin_only()
    @app_commands.describe(
        channel="Where the daily question goes",
        time="When, in the server's time zone: 9:00, 9am, 21:30",
        timezone="The server's time zone, like Europe/London",
        days="daily (default), weekdays, weekends or days like mon,wed,fri",
        ping_role="A role to mention with each question (optional)",
        depth="ladder (default): start light, go deeper when members are ready; or a fixed ceiling",
    )
    @app_commands.choices(depth=SCHEDULE_DEPTH_CHOICES)
    async def schedule(
        self,
        interaction: discord.Interaction[Kindred],
        channel: discord.TextChannel,
        time: TimeOption,
        timezone: TimezoneOption,
        days: str = "daily",
        ping_role: discord.Role | None = None,
        depth: str = "ladder",
    ) -> None:
        """Post a daily question in a channel (creates or updates its schedule)."""
        guild_id, _ = server_of(interaction)
        weekdays = parse_weekdays(days)
        if ping_role is not None and ping_role.is_default():
            raise UserFacingError(self.text("ping_everyone"))
        self._require_permissions(self._bot_permissions_in(interaction, channel), channel.mention)
        now = self.bot.clock.now()
        schedule = Schedule(
            channel_id=channel.id,
            guild_id=guild_id,
            at=time,
            zone=timezone,
            weekdays=weekdays,
            ping_role_id=ping_role.id if ping_role else None,
            fixed_depth=None if depth == "ladder" else int(depth),
            paused=False,
            active_since=now,
        )
        existed = await self.schedules.get(channel.id) is not None
        await self.schedules.save(schedule)
        await self._replan(schedule)
        await interaction.response.send_message(
            self.text(
                "schedule_updated" if existed else "schedule_created",
                channel=channel.mention,
                when=self._describe(schedule),
                next=self._next_times(schedule, now),
            ),
            ephemeral=True,
        )

    def _require_permissions(self, permissions: discord.Permissions, where: str) -> None:
        """Refuse before saving anything if Kindred could not post questions there."""
        missing = _missing_permissions(permissions)
        if missing:
            raise UserFacingError(
                self.text("missing_permissions", channel=where, missing=", ".join(missing))
            )

    def _bot_permissions_in(
        self, interaction: discord.Interaction[Kindred], channel: discord.abc.GuildChannel
    ) -> discord.Permissions:
        """What Kindred may do in ``channel``: the interaction says so for its own channel;
        for another, the cached overwrites do."""
        if interaction.channel_id == channel.id:
            return interaction.app_permissions
        return channel.permissions_for(channel.guild.me)

    def _describe(self, schedule: Schedule) -> str:
        depth = (
            "the depth ladder"
            if schedule.fixed_depth is None
            else f"depth up to {depth_label(schedule.fixed_depth)}"
        )
        role = f", pinging <@&{schedule.ping_role_id}>" if schedule.ping_role_id else ""
        return (
            f"{schedule.at:%H:%M} {schedule.zone.key}, {format_weekdays(schedule.weekdays)}, "
            f"{depth}{role}"
        )

    def _next_times(self, schedule: Schedule, now: datetime) -> str:
        parts = []
        for occurrence in upcoming(schedule.rule, now, 3):
            local = occurrence.fires_at.astimezone(schedule.zone)
            parts.append(f"{local:%a %d %b %H:%M} (<t:{int(occurrence.fires_at.timestamp())}:R>)")
        return ", ".join(parts)

    @app_commands.command(name="schedules")
    @admin_only()
    async def list_schedules(self, interaction: discord.Interaction[Kindred]) -> None:
        """Every daily-question schedule in this server, with the next send times."""
        guild_id, _ = server_of(interaction)
        found = await self.schedules.all(guild_id)
        if not found:
            await interaction.response.send_message(self.text("no_schedules"), ephemeral=True)
            return
        now = self.bot.clock.now()
        embed = discord.Embed(title=self.text("schedules_title"), colour=discord.Colour.orange())
        for schedule in found[:25]:
            state = self.text("paused") if schedule.paused else self._next_times(schedule, now)
            embed.add_field(
                name=f"#{self._channel_name(schedule.channel_id)}",
                value=f"{self._describe(schedule)}\n{state}"[:1024],
                inline=False,
            )
        await interaction.response.send_message(embed=embed, ephemeral=True)

    def _channel_name(self, channel_id: int) -> str:
        channel = self.bot.get_channel(channel_id)
        return getattr(channel, "name", None) or str(channel_id)

    async def _existing(self, channel: discord.TextChannel) -> Schedule:
        schedule = await self.schedules.get(channel.id)
        if schedule is None:
            raise UserFacingError(self.text("no_schedule_here", channel=channel.mention))
        return schedule

    @app_commands.command(name="pause")
    @admin_only()
    @app_commands.describe(channel="The channel whose daily question should pause")
    async def pause(
        self, interaction: discord.Interaction[Kindred], channel: discord.TextChannel
    ) -> None:
        """Pause a channel's daily question (nothing is posted until you resume)."""
        schedule = await self._existing(channel)
        await self.schedules.set_paused(channel.id, True, schedule.active_since)
        self.bot.scheduler.remove(schedule.job_key)
        await interaction.response.send_message(
            self.text("paused_done", channel=channel.mention), ephemeral=True
        )

    @app_commands.command(name="resume")
    @admin_only()
    @app_commands.describe(channel="The channel whose daily question should resume")
    async def resume(
        self, interaction: discord.Interaction[Kindred], channel: discord.TextChannel
    ) -> None:
        """Resume a paused daily question (missed days are not caught up)."""
        await self._existing(channel)  # a friendly error if there is none
        self._require_permissions(self._bot_permissions_in(interaction, channel), channel.mention)
        now = self.bot.clock.now()
        await self.schedules.set_paused(channel.id, False, now)
        resumed = await self._existing(channel)
        await self._replan(resumed)
        await interaction.response.send_message(
            self.text("resumed_done", channel=channel.mention, next=self._next_times(resumed, now)),
            ephemeral=True,
        )

    @app_commands.command(name="skip")
    @admin_only()
    @app_commands.describe(channel="The channel whose next daily question should be skipped")
    async def skip(
        self, interaction: discord.Interaction[Kindred], channel: discord.TextChannel
    ) -> None:
        """Skip only the next daily question in a channel."""
        schedule = await self._existing(channel)
        if schedule.paused:
            raise UserFacingError(self.text("skip_paused", channel=channel.mention))
        skipped = await self.bot.scheduler.skip_next(schedule.job_key)
        if skipped is None:
            raise UserFacingError(self.text("skip_nothing", channel=channel.mention))
        stamp = int(skipped.fires_at.timestamp())
        await interaction.response.send_message(
            self.text("skipped_done", channel=channel.mention, when=f"<t:{stamp}:F>"),
            ephemeral=True,
        )

    @app_commands.command(name="unschedule")
    @admin_only()
    @app_commands.describe(channel="The channel that should stop getting daily questions")
    async def unschedule(
        self, interaction: discord.Interaction[Kindred], channel: discord.TextChannel
    ) -> None:
        """Stop a channel's daily question for good (its past posts stay)."""
        schedule = await self._existing(channel)
        await self.schedules.delete(channel.id)
        self.bot.scheduler.remove(schedule.job_key)
        await interaction.response.send_message(
            self.text("unscheduled_done", channel=channel.mention), ephemeral=True
        )

    # -- anyone -------------------------------------------------------------------------

    @app_commands.command(name="now")
    @app_commands.guild_only()
    @app_commands.describe(category="Only this kind of question", depth="Only this depth")
    @app_commands.choices(category=CATEGORY_CHOICES)
    @app_commands.choices(depth=DEPTH_CHOICES)
    async def now(
        self,
        interaction: discord.Interaction[Kindred],
        category: str | None = None,
        depth: int | None = None,
    ) -> None:
        """Post a question here now."""
        guild_id, channel_id = server_of(interaction)
        if isinstance(interaction.channel, discord.Thread):
            raise UserFacingError(self.text("not_in_thread"))
        self._require_permissions(interaction.app_permissions, "this channel")
        ceiling = await self._ceiling(channel_id, guild_id)
        if depth is not None and depth > ceiling:
            raise UserFacingError(self.text("too_deep_for_channel", depth=depth_label(ceiling)))
        try:
            pick = await self._pick(channel_id, guild_id, category=category, depth=depth)
        except NothingToAsk as nothing:
            raise UserFacingError(self.text(f"nothing_{nothing.reason}")) from None
        now = self.bot.clock.now()
        if not await self.channels.claim_now_slot(channel_id, guild_id, now - NOW_COOLDOWN):
            state = await self.channels.state(channel_id, guild_id)
            ready = (state.last_now_at or now) + NOW_COOLDOWN
            raise UserFacingError(self.text("cooldown", when=f"<t:{int(ready.timestamp())}:R>"))
        post = await self.channels.create_post(channel_id, guild_id, pick, occurrence_key=None)
        try:
            await interaction.response.send_message(
                embed=self._embed(post), view=post_view(post.id)
            )
            message = await interaction.original_response()
        except discord.HTTPException:
            # Never posted: the question was not asked and the cooldown was not used.
            await self.channels.delete_post(post.id)
            await self.channels.release_now_slot(channel_id)
            raise
        await self.channels.set_post_message(post.id, message.id, None)
        await self._after_pick(channel_id, guild_id, pick)
        await self._open_thread(post, channel_id, guild_id, message.id)

    @app_commands.command(name="today")
    @app_commands.guild_only()
    async def today(self, interaction: discord.Interaction[Kindred]) -> None:
        """Today's question in this channel, with a link to it."""
        guild_id, channel_id = server_of(interaction)
        post = await self.channels.latest_post(channel_id)
        schedule = await self.schedules.get(channel_id)
        zone = schedule.zone if schedule else None
        now = self.bot.clock.now()
        if (
            post is None
            or post.message_id is None
            or (
                zone is not None
                and local_date_of(post.created_at, zone) != local_date_of(now, zone)
            )
            or (zone is None and now - post.created_at > timedelta(days=1))
        ):
            upcoming_text = ""
            if schedule is not None and not schedule.paused:
                next_at = upcoming(schedule.rule, now, 1)[0].fires_at
                upcoming_text = " " + self.text("next_at", when=f"<t:{int(next_at.timestamp())}:R>")
            await interaction.response.send_message(
                self.text("none_today") + upcoming_text, ephemeral=True
            )
            return
        link = f"https://discord.com/channels/{guild_id}/{channel_id}/{post.message_id}"
        await interaction.response.send_message(
            self.text("today", number=post.number, question=post.question_text, link=link),
            ephemeral=True,
        )

    # -- buttons on a post --------------------------------------------------------------

    async def on_post_button(
        self, interaction: discord.Interaction[Kindred], action: PostAction, post_id: int
    ) -> None:
        post = await self._live_post(post_id)
        match action:
            case PostAction.ANSWER:
                await self._open_answer(interaction, post, anonymous=False)
            case PostAction.ANSWER_ANONYMOUSLY:
                await self._open_answer(interaction, post, anonymous=True)
            case PostAction.PASS:
                await interaction.response.send_message(self.text("passed"), ephemeral=True)
            case PostAction.READY_FOR_DEEPER:
                await self._ready(interaction, post)
            case PostAction.TOO_DEEP:
                await self._too_deep(interaction, post)

    async def _live_post(self, post_id: int) -> Post:
        post = await self.channels.post(post_id)
        if post is None:
            raise UserFacingError(self.text("post_gone"))
        if self.bot.clock.now() - post.created_at > POST_MAX_AGE:
            raise UserFacingError(self.text("post_too_old"))
        if post.scheduled and await self.schedules.get(post.channel_id) is None:
            raise UserFacingError(self.text("schedule_removed"))
        return post

    async def _open_answer(
        self, interaction: discord.Interaction[Kindred], post: Post, *, anonymous: bool
    ) -> None:
        user_id = interaction.user.id
        mine = await self.answers.answer_of(post.id, user_id)
        if mine is None and anonymous and await self.answers.is_barred(post.guild_id, user_id):
            raise UserFacingError(self.text("anonymous_barred"))
        if mine is not None and mine.anonymous != anonymous:
            key = "already_answered_anonymously" if mine.anonymous else "already_answered_named"
            raise UserFacingError(self.text(key))

        async def submit(modal_interaction: discord.Interaction[Any], text: str) -> None:
            await self._save_answer(modal_interaction, post, text, anonymous=anonymous)

        title = self.text("modal_anonymous" if anonymous else "modal_named")
        await interaction.response.send_modal(
            AnswerModal(
                title=title,
                question=post.question_text,
                default=mine.text if mine else None,
                submit=submit,
            )
        )

    async def _save_answer(
        self, interaction: discord.Interaction[Any], post: Post, raw: str, *, anonymous: bool
    ) -> None:
        text = clean_user_text(raw, max_chars=ANSWER_MAX_CHARS, what="Your answer")
        await interaction.response.defer(ephemeral=True, thinking=True)
        user = interaction.user
        existing = await self.answers.answer_of(post.id, user.id)
        if existing is not None:
            await self.answers.edit(existing.id, text)
            await self._refresh_answer(existing.id, post, user.display_name)
            await interaction.followup.send(self.text("answer_edited"), ephemeral=True)
            return
        answer_id = await self.answers.add(post.id, user.id, text, anonymous=anonymous)
        if answer_id is None:  # a double submit raced us
            await interaction.followup.send(self.text("answer_edited"), ephemeral=True)
            return
        where = post.thread_id or post.channel_id
        destination = self.bot.get_partial_messageable(where, guild_id=post.guild_id)
        embed = discord.Embed.from_dict(
            answer_embed(author=None if anonymous else user.display_name, text=text)
        )
        try:
            message = await self.bot.pacer.send(
                Target.channel(where, post.guild_id),
                lambda: destination.send(
                    embed=embed,
                    view=answer_view(answer_id, 0),
                    allowed_mentions=discord.AllowedMentions.none(),
                ),
            )
        except (TargetUnavailable, discord.HTTPException):
            await self.answers.delete(answer_id)  # not posted: nothing is kept
            raise UserFacingError(self.text("answer_not_posted")) from None
        await self.answers.set_message(answer_id, where, message.id)
        link = f"https://discord.com/channels/{post.guild_id}/{where}/{message.id}"
        await interaction.followup.send(self.text("answer_posted", link=link), ephemeral=True)

    async def _refresh_answer(self, answer_id: int, post: Post, display_name: str) -> None:
        answer = await self.answers.get(answer_id)
        if answer is None or answer.message_id is None or answer.channel_id is None:
            return
        channel_id, message_id = answer.channel_id, answer.message_id
        message = self.bot.get_partial_messageable(
            channel_id, guild_id=post.guild_id
        ).get_partial_message(message_id)
        embed = discord.Embed.from_dict(
            answer_embed(
                author=None if answer.anonymous else display_name, text=answer.text, edited=True
            )
        )
        count = await self.answers.validations(answer_id)
        await self.bot.pacer.send(
            Target.channel(channel_id, post.guild_id),
            lambda: message.edit(embed=embed, view=answer_view(answer_id, count)),
        )

    async def _ready(self, interaction: discord.Interaction[Kindred], post: Post) -> None:
        schedule = await self.schedules.get(post.channel_id)
        if schedule is not None and schedule.fixed_depth is not None:
            raise UserFacingError(self.text("fixed_depth"))
        state = await self.channels.state(post.channel_id, post.guild_id)
        if state.ladder_level >= HIGHEST:
            raise UserFacingError(self.text("already_deepest"))
        voters = await self.channels.vote_ready(post.channel_id, post.guild_id, interaction.user.id)
        participants = await self.channels.recent_participants(
            post.channel_id, self.bot.clock.now() - PARTICIPATION_WINDOW
        )
        step = after_ready(state.ladder_level, voters, participants)
        if not step.changed:
            await interaction.response.send_message(
                self.text("ready_counted", votes=step.votes, needed=step.needed), ephemeral=True
            )
            return
        await self.channels.set_level(post.channel_id, post.guild_id, step.level)
        await interaction.response.send_message(self.text("ready_thanks"), ephemeral=True)
        await self._announce(post, self.text("went_deeper", depth=depth_label(step.level)))

    async def _too_deep(self, interaction: discord.Interaction[Kindred], post: Post) -> None:
        schedule = await self.schedules.get(post.channel_id)
        if schedule is not None and schedule.fixed_depth is not None:
            raise UserFacingError(self.text("fixed_depth_too_deep"))
        state = await self.channels.state(post.channel_id, post.guild_id)
        step = after_too_deep(state.ladder_level)
        if not step.changed:
            await interaction.response.send_message(self.text("already_lightest"), ephemeral=True)
            return
        await self.channels.set_level(post.channel_id, post.guild_id, step.level)
        await interaction.response.send_message(self.text("too_deep_thanks"), ephemeral=True)
        await self._announce(post, self.text("went_lighter", depth=depth_label(step.level)))

    async def _announce(self, post: Post, text: str) -> None:
        """A note in the channel, naming nobody: who pressed a ladder button stays private."""
        channel = self.bot.get_partial_messageable(post.channel_id, guild_id=post.guild_id)
        try:
            await self.bot.pacer.send(
                Target.channel(post.channel_id, post.guild_id),
                lambda: channel.send(text, allowed_mentions=discord.AllowedMentions.none()),
            )
        except (TargetUnavailable, discord.HTTPException) as exc:
            log.warning("could not announce a ladder change in %s: %s", post.channel_id, exc)

    # -- buttons on an answer -----------------------------------------------------------

    async def on_answer_button(
        self, interaction: discord.Interaction[Kindred], action: AnswerAction, answer_id: int
    ) -> None:
        answer = await self.answers.get(answer_id)
        post = await self.channels.post(answer.post_id) if answer else None
        if answer is None or post is None:
            raise UserFacingError(self.text("answer_gone"))
        match action:
            case AnswerAction.VALIDATE:
                await self._validate(interaction, answer)
            case AnswerAction.EDIT:
                await self._edit(interaction, answer, post)
            case AnswerAction.DELETE:
                await self._delete(interaction, answer, post)

    async def _validate(self, interaction: discord.Interaction[Kindred], answer: Answer) -> None:
        if interaction.user.id == answer.user_id:
            raise UserFacingError(self.text("validate_own"))
        added, count = await self.answers.validate(answer.id, interaction.user.id)
        if not added:
            raise UserFacingError(self.text("validate_again"))
        await interaction.response.edit_message(view=answer_view(answer.id, count))

    async def _edit(
        self, interaction: discord.Interaction[Kindred], answer: Answer, post: Post
    ) -> None:
        if interaction.user.id != answer.user_id:
            raise UserFacingError(self.text("not_your_answer"))

        async def submit(modal_interaction: discord.Interaction[Any], text: str) -> None:
            await self._save_answer(modal_interaction, post, text, anonymous=answer.anonymous)

        await interaction.response.send_modal(
            AnswerModal(
                title=self.text("modal_edit"),
                question=post.question_text,
                default=answer.text,
                submit=submit,
            )
        )

    async def _delete(
        self, interaction: discord.Interaction[Kindred], answer: Answer, post: Post
    ) -> None:
        mine = interaction.user.id == answer.user_id
        permissions = interaction.permissions
        moderator = permissions.manage_messages or permissions.manage_guild
        if not mine and not moderator:
            raise UserFacingError(self.text("not_your_answer"))
        await self.answers.delete(answer.id)
        await interaction.response.edit_message(
            content=self.text("answer_removed"), embed=None, view=None
        )
        if mine or not answer.anonymous:
            return
        author_id = answer.user_id  # stays on the server side: never shown, never sent

        async def bar(bar_interaction: discord.Interaction[Any]) -> None:
            await self.answers.bar_anonymous(post.guild_id, author_id)
            await bar_interaction.response.edit_message(content=self.text("barred_done"), view=None)

        await interaction.followup.send(
            self.text("offer_bar"),
            view=BarView(owner_id=interaction.user.id, bar=bar),
            ephemeral=True,
        )

    # -- a server's own questions -------------------------------------------------------

    async def _refuse_near_duplicate(self, guild_id: int, text: str) -> None:
        candidates = [(q.key, q.text) for q in await self._candidates(guild_id)]
        candidates += [
            (f"suggestion:{s.id}", s.text)
            for s in await self.own_questions.pending_suggestions(guild_id)
        ]
        match = find_near_duplicate(text, candidates)
        if match is not None:
            raise UserFacingError(self.text("near_duplicate", match=match.text))

    def _clean_question(self, raw: str) -> str:
        text = clean_user_text(raw, max_chars=QUESTION_MAX_CHARS, what="Your question")
        if "\n" in text:
            raise UserFacingError(self.text("one_line"))
        if len(text) < QUESTION_MIN_CHARS:
            raise UserFacingError(self.text("too_short", minimum=QUESTION_MIN_CHARS))
        return text

    @app_commands.command(name="suggest")
    @app_commands.guild_only()
    @app_commands.describe(
        text="Your question (one line, up to 200 characters)",
        category="What kind of question it is",
        depth="1 light, 2 personal, 3 deep",
        tell_me="Get a DM when an admin approves or declines it",
    )
    @app_commands.choices(category=CATEGORY_CHOICES)
    @app_commands.choices(depth=DEPTH_CHOICES)
    async def suggest(
        self,
        interaction: discord.Interaction[Kindred],
        text: app_commands.Range[str, 1, 1000],
        category: str = "communication",
        depth: int = 1,
        tell_me: bool = False,
    ) -> None:
        """Suggest a question for this server; an admin reviews it."""
        guild_id, _ = server_of(interaction)
        question = self._clean_question(text)
        user_id = interaction.user.id
        pending = await self.own_questions.pending_suggestions(guild_id, user_id)
        if len(pending) >= PENDING_SUGGESTIONS_CAP:
            raise UserFacingError(self.text("suggest_cap", cap=PENDING_SUGGESTIONS_CAP))
        await self._refuse_near_duplicate(guild_id, question)
        if tell_me:
            await self.bot.members.allow(user_id, OUTCOME_KIND)
        await self.own_questions.add_suggestion(
            guild_id, user_id, question, category, depth, tell_me
        )
        key = "suggested_tell_me" if tell_me else "suggested"
        await interaction.response.send_message(self.text(key), ephemeral=True)

    @app_commands.command(name="review")
    @admin_only()
    async def review(self, interaction: discord.Interaction[Kindred]) -> None:
        """Go through suggested questions one at a time."""
        guild_id, _ = server_of(interaction)
        await self._show_next_suggestion(interaction, guild_id, first=True)

    async def _show_next_suggestion(
        self, interaction: discord.Interaction[Any], guild_id: int, *, first: bool, note: str = ""
    ) -> None:
        queue = await self.own_questions.pending_suggestions(guild_id)
        if not queue:
            text = (note + "\n" if note else "") + self.text("review_empty")
            if first:
                await interaction.response.send_message(text, ephemeral=True)
            else:
                await interaction.edit_original_response(content=text, embed=None, view=None)
            return
        suggestion = queue[0]
        embed = discord.Embed(
            title=self.text("review_title", left=len(queue)),
            description=suggestion.text,
            colour=discord.Colour.orange(),
        )
        embed.add_field(name="Category", value=category_label(suggestion.category))
        embed.add_field(name="Depth", value=depth_label(suggestion.depth))
        embed.add_field(name="Suggested by", value=f"<@{suggestion.user_id}>")

        async def decide(decision_interaction: discord.Interaction[Any], decision: str) -> None:
            await self._decide(decision_interaction, suggestion.id, decision)

        view = ReviewView(owner_id=interaction.user.id, decide=decide)
        if first:
            await interaction.response.send_message(note, embed=embed, view=view, ephemeral=True)
            view.message = await interaction.original_response()
        else:
            view.message = await interaction.edit_original_response(
                content=note or None, embed=embed, view=view
            )

    async def _decide(
        self, interaction: discord.Interaction[Any], suggestion_id: int, decision: str
    ) -> None:
        guild_id, _ = server_of(interaction)
        queue = {s.id: s for s in await self.own_questions.pending_suggestions(guild_id)}
        suggestion = queue.get(suggestion_id)
        if suggestion is None:
            await interaction.response.defer()
            await self._show_next_suggestion(
                interaction, guild_id, first=False, note=self.text("review_already_decided")
            )
            return
        if decision == "edit":

            async def submit(modal_interaction: discord.Interaction[Any], raw: str) -> None:
                edited = self._clean_question(raw)
                await self._approve(modal_interaction, guild_id, suggestion_id, edited)

            await interaction.response.send_modal(
                TextModal(
                    title=self.text("review_edit_title"),
                    label="Question",
                    default=suggestion.text,
                    submit=submit,
                )
            )
            return
        if decision == "approve":
            await self._approve(interaction, guild_id, suggestion_id, suggestion.text)
            return
        await interaction.response.defer()
        if await self.own_questions.take_suggestion(guild_id, suggestion_id):
            await self._tell_suggester(suggestion, approved=False)
        await self._show_next_suggestion(
            interaction, guild_id, first=False, note=self.text("review_rejected")
        )

    async def _approve(
        self,
        interaction: discord.Interaction[Any],
        guild_id: int,
        suggestion_id: int,
        text: str,
    ) -> None:
        queue = {s.id: s for s in await self.own_questions.pending_suggestions(guild_id)}
        suggestion = queue.get(suggestion_id)
        await interaction.response.defer()
        if suggestion is None or not await self.own_questions.take_suggestion(
            guild_id, suggestion_id
        ):
            await self._show_next_suggestion(
                interaction, guild_id, first=False, note=self.text("review_already_decided")
            )
            return
        await self.own_questions.add_custom(
            guild_id, text, suggestion.category, suggestion.depth, suggestion.user_id
        )
        await self._tell_suggester(suggestion, approved=True)
        await self._show_next_suggestion(
            interaction, guild_id, first=False, note=self.text("review_approved")
        )

    async def _tell_suggester(self, suggestion: Suggestion, *, approved: bool) -> None:
        if not suggestion.notify:
            return
        key = "outcome_approved" if approved else "outcome_declined"
        guild = self.bot.get_guild(suggestion.guild_id)
        server = guild.name if guild is not None else self.text("unknown_server")
        await self.bot.delivery.send(
            Letter(
                suggestion.user_id,
                OUTCOME_KIND,
                content=self.text(key, server=server),
                guild_id=suggestion.guild_id,
            )
        )

    @app_commands.command(name="add")
    @admin_only()
    @app_commands.describe(
        text="The question (one line, up to 200 characters)",
        category="What kind of question it is",
        depth="1 light, 2 personal, 3 deep",
    )
    @app_commands.choices(category=CATEGORY_CHOICES)
    @app_commands.choices(depth=DEPTH_CHOICES)
    async def add(
        self,
        interaction: discord.Interaction[Kindred],
        text: app_commands.Range[str, 1, 1000],
        category: str,
        depth: int,
    ) -> None:
        """Add a question of this server's own."""
        guild_id, _ = server_of(interaction)
        question = self._clean_question(text)
        await self._refuse_near_duplicate(guild_id, question)
        custom_id = await self.own_questions.add_custom(guild_id, question, category, depth, None)
        await interaction.response.send_message(
            self.text("added", number=custom_id), ephemeral=True
        )

    @app_commands.command(name="remove")
    @admin_only()
    @app_commands.describe(question="One of this server's own questions")
    async def remove(self, interaction: discord.Interaction[Kindred], question: int) -> None:
        """Remove one of this server's own questions."""
        guild_id, _ = server_of(interaction)
        if not await self.own_questions.remove_custom(guild_id, question):
            raise UserFacingError(self.text("remove_unknown"))
        await interaction.response.send_message(self.text("removed"), ephemeral=True)

    @remove.autocomplete("question")
    async def remove_choices(
        self, interaction: discord.Interaction[Kindred], current: str
    ) -> list[app_commands.Choice[int]]:
        guild_id = interaction.guild_id
        if guild_id is None:
            return []
        wanted = current.strip().lower()
        found = [
            q
            for q in await self.own_questions.custom_questions(guild_id)
            if wanted in q.text.lower()
        ]
        return [
            app_commands.Choice(name=q.text[:100], value=int(q.key.split(":")[1]))
            for q in found[:25]
        ]

    @app_commands.command(name="bank")
    @admin_only()
    async def bank_overview(self, interaction: discord.Interaction[Kindred]) -> None:
        """How many questions there are, by category and depth, and how many are left here."""
        guild_id, channel_id = server_of(interaction)
        questions = await self._candidates(guild_id)
        embed = discord.Embed(title=self.text("bank_title"), colour=discord.Colour.orange())
        for category in CATEGORIES:
            depths = [
                sum(1 for q in questions if q.category == category and q.depth == d)
                for d in (1, 2, 3)
            ]
            embed.add_field(
                name=category_label(category),
                value=f"{sum(depths)} · " + " / ".join(f"{n}" for n in depths),
                inline=True,
            )
        own = sum(1 for q in questions if q.is_custom)
        state = await self.channels.state(channel_id, guild_id)
        ceiling = await self._ceiling(channel_id, guild_id)
        asked = await self.channels.asked_in_cycle(channel_id, state.cycle)
        fresh = sum(1 for q in questions if q.depth <= ceiling and q.key not in asked)
        embed.description = self.text(
            "bank_summary",
            total=len(questions),
            own=own,
            fresh=fresh,
            depth=depth_label(ceiling),
            cycle=state.cycle,
        )
        embed.set_footer(text=self.text("bank_footer"))
        await interaction.response.send_message(embed=embed, ephemeral=True)
