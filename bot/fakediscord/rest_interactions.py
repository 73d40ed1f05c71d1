"""Interaction routes of the fake Discord: the callback that answers an interaction, and
the webhook routes for follow-ups and for editing or deleting the responses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .faults import DiscordError
from .interactions import (
    APPLICATION_COMMAND,
    APPLICATION_COMMAND_AUTOCOMPLETE,
    APPLICATION_COMMAND_AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE_WITH_SOURCE,
    DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE,
    DEFERRED_UPDATE_MESSAGE,
    LAUNCH_ACTIVITY,
    MODAL,
    MODAL_SUBMIT,
    PONG,
    UPDATE_MESSAGE,
    CallbackRecord,
    InteractionRecord,
    ModalInfo,
)
from .limits import check_components
from .routing import RequestContext
from .state import MESSAGE_FLAG_EPHEMERAL, MESSAGE_FLAG_LOADING, Message

if TYPE_CHECKING:
    from .rest import RestApi

JSON = dict[str, Any]


class InteractionRoutes:
    """Answers interactions and serves their webhooks, through the REST API's messages."""

    def __init__(self, rest: RestApi) -> None:
        self.rest = rest
        self.fake = rest.fake
        self.world = rest.world

    def _interaction_response(
        self, record: InteractionRecord, kind: int, message: Message | None
    ) -> JSON:
        interaction: JSON = {
            "id": str(record.id),
            "type": record.type,
            "activity_instance_id": None,
            "response_message_id": str(message.id) if message else None,
            "response_message_loading": bool(message and message.loading),
            "response_message_ephemeral": bool(message and message.ephemeral),
        }
        resource: JSON | None = None
        if message is not None:
            resource = {"type": kind, "message": self.world.message_payload(message)}
        elif kind not in (APPLICATION_COMMAND_AUTOCOMPLETE_RESULT, MODAL, PONG):
            resource = {"type": kind}
        out: JSON = {"interaction": interaction}
        if resource is not None:
            out["resource"] = resource
        return out

    async def callback(self, ctx: RequestContext) -> Any:  # noqa: PLR0912
        fake = self.fake
        record = fake.interactions.get(ctx.param_id("interaction_id"))
        body: JSON = ctx.body if isinstance(ctx.body, dict) else {}
        kind = int(body.get("type") or 0)
        data: JSON = body.get("data") if isinstance(body.get("data"), dict) else {}  # type: ignore[assignment]
        if record is None or record.token != ctx.params["interaction_token"]:
            raise DiscordError(404, 10062)
        elapsed = record.age()

        def refuse(status: int, code: int, message: str | None = None) -> DiscordError:
            record.attempts.append(CallbackRecord(kind, data, status, code, elapsed))
            fake.notifier.notify()
            return DiscordError(status, code, message)

        if elapsed > fake.interaction_timeout:
            raise refuse(404, 10062)
        if record.response is not None:
            raise refuse(400, 40060)
        has_message = record.message is not None
        allowed = {
            APPLICATION_COMMAND: {
                CHANNEL_MESSAGE_WITH_SOURCE,
                DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE,
                MODAL,
                LAUNCH_ACTIVITY,
            },
            APPLICATION_COMMAND_AUTOCOMPLETE: {APPLICATION_COMMAND_AUTOCOMPLETE_RESULT},
        }.get(
            record.type,
            {
                CHANNEL_MESSAGE_WITH_SOURCE,
                DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE,
                DEFERRED_UPDATE_MESSAGE,
                UPDATE_MESSAGE,
                MODAL,
                LAUNCH_ACTIVITY,
            },
        )
        if record.type == MODAL_SUBMIT:
            allowed = allowed - {MODAL}
            if not has_message:
                allowed = allowed - {DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE}
        if kind not in allowed:
            raise refuse(400, 50035, f"Interaction callback type {kind} is not valid here")

        message: Message | None = None
        channel = record.channel
        if kind == CHANNEL_MESSAGE_WITH_SOURCE:
            message = self.rest.new_message(
                channel, data, ctx.files, author=self.world.bot, interaction=record
            )
            record.original_message_id = message.id
            await self.rest.publish(message)
        elif kind == DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE:
            flags = MESSAGE_FLAG_LOADING | (int(data.get("flags") or 0) & MESSAGE_FLAG_EPHEMERAL)
            message = self.rest.new_message(
                channel, {}, [], author=self.world.bot, interaction=record, flags=flags
            )
            record.original_message_id = message.id
            await self.rest.publish(message)
        elif kind == UPDATE_MESSAGE:
            assert record.message is not None  # noqa: S101 - checked through `allowed`
            message = await self.rest.apply_edit(record.message, data, ctx.files)
            record.original_message_id = message.id
        elif kind == DEFERRED_UPDATE_MESSAGE:
            record.original_message_id = record.message.id if record.message else None
        elif kind == APPLICATION_COMMAND_AUTOCOMPLETE_RESULT:
            record.choices = list(data.get("choices") or [])
        elif kind == MODAL:
            self._open_modal(record, data)
        response = CallbackRecord(kind, data, 200, None, elapsed, message)
        record.attempts.append(response)
        record.response = response
        fake.notifier.notify()
        if not ctx.flag("with_response"):
            return None
        return self._interaction_response(record, kind, message)

    def _open_modal(self, record: InteractionRecord, data: JSON) -> None:
        check_components(data.get("components"))
        self.fake.audit.inspect_components(
            f"modal opened in {self.rest.place(record.channel)}", data
        )
        record.modal = ModalInfo(
            custom_id=str(data.get("custom_id")),
            title=str(data.get("title", "")),
            components=list(data.get("components") or []),
        )
        self.fake.modals.append((record, record.modal))

    def _webhook_record(self, ctx: RequestContext) -> InteractionRecord:
        fake = self.fake
        if ctx.param_id("webhook_id") != self.world.application_id:
            raise DiscordError(404, 10015)
        record = fake.interactions_by_token.get(ctx.params["webhook_token"])
        if record is None:
            raise DiscordError(404, 10015)
        if record.age() > fake.followup_window:
            raise DiscordError(401, 50027, "Invalid Webhook Token")
        if record.response is None:
            raise DiscordError(404, 10015)
        return record

    def _original(self, record: InteractionRecord) -> Message:
        mid = record.original_message_id
        message = self.world.find_message(mid) if mid is not None else None
        if message is None or message.deleted:
            raise DiscordError(404, 10008)
        return message

    def _own_message(self, record: InteractionRecord, message_id: int) -> Message:
        if message_id not in record.followup_ids and message_id != record.original_message_id:
            raise DiscordError(404, 10008)
        message = self.world.find_message(message_id)
        if message is None or message.deleted:
            raise DiscordError(404, 10008)
        return message

    async def followup(self, ctx: RequestContext) -> Any:
        record = self._webhook_record(ctx)
        body: JSON = ctx.body if isinstance(ctx.body, dict) else {}
        original = self.world.find_message(record.original_message_id or 0)
        response = record.response
        if (
            response is not None
            and response.type == DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
            and original is not None
            and original.loading
        ):
            edit = dict(body)
            edit.pop("flags", None)
            message = await self.rest.apply_edit(original, edit, ctx.files)
        else:
            message = self.rest.new_message(
                record.channel, body, ctx.files, author=self.world.bot, interaction=record
            )
            await self.rest.publish(message)
        record.followup_ids.append(message.id)
        self.fake.notifier.notify()
        if not ctx.flag("wait"):
            return None
        return self.world.message_payload(message)

    async def get_original(self, ctx: RequestContext) -> JSON:
        record = self._webhook_record(ctx)
        return self.world.message_payload(self._original(record))

    async def edit_original(self, ctx: RequestContext) -> JSON:
        record = self._webhook_record(ctx)
        message = self._original(record)
        await self.rest.apply_edit(
            message, ctx.body if isinstance(ctx.body, dict) else {}, ctx.files
        )
        return self.world.message_payload(message)

    async def delete_original(self, ctx: RequestContext) -> None:
        record = self._webhook_record(ctx)
        await self.rest.remove_message(self._original(record))

    async def get_webhook_message(self, ctx: RequestContext) -> JSON:
        record = self._webhook_record(ctx)
        return self.world.message_payload(self._own_message(record, ctx.param_id("message_id")))

    async def edit_webhook_message(self, ctx: RequestContext) -> JSON:
        record = self._webhook_record(ctx)
        message = self._own_message(record, ctx.param_id("message_id"))
        await self.rest.apply_edit(
            message, ctx.body if isinstance(ctx.body, dict) else {}, ctx.files
        )
        return self.world.message_payload(message)

    async def delete_webhook_message(self, ctx: RequestContext) -> None:
        record = self._webhook_record(ctx)
        await self.rest.remove_message(self._own_message(record, ctx.param_id("message_id")))
