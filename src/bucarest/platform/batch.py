"""The one seam for batch work: independent tasks run serially or on Dask distributed.

Example::

    >>> def scaled(factor: int, x: int) -> int:
    ...     return factor * x
    >>> run_batch(scaled, [1, 2, 3], shared=10, scheduler="none")
    [10, 20, 30]

``run_batch(task, items, shared, chunk_size=, scheduler=, progress=)`` calls
``task(shared, item)`` for every item and returns the results in the items' order, whatever
order the tasks finish in, so a distributed run gives the same answers as the serial one.
``task`` must be a module-level function (it travels to the workers by reference). On Dask:

* ``shared`` (a threat field, a network: what every task reads) is scattered to every
  worker once, not sent with every task;
* items go in chunks of ``chunk_size`` (default: four chunks per worker thread), each chunk
  one Dask task, so that scheduling (about a millisecond a task) is amortised over tens to
  hundreds of milliseconds of work;
* each task runs its kernels single-threaded (:func:`bucarest.core.batch.one_thread_per_task`):
  the cluster already runs one task per core;
* ``progress(done, total)`` counts items as their chunks finish; when it raises (a web job
  cancelled, Ctrl-C), the outstanding tasks are cancelled and the exception goes on;
* an item raising one of our errors (:class:`~bucarest.core.errors.BucarestError`: bad
  input) stops the batch with that error, as the serial run would; any other failure, or a
  worker that died more often than the scheduler retries its task, is collected and, once
  every other task is done, raised as :class:`~bucarest.core.errors.BatchError` naming the
  failed inputs and carrying the other results.

``scheduler`` is ``none`` (serially, in this process), ``local`` (a ``LocalCluster`` of one
single-threaded worker process per core, started on first use and kept for the process),
``local:N`` (N worker processes) or a scheduler address such as ``tcp://HOST:8786``. None
reads ``BUCAREST_DASK_SCHEDULER``, else the caller's default (the CLI: ``local``; the web
server's jobs: ``none``). :func:`runner` gives the same seam as a
:class:`bucarest.core.batch.Runner`, for pure code that takes one.
"""

from __future__ import annotations

import atexit
import logging
import math
import os
import re
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from bucarest.core.batch import Progress, Runner, one_thread_per_task
from bucarest.core.errors import N_, BatchError, BucarestError, InvalidInputError

__all__ = [
    "ENV",
    "SCHEDULER_HELP",
    "Scheduler",
    "close_clients",
    "run_batch",
    "runner",
    "scheduler_from",
]

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

#: The environment variable naming the scheduler when no option does.
ENV = "BUCAREST_DASK_SCHEDULER"
#: Chunks per worker thread by default: enough to balance uneven tasks, few enough that
#: each task amortises its scheduling.
CHUNKS_PER_THREAD = 4
#: How long to try to reach a scheduler before saying it cannot be reached (seconds).
CONNECT_TIMEOUT_S = 10.0

#: The help of every command's ``--scheduler`` option.
SCHEDULER_HELP = N_(
    "Where batch work runs: local (a Dask cluster on this machine, the default), local:N (N worker processes), tcp://HOST:8786 (a running scheduler) or none (serially, in this process); default from BUCAREST_DASK_SCHEDULER."
)

_SPEC = re.compile(r"^(none|local|local:[1-9][0-9]{0,2}|(tcp|tls)://[^\s/]+:[0-9]{1,5})$")
_BAD_SPEC = N_(
    "unknown scheduler '{value}'; expected none, local, local:N or an address such as tcp://HOST:8786"
)
_UNREACHABLE = N_(
    "cannot reach the Dask scheduler at {address}; start it, or use --scheduler none to run locally"
)
_FAILED = N_(
    "{count} of {total} batch tasks failed, the first with inputs {inputs} ({reason}); the other results were kept"
)
_WORKER_DIED = N_("its worker died each time it was tried")
_INPUTS_LOST = N_("its inputs or result were lost with the workers that held them")
_LOST = N_("the Dask scheduler at {address} went away during the batch ({reason})")


@dataclass(frozen=True)
class Scheduler:
    """Where a batch runs (see the module text for the forms of ``spec``)."""

    spec: str

    @property
    def distributed(self) -> bool:
        return self.spec != "none"

    @property
    def local_workers(self) -> int | None:
        """Worker processes of a local cluster (None for ``none`` or an address)."""
        if self.spec == "local":
            return max(1, os.cpu_count() or 1)
        if self.spec.startswith("local:"):
            return int(self.spec.partition(":")[2])
        return None


