"""What a pure computation needs to hand independent tasks to a batch engine: the shape of a
runner, the serial one, and the kernel-thread hint a worker gives the tasks it runs.

Example::

    >>> def square(offset: int, x: int) -> int:
    ...     return x * x + offset
    >>> run_serially(square, [1, 2, 3], shared=10)
    [11, 14, 19]

A domain function that has many independent tasks takes a ``run: Runner`` argument
(default :func:`run_serially`) and calls ``run(task, items, shared, progress)``, where
``task(shared, item)`` is a module-level function (so that it can be sent to another
process) and ``shared`` is what every task reads (a threat field, a network). The platform's
seam, :func:`bucarest.platform.batch.runner`, gives a runner with the same contract that
runs on Dask; the domain never knows which it got. Results come back in the items' order.

Inside a batch worker each task has one core: :func:`task_threads` says so to the kernels
that would otherwise start a thread per core (two levels of parallelism on the same cores
only add contention).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar

__all__ = [
    "Progress",
    "Runner",
    "kernel_threads",
    "one_thread_per_task",
    "run_serially",
    "task_threads",
]

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

#: ``progress(done, total)``: items finished so far, of all.
Progress = Callable[[int, int], None]


class Runner(Protocol):
    """Runs ``task(shared, item)`` for every item; the results in the items' order."""

    def __call__(
        self,
        task: Callable[[Any, Any], Any],
        items: Sequence[Any],
        shared: Any = None,
        progress: Progress | None = None,
    ) -> list[Any]: ...


def run_serially(
    task: Callable[[S, T], R],
    items: Sequence[T],
    shared: S = None,  # type: ignore[assignment]
    progress: Progress | None = None,
) -> list[R]:
    """``task(shared, item)`` for each item in turn, in this process (the reference the
    distributed runs are tested against)."""
    out = []
    total = len(items)
    for done, item in enumerate(items):
        if progress is not None:
            progress(done, total)
        out.append(task(shared, item))
    if progress is not None:
        progress(total, total)
    return out


_THREADS: ContextVar[int | None] = ContextVar("bucarest_task_threads", default=None)


def task_threads() -> int | None:
    """Kernel threads a task may use: 1 inside a batch worker, None (the kernel decides)
    elsewhere.

    Example::

        >>> task_threads() is None
        True
        >>> with one_thread_per_task():
        ...     task_threads()
        1
    """
    return _THREADS.get()


#: Most threads a kernel uses by default: past a few, memory bandwidth, not cores, limits.
MAX_KERNEL_THREADS = 8


def kernel_threads() -> int:
    """Threads a kernel uses by default (a coverage computation, LPs solved side by side): one
    per core, at most :data:`MAX_KERNEL_THREADS`; one inside a batch worker, which already runs
    one task per core (:func:`task_threads`).

    Example::

        >>> kernel_threads() >= 1
        True
        >>> with one_thread_per_task():
        ...     kernel_threads()
        1
    """
    hint = task_threads()
    if hint is not None:
        return hint
    return max(1, min(os.cpu_count() or 1, MAX_KERNEL_THREADS))


@contextmanager
def one_thread_per_task() -> Iterator[None]:
    """Within the block, kernels run single-threaded (a batch worker already has one task
    per core)."""
    token = _THREADS.set(1)
    try:
        yield
    finally:
        _THREADS.reset(token)
