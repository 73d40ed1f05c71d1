"""/lovelanguage and /appreciate: an original quiz, shareable profiles, comparison with
concrete tips, weekly nudges, and appreciation notes.

Everything private goes through ``bot.delivery`` (nudges, notes), so consent, quiet hours,
the weekly limit and closed DMs are handled once, for every feature.
"""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from discord.ext import commands

from bot.app.client import Kindred
from bot.interactions.checks import server_of
from bot.interactions.user_error import UserFacingError
from bot.interactions.usertext import clean_user_text
from bot.outbound.delivery import Letter, LetterButton
from bot.outbound.scheduler import Fire, RecurringJob
from bot.timing.recurrence import Recurrence
from cogs.lovelanguages.actions import (
    AnswerPress,
    BackPress,
    Choice,
    NoteAction,
    NotePress,
    Part,
    Step,
    StepPress,
)
from cogs.lovelanguages.charts import bar_chart
from cogs.lovelanguages.kinds import ANONYMOUS_NOTE_KIND, KINDS, NOTE_KIND, NUDGE_KIND
from cogs.lovelanguages.quiz import load_quiz
from cogs.lovelanguages.render import (
    distribution,
    names,
    quiz_screen,
    result_embed,
    tips_lines,
)
from cogs.lovelanguages.repository import LoveLanguageStore, Progress, Result
from cogs.lovelanguages.scoring import LANGUAGES, RELATIONSHIPS, score
from cogs.lovelanguages.tips import TipBank
from cogs.lovelanguages.views import (
    COG_NAME,
    NoteButton,
    QuizBack,
    QuizChoice,
    QuizStep,
    block_view,
    quiz_view,
    steps_view,
)

log = logging.getLogger(__name__)

NUDGE_EVERY = timedelta(days=7)
NUDGE_JOB = "lovelanguages:nudges"
NUDGE_TIME = Recurrence(time(17, 0), frozenset(range(7)), ZoneInfo("UTC"))
SERVER_MINIMUM = 3
NOTE_MAX_CHARS = 1000
ANONYMOUS_NOTES_PER_DAY = 3
CHART = "chart.png"

RELATIONSHIP_CHOICES = [app_commands.Choice(name=r, value=r) for r in RELATIONSHIPS]


