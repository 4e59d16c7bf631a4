"""The last on-time day for a report: the profile's rule, or the project's own setting."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongkai.config import Config
    from gongkai.profiles import Profile


def due_date(profile: Profile, config: Config, year: int, level: str) -> tuple[dt.date, bool]:
    """The deadline in year+1 for a report on `year`, and whether gongkai.yml set it."""
    configured = config.deadline_for(profile.id, level)
    month, day = (
        int(part) for part in (configured or profile.deadline.for_level(level)).split("-")
    )
    try:
        return dt.date(year + 1, month, day), configured is not None
    except ValueError:
        # "02-29" in a configured deadline means the last day of February in any year.
        return dt.date(year + 1, month, 28), configured is not None
