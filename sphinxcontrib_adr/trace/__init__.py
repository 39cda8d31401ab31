"""Tracing: decisions to code paths and tickets, and code back to decisions.

Loading the extension imports only what registers the features (:mod:`.hooks`);
each feature's implementation is imported when a document or a setting uses it.
"""

from __future__ import annotations

from .hooks import register

__all__ = ["register"]