class LoveLanguages(commands.GroupCog, name=COG_NAME, group_name="lovelanguage"):
    """Find how you and the people around you like to receive care, and speak it."""

    nudges = app_commands.Group(name="nudges", description="A weekly idea by DM")

    def __init__(self, bot: Kindred) -> None:
        self.bot = bot
        self.store = LoveLanguageStore(bot.db, bot.clock)
        self.quiz = load_quiz(bot.settings.data_dir)
        self.tips = TipBank.from_data_dir(bot.settings.data_dir)
        super().__init__()

    def text(self, key: str, /, **values: object) -> str:
        return self.bot.messages.get(f"lovelanguages.{key}", **values)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(QuizChoice, QuizBack, QuizStep, NoteButton)
        self.bot.data_rights.register(self.store)
        for kind in KINDS:
            self.bot.delivery.register_kind(kind, self.text(f"kinds.{kind}"))
        await self.bot.scheduler.add(
            RecurringJob(
                NUDGE_JOB, NUDGE_TIME, self._nudge_run, self.bot.clock.now(), what="nudges"
            )
        )

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(QuizChoice, QuizBack, QuizStep, NoteButton)
        self.bot.data_rights.unregister(self.store)
        self.bot.scheduler.remove(NUDGE_JOB)

    # -- the quiz -----------------------------------------------------------------------

    @app_commands.command(name="quiz")
    @app_commands.describe(
        relationship="Who you're thinking of: it changes the wording (partner, friend, family)"
    )
    @app_commands.choices(relationship=RELATIONSHIP_CHOICES)
    async def quiz_command(
        self, interaction: discord.Interaction[Kindred], relationship: str | None = None
    ) -> None:
        """Take the love-language quiz (private; you can stop and come back any time)."""
        user_id = interaction.user.id
        progress = await self.store.progress(user_id)
        if progress is not None:
            done, total = len(progress.answers), len(self.quiz.items(progress.part))
            await interaction.response.send_message(
                self.text("resume", done=done, total=total),
                view=steps_view(
                    self.text,
                    StepPress(Step.CONTINUE),
                    StepPress(Step.RESTART, relationship or progress.relationship),
                ),
                ephemeral=True,
            )
            return
        chosen = relationship or await self._usual_relationship(user_id)
        await self.store.save_progress(Progress(user_id, chosen, Part.RECEIVE, [], None))
        intro = self.text("intro", count=len(self.quiz.items(Part.RECEIVE)), relationship=chosen)
        await interaction.response.send_message(
            intro,
            embed=self._screen(Part.RECEIVE, 0, chosen),
            view=quiz_view(Part.RECEIVE, 0, self.text),
            ephemeral=True,
        )

    async def _usual_relationship(self, user_id: int) -> str:
        latest = await self.store.latest_result(user_id)
        return latest.relationship if latest else "friend"

    def _screen(self, part: str, index: int, relationship: str, note: str = "") -> discord.Embed:
        return discord.Embed.from_dict(quiz_screen(self.quiz, part, index, relationship, note=note))

    async def _show_current(
        self, interaction: discord.Interaction[Any], progress: Progress, note: str = ""
    ) -> None:
        index = len(progress.answers)
        await interaction.response.edit_message(
            content=None,
            embed=self._screen(progress.part, index, progress.relationship, note),
            view=quiz_view(Part(progress.part), index, self.text),
        )

    async def on_quiz_answer(
        self, interaction: discord.Interaction[Any], press: AnswerPress
    ) -> None:
        part, index = press.part, press.index
        user_id = interaction.user.id
        progress = await self.store.progress(user_id)
        if progress is None:
            raise UserFacingError(self.text("no_quiz"))
        if progress.part != part or len(progress.answers) != index:
            await self._show_current(interaction, progress, self.text("already_answered"))
            return
        items = self.quiz.items(part)
        item = items[index]
        chosen = item.first if press.choice is Choice.A else item.second
        progress.answers.append(chosen.language)
        if len(progress.answers) < len(items):
            await self.store.save_progress(progress)
            await self._show_current(interaction, progress)
            return
        scores = score(self.quiz.pairs(part), progress.answers)
        if part is Part.RECEIVE:
            await self.store.finish_receive(user_id, progress.relationship, scores)
            await interaction.response.edit_message(
                content=self.text(
                    "part_one_done", primary=names(self.quiz.languages, scores.primary)
                ),
                embed=None,
                view=steps_view(self.text, StepPress(Step.RESULT), StepPress(Step.GIVE)),
            )
            return
        if progress.result_id is None:
            raise RuntimeError("part 2 progress without the result it completes")
        await self.store.finish_give(user_id, progress.result_id, scores)
        await interaction.response.edit_message(
            content=self.text("part_two_done"),
            embed=None,
            view=steps_view(self.text, StepPress(Step.RESULT)),
        )

    async def on_quiz_back(self, interaction: discord.Interaction[Any], press: BackPress) -> None:
        progress = await self.store.progress(interaction.user.id)
        if progress is None:
            raise UserFacingError(self.text("no_quiz"))
        index = press.index
        if progress.part == press.part and len(progress.answers) == index and index > 0:
            progress.answers.pop()
            await self.store.save_progress(progress)
        await self._show_current(interaction, progress)

    async def on_quiz_step(self, interaction: discord.Interaction[Any], press: StepPress) -> None:
        user_id = interaction.user.id
        match press.step:
            case Step.CONTINUE:
                progress = await self.store.progress(user_id)
                if progress is None:
                    raise UserFacingError(self.text("no_quiz"))
                await self._show_current(interaction, progress)
            case Step.RESTART:
                chosen = press.relationship or await self._usual_relationship(user_id)
                progress = Progress(user_id, chosen, Part.RECEIVE, [], None)
                await self.store.save_progress(progress)
                await self._show_current(interaction, progress)
            case Step.GIVE:
                latest = await self.store.latest_result(user_id)
                if latest is None:
                    raise UserFacingError(self.text("no_result"))
                progress = Progress(user_id, latest.relationship, Part.GIVE, [], latest.id)
                await self.store.save_progress(progress)
                await self._show_current(interaction, progress)
            case Step.RESULT:
                await interaction.response.defer()
                await self._send_result(interaction, user_id, mine=True)

    # -- results, sharing, profiles -----------------------------------------------------

    async def _result_message(
        self, result: Result, title: str
    ) -> tuple[discord.Embed, discord.File]:
        ranked = result.receive.ranked()
        labels = [self.quiz.languages[language].name for language, _ in ranked]
        values = [points for _, points in ranked]
        png = await asyncio.to_thread(
            bar_chart, labels, values, title=self.text("chart_receive"), maximum=12
        )
        embed = discord.Embed.from_dict(
            result_embed(self.quiz, result.receive, result.give, title=title, image=CHART)
        )
        return embed, discord.File(
            io.BytesIO(png), filename=CHART, description=self.text("chart_alt")
        )

    async def _send_result(
        self, interaction: discord.Interaction[Any], user_id: int, *, mine: bool, name: str = ""
    ) -> None:
        result = await self.store.latest_result(user_id)
        if result is None:
            await interaction.followup.send(self.text("no_result"), ephemeral=True)
            return
        title = self.text("your_result") if mine else self.text("their_result", name=name)
        embed, chart = await self._result_message(result, title)
        await interaction.followup.send(embed=embed, file=chart, ephemeral=True)

    @app_commands.command(name="result")
    async def result(self, interaction: discord.Interaction[Kindred]) -> None:
        """Your love-language profile: the five scores, ranked, with a chart."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        await self._send_result(interaction, interaction.user.id, mine=True)

    @app_commands.command(name="share")
    @app_commands.guild_only()
    async def share(self, interaction: discord.Interaction[Kindred]) -> None:
        """Let members of this server see your profile (only this server)."""
        guild_id, _ = server_of(interaction)
        if await self.store.latest_result(interaction.user.id) is None:
            raise UserFacingError(self.text("no_result"))
        await self.store.set_shared(interaction.user.id, guild_id, True)
        await interaction.response.send_message(self.text("shared"), ephemeral=True)

    @app_commands.command(name="unshare")
    @app_commands.guild_only()
    async def unshare(self, interaction: discord.Interaction[Kindred]) -> None:
        """Hide your profile from this server again, at once."""
        guild_id, _ = server_of(interaction)
        changed = await self.store.set_shared(interaction.user.id, guild_id, False)
        await interaction.response.send_message(
            self.text("unshared" if changed else "was_not_shared"), ephemeral=True
        )

    async def _shared_result(self, member: discord.abc.User, guild_id: int) -> Result:
        result = await self.store.latest_result(member.id)
        if result is None or not await self.store.is_shared(member.id, guild_id):
            # One answer for "no result" and "not shared": private stays private.
            raise UserFacingError(self.text("not_shared", member=member.mention))
        return result

    @app_commands.command(name="profile")
    @app_commands.guild_only()
    @app_commands.describe(member="Someone who shared their profile with this server")
    async def profile(
        self, interaction: discord.Interaction[Kindred], member: discord.User
    ) -> None:
        """A member's shared love-language profile."""
        guild_id, _ = server_of(interaction)
        result = await self._shared_result(member, guild_id)
        await interaction.response.defer(ephemeral=True, thinking=True)
        embed, chart = await self._result_message(
            result, self.text("their_result", name=member.display_name)
        )
        await interaction.followup.send(embed=embed, file=chart, ephemeral=True)

    @app_commands.command(name="compare")
    @app_commands.guild_only()
    @app_commands.describe(
        member="Someone who shared their profile with this server",
        relationship="What you are to each other (changes the ideas)",
    )
    @app_commands.choices(relationship=RELATIONSHIP_CHOICES)
    async def compare(
        self,
        interaction: discord.Interaction[Kindred],
        member: discord.User,
        relationship: str = "friend",
    ) -> None:
        """Both profiles side by side, with three ways each of you can speak the other's."""
        guild_id, _ = server_of(interaction)
        me = interaction.user
        if member.id == me.id:
            raise UserFacingError(self.text("compare_self"))
        mine = await self.store.latest_result(me.id)
        if mine is None or not await self.store.is_shared(me.id, guild_id):
            raise UserFacingError(self.text("compare_share_first"))
        theirs = await self._shared_result(member, guild_id)
        languages = self.quiz.languages
        day = self.bot.clock.now().date().isoformat()
        embed = discord.Embed(title=self.text("compare_title"), colour=discord.Colour.orange())
        for person, other, result, other_result in (
            (me, member, mine, theirs),
            (member, me, theirs, mine),
        ):
            top = other_result.receive.primary[0]
            tips = self.tips.choose(top, relationship, 3, seed=f"{person.id}:{other.id}:{day}")
            embed.add_field(
                name=f"{person.display_name}: {names(languages, result.receive.primary)}"[:256],
                value=(
                    self.text(
                        "compare_for",
                        who=person.display_name,
                        other=other.display_name,
                        language=languages[top].name,
                    )
                    + "\n"
                    + tips_lines(tips)
                )[:1024],
                inline=False,
            )
        embed.set_footer(text=self.text("compare_footer"))
        await interaction.response.send_message(embed=embed, ephemeral=True)

    # -- ideas --------------------------------------------------------------------------

    @app_commands.command(name="tips")
    @app_commands.describe(
        language="Which love language (leave out for one idea for each)",
        relationship="Who it is for",
    )
    @app_commands.choices(
        language=[app_commands.Choice(name=lang, value=lang) for lang in LANGUAGES]
    )
    @app_commands.choices(relationship=RELATIONSHIP_CHOICES)
    async def tips_command(
        self,
        interaction: discord.Interaction[Kindred],
        language: str | None = None,
        relationship: str = "friend",
    ) -> None:
        """Small ideas to speak a love language this week."""
        languages = self.quiz.languages
        seed = f"{interaction.user.id}:{self.bot.clock.now().date().isoformat()}"
        embed = discord.Embed(
            title=self.text("tips_title", relationship=relationship), colour=discord.Colour.orange()
        )
        for lang in [language] if language else list(LANGUAGES):
            count = 5 if language else 1
            embed.add_field(
                name=languages[lang].label,
                value=tips_lines(self.tips.choose(lang, relationship, count, seed=seed))[:1024],
                inline=False,
            )
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="learn")
    async def learn(self, interaction: discord.Interaction[Kindred]) -> None:
        """The five love languages, explained."""
        embed = discord.Embed(
            title=self.text("learn_title"),
            description=self.text("learn_intro"),
            colour=discord.Colour.orange(),
        )
        for language in self.quiz.languages.values():
            embed.add_field(name=language.label, value=language.explain, inline=False)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="server")
    @app_commands.guild_only()
    async def server(self, interaction: discord.Interaction[Kindred]) -> None:
        """How the shared profiles of this server are spread (counts only)."""
        guild_id, _ = server_of(interaction)
        shared = await self.store.shared_results(guild_id)
        if len(shared) < SERVER_MINIMUM:
            await interaction.response.send_message(
                self.text("server_too_few", minimum=SERVER_MINIMUM), ephemeral=True
            )
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        counts = distribution([r.receive for r in shared])
        ordered = sorted(LANGUAGES, key=lambda lang: -counts[lang])
        labels = [self.quiz.languages[lang].name for lang in ordered]
        png = await asyncio.to_thread(
            bar_chart, labels, [counts[lang] for lang in ordered], title=self.text("chart_server")
        )
        lines = "\n".join(
            f"{label} — {counts[lang]}" for label, lang in zip(labels, ordered, strict=True)
        )
        embed = discord.Embed(
            title=self.text("server_title"),
            description=self.text("server_intro", members=len(shared)) + "\n" + lines,
            colour=discord.Colour.orange(),
        )
        embed.set_image(url=f"attachment://{CHART}")
        chart = discord.File(io.BytesIO(png), filename=CHART, description=self.text("chart_alt"))
        await interaction.followup.send(embed=embed, file=chart, ephemeral=True)

    # -- nudges -------------------------------------------------------------------------

    @nudges.command(name="on")
    @app_commands.guild_only()
    async def nudges_on(self, interaction: discord.Interaction[Kindred]) -> None:
        """Get a weekly DM with one small idea for someone here who shared their profile."""
        guild_id, _ = server_of(interaction)
        await self.bot.members.allow(interaction.user.id, NUDGE_KIND)
        await self.store.subscribe(interaction.user.id, guild_id, True)
        await interaction.response.send_message(self.text("nudges_on"), ephemeral=True)

    @nudges.command(name="off")
    @app_commands.guild_only()
    async def nudges_off(self, interaction: discord.Interaction[Kindred]) -> None:
        """Stop the weekly nudges from this server."""
        guild_id, _ = server_of(interaction)
        user_id = interaction.user.id
        await self.store.subscribe(user_id, guild_id, False)
        if not await self.store.subscriptions_for(user_id):
            await self.bot.members.disallow(user_id, NUDGE_KIND)
        await interaction.response.send_message(self.text("nudges_off"), ephemeral=True)

    async def _nudge_run(self, fire: Fire) -> None:
        await self.send_nudges()

    async def send_nudges(self) -> int:
        """One nudge to every subscriber whose last one is a week old; returns how many."""
        now = self.bot.clock.now()
        week = now.isocalendar()
        sent = 0
        for user_id, guild_id in await self.store.due_subscriptions(now, NUDGE_EVERY):
            subject = await self._nudge_subject(user_id, guild_id)
            if subject is None:
                continue
            language = subject.receive.primary[0]
            [tip] = self.tips.choose(
                language, "friend", 1, seed=f"{user_id}:{subject.user_id}:{week}"
            )
            outcome = await self.bot.delivery.send(
                Letter(
                    user_id,
                    NUDGE_KIND,
                    content=self.text(
                        "nudge",
                        member=f"<@{subject.user_id}>",
                        language=self.quiz.languages[language].name,
                        tip=tip.text,
                    ),
                    guild_id=guild_id,
                    topic="love_languages",
                    dedupe_key=f"nudge:{guild_id}:{week.year}-{week.week}",
                )
            )
            if outcome.queued:
                await self.store.record_nudge(user_id, guild_id, subject.user_id)
                sent += 1
        return sent

    async def _nudge_subject(self, user_id: int, guild_id: int) -> Result | None:
        """Someone who shared here, not the member, not on either's do-not-pair list, and
        the one this member was nudged about least recently."""
        mine = await self.bot.members.get(user_id)
        last = await self.store.last_nudged_about(user_id, guild_id)
        candidates = []
        for result in await self.store.shared_results(guild_id):
            if result.user_id == user_id or result.user_id in mine.dont_pair:
                continue
            theirs = await self.bot.members.get(result.user_id)
            if user_id in theirs.dont_pair:
                continue
            candidates.append(result)
        if not candidates:
            return None
        never = self.bot.clock.now() - timedelta(days=36500)
        return min(candidates, key=lambda r: (last.get(r.user_id, never), r.user_id))

    # -- appreciation notes (the buttons; /appreciate itself is in the Appreciate cog) ---

    async def on_note(self, interaction: discord.Interaction[Any], press: NotePress) -> None:
        note_id = press.note_id
        note = await self.store.note(note_id)
        if note is None or note.recipient_id != interaction.user.id:
            raise UserFacingError(self.text("note_gone"))
        match press.action:
            case NoteAction.REPORT:
                if await self.store.report_note(note_id):
                    await self.bot.notices.tell_admins(
                        note.guild_id,
                        f"note-reported:{note_id}",
                        self.text("note_reported_admins"),
                    )
                await interaction.response.send_message(
                    self.text("note_reported"), view=block_view(note_id, self.text)
                )
            case NoteAction.BLOCK:
                await self.store.block(interaction.user.id, note.sender_id)
                await interaction.response.edit_message(
                    content=self.text("note_blocked"), view=None
                )


