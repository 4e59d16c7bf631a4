"""Per type and year, one CSV with a row per report and a column per table cell, so a reviewer
can load a whole province's numbers into a spreadsheet."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from gongkai.profiles import load_profile
from gongkai.site.opendata import csv_bytes
from gongkai.site.records import PublishedReport
from gongkai.tables.export import Value, export_columns
from gongkai.writes import write_atomically

# Who and what each row is about; the table columns follow under their stable keys.
LEAD_COLUMNS = ("url", "issuer", "issuer_level", "region_code", "year", "published", "status")


def table_csv_name(report_type: str, year: int) -> str:
    return f"data/{report_type}-{year}-tables.csv"


def table_groups(
    reports: Sequence[PublishedReport], cells: Mapping[str, Mapping[str, Value]]
) -> dict[tuple[str, int], list[PublishedReport]]:
    """The reports of each (type, year) that carry tables; withdrawn ones are left out."""
    groups: dict[tuple[str, int], list[PublishedReport]] = defaultdict(list)
    for report in reports:
        if report.url in cells and report.status != "withdrawn":
            groups[report.type, report.year].append(report)
    return dict(sorted(groups.items()))


def write_table_csvs(
    reports: Sequence[PublishedReport],
    cells: Mapping[str, Mapping[str, Value]],
    site_dir: Path,
) -> list[str]:
    """Write one CSV per (type, year) that has tables; return their site paths."""
    written = []
    for (report_type, year), members in table_groups(reports, cells).items():
        columns = export_columns(load_profile(report_type))
        rows = [
            [
                report.url,
                report.issuer,
                report.issuer_level,
                report.region_code,
                report.year,
                report.published.isoformat(),
                report.status,
                *(cells[report.url].get(key) for key in columns),
            ]
            for report in sorted(members, key=lambda r: r.issuer)
        ]
        name = table_csv_name(report_type, year)
        write_atomically(site_dir / name, csv_bytes([*LEAD_COLUMNS, *columns], rows), durable=False)
        written.append(name)
    return written
