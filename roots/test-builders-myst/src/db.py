"""The database layer (ADR-0002)."""
