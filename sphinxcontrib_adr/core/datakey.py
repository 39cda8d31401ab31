"""A typed place in the ``adr`` domain's data, for what a feature keeps between builds.

Sphinx's ``citation.py`` gives every key of its domain data a typed property;
the core cannot name the types of the features above it, so a feature declares
its key once, with the type of its value, and reads and writes it only through
that key: a misspelt name or a value of the wrong shape is then a mypy error,
not a ``KeyError`` (or a silent ``None``) in a later build. The value is
pickled with the environment, like every record of the domain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar, cast

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.domains import Domain

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DataKey(Generic[T]):
    """``name`` in the domain's data, holding a ``T``; ``make`` gives the value
    before the first build stored one."""

    name: str
    make: Callable[[], T]

    def of(self, domain: Domain) -> T:
        """The stored value (stored first from ``make`` when there is none, so a
        mutable value can be changed in place)."""
        if self.name not in domain.data:
            domain.data[self.name] = self.make()
        return cast("T", domain.data[self.name])

    def put(self, domain: Domain, value: T) -> None:
        domain.data[self.name] = value
