"""Application command routes of the fake Discord: registering, listing, editing and deleting
global and guild commands (kept as Discord stores them, see :mod:`.installs` for their
``contexts`` and ``integration_types``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .faults import DiscordError
from .routing import RequestContext, Router

if TYPE_CHECKING:
    from .rest import RestApi

JSON = dict[str, Any]


class CommandRoutes:
    """``/applications/{application_id}[/guilds/{guild_id}]/commands[/{command_id}]``."""

    def __init__(self, rest: RestApi) -> None:
        self.fake = rest.fake
        self.world = rest.world

    def register(self, router: Router) -> None:
        """Add the command routes, global and per guild."""
        add = router.add
        for prefix in (
            "/applications/{application_id}",
            "/applications/{application_id}/guilds/{guild_id}",
        ):
            add("GET", prefix + "/commands", self.list_commands)
            add("PUT", prefix + "/commands", self.put_commands)
            add("POST", prefix + "/commands", self.create_command)
            add("GET", prefix + "/commands/{command_id}", self.get_command)
            add("PATCH", prefix + "/commands/{command_id}", self.edit_command)
            add("DELETE", prefix + "/commands/{command_id}", self.delete_command)

    def _commands(self, ctx: RequestContext) -> tuple[int | None, list[JSON]]:
        if ctx.param_id("application_id") != self.world.application_id:
            raise DiscordError(403, 50001)
        guild_id: int | None = None
        if "guild_id" in ctx.params:
            guild_id = ctx.param_id("guild_id")
            if guild_id not in self.world.guilds:
                raise DiscordError(404, 10004)
        return guild_id, self.fake.commands.setdefault(guild_id, [])

    def _store_command(self, guild_id: int | None, body: JSON, existing: list[JSON]) -> JSON:
        kind = int(body.get("type") or 1)
        old = next(
            (c for c in existing if c["name"] == body.get("name") and c["type"] == kind), None
        )
        command: JSON = {
            "id": old["id"] if old else str(self.world.snowflakes.next()),
            "application_id": str(self.world.application_id),
            "version": str(self.world.snowflakes.next()),
            "type": kind,
            "name": body.get("name"),
            "description": body.get("description", ""),
            "options": body.get("options") or [],
            "default_member_permissions": body.get("default_member_permissions"),
            "dm_permission": body.get("dm_permission", True),
            "nsfw": bool(body.get("nsfw", False)),
            **self.fake.installs.command_scopes(body),
            "name_localizations": body.get("name_localizations"),
            "description_localizations": body.get("description_localizations"),
        }
        if guild_id is not None:
            command["guild_id"] = str(guild_id)
        return command

    async def list_commands(self, ctx: RequestContext) -> list[JSON]:
        return list(self._commands(ctx)[1])

    async def put_commands(self, ctx: RequestContext) -> list[JSON]:
        guild_id, existing = self._commands(ctx)
        body = ctx.body if isinstance(ctx.body, list) else []
        stored = [self._store_command(guild_id, c, existing) for c in body if isinstance(c, dict)]
        self.fake.commands[guild_id] = stored
        self.fake.notifier.notify()
        return stored

    async def create_command(self, ctx: RequestContext) -> JSON:
        guild_id, existing = self._commands(ctx)
        command = self._store_command(guild_id, ctx.body or {}, existing)
        existing[:] = [c for c in existing if c["id"] != command["id"]] + [command]
        self.fake.notifier.notify()
        return command

    def _find_command(self, ctx: RequestContext) -> tuple[list[JSON], JSON]:
        _, existing = self._commands(ctx)
        command = next((c for c in existing if c["id"] == ctx.params["command_id"]), None)
        if command is None:
            raise DiscordError(404, 10063, "Unknown application command")
        return existing, command

    async def get_command(self, ctx: RequestContext) -> JSON:
        return self._find_command(ctx)[1]

    async def edit_command(self, ctx: RequestContext) -> JSON:
        _, command = self._find_command(ctx)
        for key, value in (ctx.body or {}).items():
            command[key] = value
        return command

    async def delete_command(self, ctx: RequestContext) -> None:
        existing, command = self._find_command(ctx)
        existing.remove(command)
