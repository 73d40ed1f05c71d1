"""A local fake Discord (REST API v10 + gateway v10) that the real discord.py client can use.

Typical use::

    fake = FakeDiscord(validator=load_validator())
    guild = fake.add_guild("Test")
    alice = fake.add_user("alice")
    await fake.start()
    with fake.patch_discord():
        await bot.login("token"); asyncio.create_task(bot.connect())
        handle = await fake.slash(alice, fake.channel(guild, "general"), "ping")
        response = await handle.response()
"""

from .audit import Audit, CustomIdLeak, Ping
from .fake import FakeDiscord, Validator
from .faults import DiscordError, FaultRule
from .gateway import GatewayStats
from .installs import Authorization, CommandUnavailable
from .interactions import CallbackRecord, InteractionHandle, InteractionRecord, ModalInfo
from .openapi import OpenApiValidationError, load_validator
from .permissions import ALL_PERMISSIONS, DEFAULT_EVERYONE
from .ratelimits import RateLimits
from .records import RecordedRequest, UploadedFile, ValidationFailure
from .snowflake import SnowflakeGenerator, snowflake_time
from .state import Attachment, Channel, ChannelType, Guild, Member, Message, Role, User, World
from .uploads import Upload, image

__all__ = [
    "ALL_PERMISSIONS",
    "DEFAULT_EVERYONE",
    "Attachment",
    "Audit",
    "Authorization",
    "CallbackRecord",
    "Channel",
    "ChannelType",
    "CommandUnavailable",
    "CustomIdLeak",
    "DiscordError",
    "FakeDiscord",
    "FaultRule",
    "GatewayStats",
    "Guild",
    "InteractionHandle",
    "InteractionRecord",
    "Member",
    "Message",
    "ModalInfo",
    "OpenApiValidationError",
    "Ping",
    "RateLimits",
    "RecordedRequest",
    "Role",
    "SnowflakeGenerator",
    "Upload",
    "UploadedFile",
    "User",
    "ValidationFailure",
    "Validator",
    "World",
    "image",
    "load_validator",
    "snowflake_time",
]
