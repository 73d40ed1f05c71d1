"""When a check-in's note expires. Pure. A note is the most private thing a member gives
Kindred, so it is kept only as long as they chose (``/checkin start retention:``, default 90
days); the mood itself stays until they delete it, so history still has it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

DEFAULT_RETENTION_DAYS = 90
MIN_RETENTION_DAYS = 1
MAX_RETENTION_DAYS = 365


def note_expires_at(answered_at: datetime, retention_days: int | None) -> datetime:
    """The moment a note answered at ``answered_at`` is purged."""
    days = DEFAULT_RETENTION_DAYS if retention_days is None else retention_days
    if not MIN_RETENTION_DAYS <= days <= MAX_RETENTION_DAYS:
        msg = f"retention must be {MIN_RETENTION_DAYS}-{MAX_RETENTION_DAYS} days, not {days}"
        raise ValueError(msg)
    return answered_at + timedelta(days=days)


def note_cutoff(now: datetime, retention_days: int | None) -> datetime:
    """Notes answered at or before this moment have expired by ``now``."""
    days = DEFAULT_RETENTION_DAYS if retention_days is None else retention_days
    return now - timedelta(days=days)
