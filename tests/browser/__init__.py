"""Browser tests (headless Chromium); a package so that `tests/` is on sys.path."""
