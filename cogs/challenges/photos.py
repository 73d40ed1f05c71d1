"""Which files a photo challenge's form accepts, and the name Kindred gives one in its post.

Pure, so what is refused is tested with plain values. Only the image types Discord shows
inline are taken (never SVG, which is a document, not a picture); the member's own file name
is never reused (it can say more than they meant to share), each type gets a fixed name.
"""

from __future__ import annotations

PHOTO_KIND = "photo"
PHOTO_MAX_BYTES = 8 * 1024 * 1024  # within what any bot may upload anywhere
PHOTO_MAX_MB = PHOTO_MAX_BYTES // 2**20

_NAMES = {
    "image/png": "photo.png",
    "image/jpeg": "photo.jpg",
    "image/gif": "photo.gif",
    "image/webp": "photo.webp",
}


def photo_name(content_type: str | None) -> str | None:
    """The name of a photo of this type in Kindred's post; None if it is not one it takes."""
    essence = (content_type or "").split(";", 1)[0].strip().lower()
    return _NAMES.get(essence)
