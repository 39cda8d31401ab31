"""Bounded reading of a foreign file: a path or an ``http(s)`` URL.

What another project publishes, or a path a user names, may be hostile or just
broken: a server that drips one byte a second, a response of gigabytes, a
redirect to ``ftp://`` or ``file://``, a FIFO or ``/dev/zero`` in place of a
file. :func:`read_limited` reads it within ONE deadline for the whole read
(requests' ``timeout`` only bounds each socket operation) and at most
``max_bytes``, or raises :class:`FetchError` with a few words saying why.

URLs are fetched through Sphinx's own ``sphinx.util.requests`` (as intersphinx
does), so ``tls_verify``, ``tls_cacerts`` and ``user_agent`` apply.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import requests
import urllib3.exceptions
from sphinx.util import requests as sphinx_requests

if TYPE_CHECKING:
    from sphinx.config import Config

#: the largest file read (hostile input costs bounded memory)
MAX_BYTES: int = 64 * 1024 * 1024
#: redirects followed before giving up (each one is checked for its scheme)
MAX_REDIRECTS = 5
#: bytes asked of the socket per read; small reads return as soon as data arrives
_CHUNK = 64 * 1024

#: what is removed before a scheme is judged: browsers ignore these too
#: (``java\tscript:`` is ``javascript:`` to them)
_INVISIBLE_RE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
#: a URL scheme (RFC 3986); one letter is a Windows drive (``C:\logs``), not a scheme
_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.-]+):")


class FetchError(OSError):
    """The log cannot be read; str(err) says why in a few words (no traceback)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "cannot be read"


def scheme_of(location: str) -> str | None:
    """The lower-case scheme of ``location`` as a browser or client would see it
    (whitespace and control characters anywhere removed), or None for a path."""
    match = _SCHEME_RE.match(_INVISIBLE_RE.sub("", location).lower())
    return match.group(1) if match else None


def is_url(location: str) -> bool:
    """Whether ``location`` names a URL (of any scheme) rather than a path."""
    return scheme_of(location) is not None


def read_limited(
    location: str,
    *,
    base: Path,
    timeout: float,
    max_bytes: int = MAX_BYTES,
    config: Config | None = None,
) -> bytes:
    """The bytes at a path (relative to base) or an http(s) URL, read within ONE overall
    deadline of `timeout` seconds (not per socket read), at most max_bytes, raising FetchError."""
    deadline = time.monotonic() + timeout
    scheme = scheme_of(location)
    if scheme is None:
        return _read_file(Path(base, location), max_bytes)
    if scheme not in ("http", "https"):
        raise FetchError(f"a {scheme}: URL; only http and https URLs are read")
    return _read_url(location.strip(), deadline, timeout, max_bytes, config)


# --------------------------------------------------------------------------
# local files


def _read_file(path: Path, max_bytes: int) -> bytes:
    try:
        _refuse_special(path, path.stat().st_mode)
        # O_NONBLOCK: a FIFO swapped in after the check cannot hang the open
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            _refuse_special(path, os.fstat(fd).st_mode)
            data = handle.read(max_bytes + 1)
    except FetchError:
        raise
    except OSError as err:
        raise FetchError(err.strerror or type(err).__name__) from None
    if len(data) > max_bytes:
        raise FetchError(f"larger than {_size(max_bytes)}")
    return data


def _refuse_special(path: Path, mode: int) -> None:
    kind = _file_kind(mode)
    if kind:
        raise FetchError(f"{path} is {kind}, not a file")


def _file_kind(mode: int) -> str:
    """'' for a regular file, else what it is (a FIFO, a device, ...)."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _size(count: int) -> str:
    return f"{count // (1024 * 1024)} MiB" if count >= 1024 * 1024 else f"{count} bytes"


# --------------------------------------------------------------------------
# URLs


def _read_url(
    url: str, deadline: float, timeout: float, max_bytes: int, config: Config | None
) -> bytes:
    try:
        response = _follow(url, deadline, timeout, config)
        with contextlib.closing(response):
            return _read_body(response, deadline, timeout, max_bytes)
    except FetchError:
        raise
    except (requests.exceptions.Timeout, urllib3.exceptions.TimeoutError, TimeoutError):
        raise FetchError(f"not read within {timeout:g} s") from None
    except requests.exceptions.ConnectionError:
        raise FetchError("cannot connect") from None
    except (
        requests.exceptions.RequestException,
        urllib3.exceptions.HTTPError,
        ValueError,
        OSError,
    ) as err:
        raise FetchError(type(err).__name__) from None


def _follow(url: str, deadline: float, timeout: float, config: Config | None) -> Any:
    """The final response, redirects followed one by one, each checked for its scheme."""
    for _hop in range(MAX_REDIRECTS + 1):
        response = _get(url, _remaining(deadline, timeout), config)
        if not response.is_redirect:
            if response.status_code >= 400:
                response.close()
                raise FetchError(f"HTTP {response.status_code} {response.reason or ''}".strip())
            return response
        target = urljoin(response.url, response.headers.get("location", ""))
        response.close()
        scheme = scheme_of(target)
        if scheme not in ("http", "https"):
            raise FetchError(f"redirected to a {scheme or 'relative'}: URL; only http(s) is read")
        url = target
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def _get(url: str, remaining: float, config: Config | None) -> Any:
    # Sphinx 8.1 and 9 take the same private keywords (what intersphinx passes)
    user_agent = getattr(config, "user_agent", "") or ""
    tls = (getattr(config, "tls_verify", True), getattr(config, "tls_cacerts", None))
    return sphinx_requests.get(
        url,
        stream=True,
        allow_redirects=False,
        timeout=remaining,
        _user_agent=user_agent,
        _tls_info=tls,
    )


def _remaining(deadline: float, timeout: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(f"not read within {timeout:g} s")
    return left


def _read_body(response: Any, deadline: float, timeout: float, max_bytes: int) -> bytes:
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise FetchError(f"larger than {_size(max_bytes)}")
    raw = response.raw
    # read1 returns what one socket read gives (a drip cannot fill a big buffer
    # slowly); urllib3 < 2 lacks it, then small reads bound the wait instead
    read = getattr(raw, "read1", None) or raw.read
    chunk = _CHUNK if hasattr(raw, "read1") else 1024
    parts: list[bytes] = []
    total = 0
    while True:
        _socket_deadline(raw, _remaining(deadline, timeout))
        part = read(chunk, decode_content=True)
        if not part:
            return b"".join(parts)
        total += len(part)
        if total > max_bytes:
            raise FetchError(f"larger than {_size(max_bytes)}")
        parts.append(part)


def _socket_deadline(raw: Any, remaining: float) -> None:
    """Make the next socket wait end at the deadline, not ``timeout`` after the last byte."""
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.settimeout(remaining)
