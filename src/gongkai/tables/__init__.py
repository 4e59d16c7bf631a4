"""The structured tables of a report type.

- `spec`: what each table looks like, per format version (data from the profile YAML);
- `resolve`: a report's table blocks read against the specs (`tables_of`);
- `check`: their arithmetic (identities, blank totals) and how messages name cells;
- `render`, `export`: HTML with the official merged headers, and flat rows for JSON/CSV.

Nothing is imported here: the profile model imports `spec`, and `resolve` imports the
profile model.
"""
