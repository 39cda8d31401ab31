"""Rendered-page cache."""