class Appreciate(commands.Cog, name="Appreciation notes"):
    """A words-of-affirmation note, by DM, to someone who accepts notes."""

    def __init__(self, bot: Kindred, love: LoveLanguages) -> None:
        self.bot = bot
        self.love = love

    @app_commands.command(name="appreciate")
    @app_commands.guild_only()
    @app_commands.describe(
        member="Who the note is for",
        message="What you appreciate about them",
        anonymous="Send it without your name",
    )
    async def appreciate(
        self,
        interaction: discord.Interaction[Kindred],
        member: discord.User,
        message: app_commands.Range[str, 1, 4000],
        anonymous: bool = False,
    ) -> None:
        """Send someone a note of appreciation by DM (only if they accept notes)."""
        love, store = self.love, self.love.store
        server_of(interaction)
        guild = interaction.guild
        if guild is None:  # a server Kindred cannot see: it has no name to sign the note with
            raise app_commands.NoPrivateMessage
        sender = interaction.user
        if member.id == sender.id:
            raise UserFacingError(love.text("note_self"))
        if member.bot:
            raise UserFacingError(love.text("note_bot"))
        text = clean_user_text(message, max_chars=NOTE_MAX_CHARS, what=love.text("note_what"))
        now = self.bot.clock.now()
        if anonymous and (
            await store.anonymous_notes_since(sender.id, now - timedelta(days=1))
            >= ANONYMOUS_NOTES_PER_DAY
        ):
            raise UserFacingError(love.text("note_rate_limited", limit=ANONYMOUS_NOTES_PER_DAY))
        refused = love.text("note_not_delivered", member=member.mention)
        if await store.is_blocked(member.id, sender.id):
            raise UserFacingError(refused)  # the same words as any refusal: a block stays secret
        note_id = await store.add_note(guild.id, sender.id, member.id, anonymous=anonymous)
        footer = (
            love.text("note_from_someone", server=guild.name)
            if anonymous
            else love.text("note_from", name=sender.display_name, server=guild.name)
        )
        embed = discord.Embed(
            title=love.text("note_title"), description=text, colour=discord.Colour.gold()
        )
        embed.set_footer(text=footer[:2048])
        outcome = await self.bot.delivery.send(
            Letter(
                member.id,
                ANONYMOUS_NOTE_KIND if anonymous else NOTE_KIND,
                embed=embed,
                buttons=(
                    (
                        LetterButton(
                            NotePress(NoteAction.REPORT, note_id).custom_id(),
                            love.text("buttons.report_note"),
                        ),
                    )
                    if anonymous
                    else ()
                ),
                guild_id=guild.id,
            )
        )
        if not outcome.queued:
            await store.forget_note(note_id)
            raise UserFacingError(refused)
        await interaction.response.send_message(love.text("note_sent"), ephemeral=True)