def scheduler_from(value: str | None, default: str = "local") -> Scheduler:
    """The scheduler named by ``value``, else by ``BUCAREST_DASK_SCHEDULER``, else
    ``default``; an unknown form is refused in one line.

    Example::

        >>> scheduler_from("local:2").local_workers
        2
        >>> scheduler_from("tcp://10.0.0.5:8786").distributed
        True
    """
    spec = (value or os.environ.get(ENV) or default).strip()
    if not _SPEC.match(spec):
        raise InvalidInputError(_BAD_SPEC, value=spec[:80])
    return Scheduler(spec)


_TRIM = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"
_MMAP = "distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_"
_PROFILE = "distributed.worker.profile.enabled"
_CLIENTS: dict[str, Any] = {}
_CLIENTS_LOCK = threading.Lock()


def _client(sched: Scheduler) -> Any:
    """The process's Dask client for ``sched``, connected (or its cluster started) once."""
    import dask
    from distributed import Client, LocalCluster

    with _CLIENTS_LOCK:
        client = _CLIENTS.get(sched.spec)
        if client is not None and client.status == "running":
            return client
        n = sched.local_workers
        try:
            if n is not None:
                # One single-threaded process per core: the kernels release the GIL only in
                # part, so processes, not threads, share the cores. The kernels allocate and
                # free large temporary arrays for every chunk; in a worker, glibc handed them
                # back to the system and faulted them in again (about 250,000 page faults and
                # 0.4 s of system time per 25 km sweep value, none in the client's process;
                # Dask's nanny even lowers MALLOC_TRIM_THRESHOLD_ to 64 KiB). Fixed
                # thresholds keep them: arrays up to 32 MiB (glibc's largest) from the heap,
                # and up to 1 GiB of freed heap kept for the next task. Dask's statistical
                # profiler (the dashboard's profile page, unread here) is off: it takes the
                # GIL every 10 ms to sample the task's stack.
                with dask.config.set({_TRIM: 1 << 30, _MMAP: 1 << 25, _PROFILE: False}):
                    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                           dashboard_address=":0", silence_logs=logging.ERROR)  # type: ignore[no-untyped-call]  # fmt: skip
                client = Client(cluster, set_as_default=False)  # type: ignore[no-untyped-call]
            else:
                client = Client(sched.spec, timeout=CONNECT_TIMEOUT_S, set_as_default=False)  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            raise BatchError(_UNREACHABLE, address=sched.spec) from exc
        _CLIENTS[sched.spec] = client
        return client


def close_clients() -> None:
    """Close this process's clients (and the local clusters they started)."""
    with _CLIENTS_LOCK:
        clients = list(_CLIENTS.values())
        _CLIENTS.clear()
    for client in clients:
        cluster = client.cluster
        client.close()
        if cluster is not None:
            cluster.close()


atexit.register(close_clients)


@dataclass(frozen=True)
class _Failure:
    """An item's error, in a form that survives pickling: our errors keep their class,
    template and parameters (so the message is translated at the edge as usual)."""

    kind: type[BaseException] | None
    template: str
    params: dict[str, Any]
    reason: str

    @classmethod
    def of(cls, exc: Exception) -> _Failure:
        if isinstance(exc, BucarestError):
            return cls(type(exc), exc.template, dict(exc.params), str(exc))
        return cls(None, "", {}, f"{type(exc).__name__}: {exc}"[:300])

    def error(self) -> BucarestError | None:
        """Our error again, or None for any other failure."""
        if self.kind is None or not issubclass(self.kind, BucarestError):
            return None
        err = self.kind.__new__(self.kind)
        Exception.__init__(err, self.reason)
        err.template, err.params, err.message = self.template, self.params, self.reason
        return err


def _run_chunk(task: Callable[[Any, Any], Any], shared: Any, chunk: list[Any]) -> list[Any]:
    """One Dask task: ``task`` over the chunk's items, single-threaded kernels; each item's
    result or its :class:`_Failure` (one item failing does not lose the others)."""
    out: list[Any] = []
    with one_thread_per_task():
        for item in chunk:
            try:
                out.append(task(shared, item))
            except Exception as exc:  # the caller sorts our errors from the others
                out.append(_Failure.of(exc))
    return out


def _inputs(item: Any) -> str:
    return repr(item)[:120]


def _finish(results: list[Any], failed: list[tuple[int, Any, str]], items: Sequence[Any]) -> None:
    if failed:
        failed.sort(key=lambda f: f[0])
        # Name the cause: a chunk cancelled because its inputs were lost is a consequence.
        first = min(failed, key=lambda f: (f[2] == _INPUTS_LOST, f[0]))
        raise BatchError(_FAILED, results=results,
                         failures=tuple((i, item) for i, item, _r in failed),
                         count=str(len(failed)), total=str(len(items)),
                         inputs=_inputs(first[1]), reason=first[2])  # fmt: skip


