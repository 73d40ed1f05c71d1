"""Which files a photo challenge takes: the image types Discord shows inline, under a fixed
name (never the member's own file name); anything else is refused."""

from __future__ import annotations

import pytest

from cogs.challenges.photos import photo_name


@pytest.mark.parametrize(
    ("content_type", "name"),
    [
        ("image/png", "photo.png"),
        ("image/jpeg", "photo.jpg"),
        ("IMAGE/JPEG; charset=binary", "photo.jpg"),
        ("image/gif", "photo.gif"),
        ("image/webp", "photo.webp"),
        ("image/svg+xml", None),
        ("text/plain", None),
        ("application/octet-stream", None),
        ("", None),
        (None, None),
    ],
)
def test_only_photos_discord_shows_are_taken(content_type: str | None, name: str | None) -> None:
    assert photo_name(content_type) == name
