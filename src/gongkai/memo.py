"""Work done once per report (or table) and shared by every rule that needs it.

Several rules read the same derived views of a report: its outline, its prose, its table
blocks, its recognised contents. `memo(report, outline_of)` computes such a view on first
use and returns the stored result afterwards, typed as the function's own return type, so
a rule's dependencies are the functions it calls and mypy sees what each one gives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar, overload

T = TypeVar("T")
A = TypeVar("A")


class Memoised(Protocol):
    """An object with a store for its derived results (see `MemoStore`)."""

    @property
    def memo_store(self) -> dict[Any, Any]: ...


R = TypeVar("R", bound=Memoised)


@overload
def memo(owner: R, compute: Callable[[R], T]) -> T: ...
@overload
def memo(owner: R, compute: Callable[[R, A], T], arg: A, /) -> T: ...
def memo(owner: R, compute: Callable[..., T], *args: Any) -> T:
    """`compute(owner, *args)`, computed once per owner and argument.

    An argument is told apart by identity (profiles are not hashable): the store keeps it
    alive with the result, so its id cannot be reused for another object meanwhile.
    """
    store = owner.memo_store
    key = (compute, *map(id, args))
    hit = store.get(key)
    if hit is None:
        hit = store[key] = (args, compute(owner, *args))
    return hit[1]
