"""Tests of the site search; a package so that `tests/` is on sys.path."""
