"""Files a test member sends: attached to a message, or uploaded through a modal's File Upload
component (type 19, inside a Label, type 18).

A modal's files reach the bot as attachment ids in the component's ``values`` and as attachment
objects in the interaction's ``resolved.attachments``; Discord serves their bytes from its CDN
as ephemeral attachments, and so does the fake (:meth:`Uploads.serve`), so a bot can read them
or post them again. (docs: components/reference "File Upload", interactions/receiving-and-
responding "Resolved Data Structure".)
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .records import UploadedFile
from .state import Attachment, World

JSON = dict[str, Any]

FILE_UPLOAD = 19

#: The smallest PNG there is (one transparent pixel): stands in for a photo's bytes.
_PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)


@dataclass(frozen=True)
class Upload:
    """A file a member sends. ``width``/``height`` are given for images, as Discord reports
    them."""

    filename: str
    data: bytes
    content_type: str | None = None
    width: int | None = None
    height: int | None = None

    def as_uploaded(self, index: int) -> UploadedFile:
        """The multipart part a client would send for it."""
        return UploadedFile(
            field_name=f"files[{index}]",
            filename=self.filename,
            content_type=self.content_type,
            data=self.data,
        )


def image(
    filename: str = "photo.png", *, width: int = 1024, height: int = 768, data: bytes | None = None
) -> Upload:
    """A photo to send (its content type guessed from the name, PNG bytes unless given)."""
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return Upload(filename, data or _PIXEL_PNG, content_type, width, height)


def check_count(component: JSON, count: int) -> None:
    """Refuse what Discord's client would not let a member submit: fewer files than
    ``min_values`` (or none in a required field), more than ``max_values``."""
    required = component.get("required", True) is not False
    low = component.get("min_values")
    high = component.get("max_values")
    low = int(low) if low is not None else (1 if required else 0)
    high = int(high) if high is not None else 1
    if (required and count == 0) or count < low or count > high:
        raise ValueError(
            f"file upload {component.get('custom_id')!r} takes {low}..{high} files, not {count}"
        )


class Uploads:
    """Attachments made by modal submissions, kept so their URLs can be served."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.files: dict[int, Attachment] = {}

    def attach(self, upload: Upload, channel_id: int) -> Attachment:
        """An ephemeral attachment for ``upload``, as a modal submission carries it."""
        attachment_id = self.world.snowflakes.next()
        attachment = Attachment(
            id=attachment_id,
            filename=upload.filename,
            data=upload.data,
            content_type=upload.content_type,
            url=(
                f"{self.world.attachment_base}/ephemeral-attachments/"
                f"{channel_id}/{attachment_id}/{upload.filename}"
            ),
            ephemeral=True,
            width=upload.width,
            height=upload.height,
        )
        self.files[attachment_id] = attachment
        return attachment

    def submit(
        self, component: JSON, files: Any, channel_id: int, resolved: dict[str, JSON]
    ) -> list[str]:
        """The ``values`` of a File Upload a member submits with ``files`` (their attachment
        objects go into ``resolved``)."""
        chosen = list(files) if isinstance(files, (list, tuple)) else [files]
        check_count(component, len(chosen))
        ids: list[str] = []
        for item in chosen:
            if not isinstance(item, Upload):
                raise TypeError(f"a file upload takes Upload values, not {item!r}")
            attachment = self.attach(item, channel_id)
            resolved[str(attachment.id)] = attachment.to_payload()
            ids.append(str(attachment.id))
        return ids

    async def serve(self, request: web.Request) -> web.StreamResponse:
        """The fake CDN's ``/ephemeral-attachments/{channel_id}/{attachment_id}/{filename}``."""
        found = self.files.get(int(request.match_info["attachment_id"]))
        if found is None or found.filename != request.match_info["filename"]:
            raise web.HTTPNotFound()
        content_type = found.content_type or "application/octet-stream"
        return web.Response(body=found.data, headers={"Content-Type": content_type})
