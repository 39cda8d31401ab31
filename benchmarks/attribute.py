"""Benchmark probe: the CPU spent inside this extension's own code in one build.

Loaded by a measured project *instead of* ``sphinxcontrib_adr`` (it loads the
extension itself), it times with ``time.process_time``:

- ``setup``: importing and registering the extension (``setup_extension``);
- every event listener, transform and post-transform the extension registered,
  every method of its domain and its node visitors, each call timed once
  (a call inside another timed call is not counted again).

At exit it writes ``_bench_attr-<outdir>.json`` beside the sources: the seconds
by place, and the process's whole CPU (``os.times``) for the share. What it
cannot see: the work Sphinx does on what the extension adds (writing its nodes,
indexing their text, the collector walking its objects); on a project without
decisions that work is nil, which is what it is for (issue 29: a project that
does not use the extension pays < 1 %). Paired whole-process builds say the
same with noise of +-15 % per pair on this machine; this says it to the
millisecond.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import time
from collections import Counter
from typing import Any

PACKAGE = "sphinxcontrib_adr"
_spent: Counter[str] = Counter()
_depth = [0]


def _timed(name: str, func: Any) -> Any:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if _depth[0]:
            return func(*args, **kwargs)
        _depth[0] += 1
        start = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            _spent[name] += time.process_time() - start
            _depth[0] -= 1

    return wrapper


def _ours(obj: Any) -> bool:
    return str(getattr(obj, "__module__", "")).startswith(PACKAGE)


def _wrap_class(cls: type, prefix: str) -> None:
    for attr, value in list(vars(cls).items()):
        if callable(value) and not attr.startswith("__") and not isinstance(value, type):
            setattr(cls, attr, _timed(f"{prefix}{cls.__name__}.{attr}", value))


def _wrap(app: Any) -> None:
    for event, listeners in app.events.listeners.items():
        for index, listener in enumerate(listeners):
            if _ours(listener.handler):
                name = f"event {event}: {getattr(listener.handler, '__qualname__', '?')}"
                listeners[index] = listener._replace(handler=_timed(name, listener.handler))
    registry = app.registry
    for cls in [*registry.transforms, *registry.post_transforms]:
        if _ours(cls):
            cls.apply = _timed(f"transform {cls.__name__}", cls.apply)
    for domain in registry.domains.values():
        if _ours(domain):
            _wrap_class(domain, "domain ")
    for handlers in registry.translation_handlers.values():
        for node, pair in list(handlers.items()):
            if any(_ours(f) for f in pair if f is not None):
                handlers[node] = tuple(
                    _timed(f"visit {node}", f) if f is not None else f for f in pair
                )


def _write(srcdir: str, outdir: str) -> None:
    times = os.times()
    name = "_bench_attr-" + os.path.basename(os.path.normpath(outdir)) + ".json"
    data = {
        "process_cpu": times.user + times.system,
        "extension_cpu": sum(_spent.values()),
        "by_place": dict(_spent.most_common()),
    }
    with open(os.path.join(srcdir, name), "w") as f:
        json.dump(data, f, indent=1)


def setup(app: Any) -> dict[str, Any]:
    start = time.process_time()
    app.setup_extension(PACKAGE)
    _spent["setup (imports, registering)"] += time.process_time() - start
    _wrap(app)
    atexit.register(_write, str(app.srcdir), str(app.outdir))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
