"""A deadline as profiles and gongkai.yml write it: month and day, two digits each (MM-DD).

Its own leaf module because both the configuration and the profiles validate it, and the
deadline arithmetic (gongkai.deadlines) sits above both."""

from __future__ import annotations

import re

MONTH_DAY = re.compile(r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")
