"""Pausing Python's cyclic garbage collector over a burst of allocations.

A step that builds tens of thousands of objects which all stay alive (the
history of a long log, say) triggers collection after collection, each
walking the whole build's heap (hundreds of thousands of doctree nodes) and
finding nothing to free. Paused, the new objects are examined once, at the
next collection after the step.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the collector off; it is on again afterwards if it was before."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
