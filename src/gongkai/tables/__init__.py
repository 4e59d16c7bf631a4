"""The structured tables of a report type, read from its table blocks.

- `resolve`: a report's table blocks read against the profile's table specs
  (`gongkai.profiles.tablespec`) — `tables_of`;
- `check`: their arithmetic (identities, blank totals) and how messages name cells;
- `render`, `export`: HTML with the official merged headers, and flat rows for JSON/CSV.

What each table looks like is part of the profile (its YAML and `profiles.tablespec`), so
the profiles never import this package and this package reads the profiles.
"""