def _serially(
    task: Callable[[S, T], R], items: Sequence[T], shared: S, progress: Progress | None
) -> list[R]:
    results: list[Any] = []
    failed: list[tuple[int, Any, str]] = []
    for done, item in enumerate(items):
        if progress is not None:
            progress(done, len(items))
        try:
            results.append(task(shared, item))
        except BucarestError:
            raise
        except Exception as exc:
            failed.append((done, item, _Failure.of(exc).reason))
            results.append(None)
    if progress is not None:
        progress(len(items), len(items))
    _finish(results, failed, items)
    return results


def run_batch(
    task: Callable[[S, T], R],
    items: Sequence[T],
    shared: S = None,  # type: ignore[assignment]
    *,
    chunk_size: int | None = None,
    scheduler: str | Scheduler | None = "none",
    progress: Progress | None = None,
    label: str = "batch",
) -> list[R]:
    """``task(shared, item)`` for every item, serially or on Dask (see the module text);
    the results in the items' order."""
    sched = scheduler if isinstance(scheduler, Scheduler) else scheduler_from(scheduler)
    items = list(items)
    n = len(items)
    if not sched.distributed or n <= 1:
        return _serially(task, items, shared, progress)
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    client = _client(sched)
    if chunk_size is None:
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
        chunk_size = max(1, math.ceil(n / (max(1, threads) * CHUNKS_PER_THREAD)))
    bounds = [(i, min(n, i + chunk_size)) for i in range(0, n, chunk_size)]
    token = uuid.uuid4().hex[:12]
    # The shared inputs (a threat field at 25 km is a few hundred megabytes) go straight to
    # every worker once, never through the scheduler; a worker that dies and comes back
    # fetches them from another. Should every copy be lost, the chunks that needed them fail
    # and are named (below), never silently dropped.
    try:
        [shared_f] = client.scatter([shared], broadcast=True, hash=False)
    except (OSError, TimeoutError) as exc:
        raise BatchError(_LOST, address=sched.spec, reason=type(exc).__name__) from exc
    futures = [
        client.submit(
            _run_chunk, task, shared_f, items[a:b], key=f"{label}-{token}-{k}", pure=False
        )
        for k, (a, b) in enumerate(bounds)
    ]
    which = {f.key: k for k, f in enumerate(futures)}
    results: list[Any] = [None] * n
    failed: list[tuple[int, Any, str]] = []
    done = 0
    if progress is not None:
        progress(0, n)
    try:
        for fut in as_completed(futures, loop=client.loop):  # type: ignore[no-untyped-call]
            a, b = bounds[which[fut.key]]
            try:
                outcome = fut.result()
            except KilledWorker:
                outcome = [_Failure(None, "", {}, _WORKER_DIED)] * (b - a)
            except (OSError, TimeoutError) as exc:
                raise BatchError(_LOST, address=sched.spec, reason=type(exc).__name__) from exc
            except Exception as exc:  # the task itself catches every error of its items
                why = _INPUTS_LOST if fut.status == "cancelled" else type(exc).__name__
                outcome = [_Failure(None, "", {}, why)] * (b - a)
            for i, value in zip(range(a, b), outcome, strict=True):
                if isinstance(value, _Failure):
                    err = value.error()
                    if err is not None:
                        raise err
                    failed.append((i, items[i], value.reason))
                else:
                    results[i] = value
            done += b - a
            if progress is not None:
                progress(done, n)
    except BaseException:
        client.cancel(futures)
        raise
    finally:
        client.cancel([shared_f])
    _finish(results, failed, items)
    return results


def runner(
    scheduler: str | Scheduler | None = "none",
    chunk_size: int | None = None,
    label: str = "batch",
    connect: bool = False,
) -> Runner:
    """The seam as a :class:`bucarest.core.batch.Runner` bound to ``scheduler``, for pure
    code that takes one; with ``connect``, the scheduler is reached (or the local cluster
    started) now, so that an unreachable address is reported before any work is done.

    Example::

        >>> run = runner("none")
        >>> run(lambda shared, x: shared + x, [1, 2], 10)
        [11, 12]
    """
    sched = scheduler if isinstance(scheduler, Scheduler) else scheduler_from(scheduler)
    if connect and sched.distributed:
        _client(sched)

    def run(
        task: Callable[[Any, Any], Any],
        items: Sequence[Any],
        shared: Any = None,
        progress: Progress | None = None,
    ) -> list[Any]:
        return run_batch(task, items, shared, chunk_size=chunk_size, scheduler=sched,
                         progress=progress, label=label)  # fmt: skip

    return run
