"""Execution of a sweep: chunks of points computed in this process or on a Dask cluster,
optionally stored chunk by chunk in a Zarr store and resumed from it.

A sweep of ``spec.size`` points (flat index in C order of ``spec.shape``) is cut into chunks of
``chunk_size`` points, chunk k being ``[k·chunk_size, min((k+1)·chunk_size, size))``; one call
``compute_chunk(spec, start, stop)`` (one Dask task) computes one chunk.

Guarantees:

* Every point is computed at least once and stored exactly once. A chunk may be computed twice
  (a Dask worker that dies mid-task has its task rerun elsewhere; a killed client leaves a chunk
  half done), but a chunk whose completion marker is set is neither recomputed nor rewritten,
  and the values returned are those of exactly one computation per chunk.
* With a store, each task writes its chunk from where it runs (the worker), its data first and
  its completion marker last (see :mod:`vrest.sweep.store`); a marker therefore means "this
  chunk's values are all on disk". Only small timing records travel back to the client.
* Resume: ``run(..., store=path)`` on an existing store of the same sweep (same
  ``spec.fingerprint()``) computes only the chunks without a marker, reads the others, and
  keeps the store's chunk size. A different sweep's store, a file or a non-empty directory that
  is not a store is refused with :class:`~vrest.errors.VrestInputError`, before anything starts,
  and is left untouched. Interrupting a sweep (Ctrl-C, a killed process, a ``timeout``, an
  error in one chunk) loses at most the chunks that were in flight.
* A :class:`~vrest.errors.VrestError` raised by ``compute_chunk`` reaches the caller as the same
  type with the same message (with a note naming the chunk), on either engine; the first error
  cancels the chunks not yet started.
* Engine "dask" without ``scheduler`` starts a ``LocalCluster`` on 127.0.0.1 (no dashboard) of
  ``workers`` single-threaded processes with ``NUMBA_NUM_THREADS=1`` and ``OMP_NUM_THREADS=1``
  and closes it at the end, also on errors and Ctrl-C. Its scheduler tolerates
  :data:`ALLOWED_FAILURES` lost workers per task. With ``scheduler="tcp://host:port"`` the
  cluster is the user's (see :func:`run` for how to start one); an unreachable scheduler raises
  a :class:`~vrest.errors.VrestInputError` after :data:`CONNECT_TIMEOUT_S` seconds.
"""

from __future__ import annotations

import logging
import math
import os
import pickle
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing
from typing import Any

import numpy as np

from ..errors import VrestError, VrestInputError
from . import store as _store

#: Seconds to wait for a Dask scheduler to answer before giving up.
CONNECT_TIMEOUT_S = 5.0
#: Seconds to wait for the first worker of a remote cluster.
WORKER_WAIT_S = 30.0
#: Default chunking: at least this many chunks per worker (load balance, progress) …
CHUNKS_PER_WORKER = 4
#: … of at least this many points (per-task overhead) and at most this many (memory, resume).
MIN_CHUNK = 8
MAX_CHUNK = 65536
#: Chunks of an in-process sweep (progress and store granularity).
INPROCESS_CHUNKS = 16
#: Times a task may be lost with its worker before a local cluster gives up on it.
ALLOWED_FAILURES = 10
#: Environment of the local cluster's workers: one thread each, parallelism across chunks.
WORKER_ENV = {
    "NUMBA_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
}

log = logging.getLogger(__name__)


def choose_chunk_size(size: int, n_workers: int = 1, engine: str = "inprocess") -> int:
    """Default points per chunk: at least :data:`CHUNKS_PER_WORKER` chunks per worker
    (:data:`INPROCESS_CHUNKS` in process), each of :data:`MIN_CHUNK` to :data:`MAX_CHUNK` points.

    >>> choose_chunk_size(1000, 2, "dask"), choose_chunk_size(1000), choose_chunk_size(5)
    (125, 63, 5)
    """
    if size <= 0:
        return 1
    target = INPROCESS_CHUNKS if engine == "inprocess" else CHUNKS_PER_WORKER * max(n_workers, 1)
    cs = max(math.ceil(size / target), MIN_CHUNK)
    return int(min(cs, MAX_CHUNK, size))


def run(
    spec: Any,
    compute_chunk: Callable[[Any, int, int], Mapping[str, np.ndarray]],
    *,
    engine: str = "inprocess",
    scheduler: Any = None,
    workers: int | None = None,
    store: str | os.PathLike[str] | None = None,
    chunk_size: int | None = None,
    progress: Callable[[float], None] | None = None,
    timeout: float | None = None,
    stats: dict[str, Any] | None = None,
) -> dict[str, np.ndarray]:
    """Compute every point of ``spec``; returns ``{field: flat array of length spec.size}``.

    ``compute_chunk(spec, start, stop)`` (module level, picklable) returns one array of
    ``stop − start`` values per field of ``spec.output_fields()``.

    ``engine``: "inprocess" (a loop here) or "dask". For "dask", ``scheduler`` is None (start a
    ``LocalCluster`` of ``workers`` processes, default: the usable CPUs), an address
    ``"tcp://host:port"`` (connect to a running cluster; ``workers`` then only sizes the
    chunks) or a ``distributed.Client`` (used and left open). A cluster of several machines
    that share a file system (for the store)::

        dask scheduler --host 0.0.0.0 --port 8786          # prints tcp://<host>:8786
        OMP_NUM_THREADS=1 NUMBA_NUM_THREADS=1 \\
            dask worker tcp://<host>:8786 --nworkers 8 --nthreads 1   # on each machine
        # optional, on the scheduler: DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES=10

    Scripts that start a local cluster must guard their main code with
    ``if __name__ == "__main__":`` (the workers are spawned processes).

    ``store``: a directory for a Zarr store written chunk by chunk; an existing store of the
    same sweep is resumed (see the module docstring). ``chunk_size``: points per task (default
    :func:`choose_chunk_size`; a resumed store keeps its own). ``progress(fraction)`` is called
    after each chunk (the fraction counts resumed chunks; 1.0 once when nothing is left to do);
    an exception it raises (e.g. KeyboardInterrupt) stops the sweep. ``timeout``: seconds for
    the whole sweep once the cluster is up; past it, TimeoutError (finished chunks stay stored).

    ``stats``: a dict, filled in with engine, n_workers, chunk_size, n_chunks, chunks_computed,
    chunks_resumed, chunks_skipped (duplicates that found their chunk already stored),
    startup_s (starting or reaching the cluster), run_s (first task sent to last result),
    compute_s (sum of the ``compute_chunk`` times), write_s (sum of store writes) and
    overhead_per_task_s = (run_s·n_workers − compute_s)/chunks_computed: worker time per task
    not spent in ``compute_chunk`` (scheduling, transfer, store writes and idle workers at the
    end; an upper bound on the per-task overhead).
    """
    t0 = time.perf_counter()
    if engine not in ("inprocess", "dask"):
        raise VrestInputError("engine", engine, '"inprocess" or "dask"')
    if chunk_size is not None and (
        isinstance(chunk_size, bool)
        or not isinstance(chunk_size, int | np.integer)
        or chunk_size < 1
    ):
        raise VrestInputError("chunk_size", chunk_size, "a positive whole number of points")
    if workers is not None and (
        isinstance(workers, bool) or not isinstance(workers, int | np.integer) or workers < 1
    ):
        raise VrestInputError("workers", workers, "a positive whole number of processes")
    if timeout is not None and not (isinstance(timeout, int | float) and timeout > 0):
        raise VrestInputError("timeout", timeout, "a positive number of seconds")
    size = int(spec.size)
    fields = _store.field_table(spec)
    chunk_size = None if chunk_size is None else int(chunk_size)
    store_path = None if store is None else os.path.abspath(os.fspath(store))
    if store_path is not None:  # refuse a foreign store before starting anything
        existing = _store.check_store(store_path, spec, chunk_size)
        if existing is not None:
            chunk_size = int(existing["chunk_size"])
    info: dict[str, Any] = {} if stats is None else stats
    info["engine"] = engine
    job = _Job(spec, compute_chunk, fields, store_path, progress, timeout, info)
    if engine == "inprocess":
        info["n_workers"] = 1
        info["startup_s"] = 0.0
        out = job.execute(chunk_size or choose_chunk_size(size, 1, engine), _InProcess())
    else:
        with _DaskSession(scheduler, workers) as session:
            info["startup_s"] = time.perf_counter() - t0
            info["n_workers"] = session.n_slots
            cs = chunk_size or choose_chunk_size(size, workers or session.n_slots, engine)
            out = job.execute(cs, session)
    info["wall_s"] = time.perf_counter() - t0
    return out


# ---- one chunk (runs on the worker) ------------------------------------------------------------

_WRITERS: dict[tuple, _store.ChunkWriter] = {}


def _writer(path: str, key: tuple, names: list[str]) -> _store.ChunkWriter:
    w = _WRITERS.get(key)
    if w is None:
        if len(_WRITERS) >= 4:
            _WRITERS.clear()
        w = _WRITERS[key] = _store.ChunkWriter(path, names)
    return w


class _RemoteVrestError(Exception):
    """Carries a VrestError from a worker to the client: its class, ``args`` and attributes
    (a VrestInputError cannot be unpickled as itself, its ``__init__`` wants four arguments)."""

    def __init__(self, cls: type, args: tuple, state: dict) -> None:
        super().__init__(cls, args, state)

    @classmethod
    def wrap(cls, exc: VrestError) -> _RemoteVrestError:
        state = dict(vars(exc))
        try:
            pickle.dumps((exc.args, state))
        except Exception:
            state = {k: repr(v) for k, v in state.items()}
            state["__notes__"] = list(getattr(exc, "__notes__", []))
        return cls(type(exc), exc.args, state)

    def rebuild(self) -> BaseException:
        kind, args, state = self.args
        exc = kind.__new__(kind)
        exc.args = args
        exc.__dict__.update(state)
        return exc


def _run_chunk(
    k: int,
    start: int,
    stop: int,
    *,
    spec: Any,
    compute_chunk: Callable,
    fields: list[tuple[str, str]],
    store_key: tuple | None,
    remote: bool,
) -> dict[str, Any]:
    """Compute chunk ``k`` = points [start, stop); store it (``store_key`` = (path, fingerprint,
    chunk_size)) or return its arrays. Skips a chunk already marked done in the store."""
    names = [n for n, _ in fields]
    writer = None if store_key is None else _writer(store_key[0], (*store_key, *names), names)
    res: dict[str, Any] = {"k": k, "compute_s": 0.0, "write_s": 0.0, "arrays": None}
    if writer is not None and writer.is_done(k):
        res["status"] = "skipped"
        return res
    t = time.perf_counter()
    try:
        out = compute_chunk(spec, start, stop)
    except VrestError as e:
        e.add_note(f"in sweep chunk {k}: compute_chunk(spec, {start}, {stop})")
        if remote:
            raise _RemoteVrestError.wrap(e) from None
        raise
    res["compute_s"] = time.perf_counter() - t
    arrays = _check_output(out, fields, stop - start, k)
    if writer is None:
        res["arrays"], res["status"] = arrays, "computed"
        return res
    t = time.perf_counter()
    res["status"] = "computed" if writer.write(k, start, arrays) else "skipped"
    res["write_s"] = time.perf_counter() - t
    return res


def _check_output(out: Any, fields: list[tuple[str, str]], n: int, k: int) -> dict[str, np.ndarray]:
    if not isinstance(out, Mapping):
        raise TypeError(f"compute_chunk returned {type(out).__name__} for chunk {k}, not a dict")
    names = [name for name, _ in fields]
    missing = [name for name in names if name not in out]
    extra = [name for name in out if name not in names]
    if missing or extra:
        raise ValueError(
            f"compute_chunk returned fields {sorted(out)} for chunk {k}; expected {names}"
        )
    arrays = {}
    for name, dtype in fields:
        a = np.asarray(out[name], dtype=np.dtype(dtype))
        if a.shape != (n,):
            raise ValueError(
                f"compute_chunk returned {name} of shape {a.shape} for chunk {k}; expected ({n},)"
            )
        arrays[name] = a
    return arrays


# ---- the job: chunks to do, results in, progress out ---------------------------------------


class _Job:
    def __init__(self, spec, compute_chunk, fields, store_path, progress, timeout, info):
        self.spec, self.compute_chunk, self.store_path = spec, compute_chunk, store_path
        self.fields = [(f["name"], f["dtype"]) for f in fields]
        self.progress, self.timeout, self.info = progress, timeout, info
        self.size = int(spec.size)

    def execute(self, cs: int, executor: Any) -> dict[str, np.ndarray]:
        size, info = self.size, self.info
        nk = _store.n_chunks(size, cs)
        info.update(chunk_size=cs, n_chunks=nk)
        log.info("sweep of %d points in %d chunks of %d (%s)", size, nk, cs, info["engine"])
        store_key = None
        done = np.zeros(nk, dtype=bool)
        if self.store_path is not None:
            attrs = _store.create_or_open(self.store_path, self.spec, cs)
            done = _store.done_mask(self.store_path)
            store_key = (self.store_path, attrs["fingerprint"], cs)
            executor.check_store(self.store_path)
        todo = [k for k in range(nk) if not done[k]]
        info.update(chunks_resumed=nk - len(todo), chunks_computed=0, chunks_skipped=0,
                    compute_s=0.0, write_s=0.0)  # fmt: skip
        out = {name: np.empty(size, dtype=np.dtype(dt)) for name, dt in self.fields}
        points_done = sum(_chunk_len(k, size, cs) for k in range(nk) if done[k])
        kwargs = dict(spec=self.spec, compute_chunk=self.compute_chunk, fields=self.fields,
                      store_key=store_key)  # fmt: skip
        t = time.perf_counter()
        if not todo and self.progress is not None:
            self.progress(1.0)
        if todo:
            with closing(executor.results(todo, size, cs, kwargs, self.timeout)) as results:
                for res in results:
                    k = res["k"]
                    info["chunks_" + res["status"]] += 1
                    info["compute_s"] += res["compute_s"]
                    info["write_s"] += res["write_s"]
                    if res["arrays"] is not None:
                        a, b = _store.chunk_bounds(k, size, cs)
                        for name, values in res["arrays"].items():
                            if a == 0 and b == size:  # one chunk: its arrays are the result
                                out[name] = values
                            else:
                                out[name][a:b] = values
                    points_done += _chunk_len(k, size, cs)
                    if self.progress is not None:
                        self.progress(points_done / size)
        run_s = time.perf_counter() - t
        slots = max(int(info.get("n_workers", 1)), 1)
        ran = info["chunks_computed"] + info["chunks_skipped"]
        info["run_s"] = run_s
        info["overhead_per_task_s"] = (run_s * slots - info["compute_s"]) / ran if ran else 0.0
        if self.store_path is not None:
            out = self._read_store(store_key)
        return out

    def _read_store(self, store_key: tuple) -> dict[str, np.ndarray]:
        attrs = _store.read_attrs(self.store_path)
        done = _store.done_mask(self.store_path)
        if not done.all():
            missing = np.flatnonzero(~done)
            raise RuntimeError(
                f"sweep store {self.store_path}: chunks {missing[:10].tolist()} not marked done "
                "after the sweep; rerun to complete them"
            )
        return _store.read_fields(self.store_path, attrs, done)


def _chunk_len(k: int, size: int, cs: int) -> int:
    a, b = _store.chunk_bounds(k, size, cs)
    return b - a


class _InProcess:
    """Chunks one after the other in this process."""

    def check_store(self, path: str) -> None:
        pass

    def results(self, todo, size, cs, kwargs, timeout) -> Iterator[dict[str, Any]]:
        deadline = None if timeout is None else time.perf_counter() + timeout
        for i, k in enumerate(todo):
            if deadline is not None and time.perf_counter() > deadline:
                raise _timeout(timeout, i, len(todo), kwargs["store_key"])
            a, b = _store.chunk_bounds(k, size, cs)
            yield _run_chunk(k, a, b, remote=False, **kwargs)


def _timeout(timeout: float, n_done: int, n: int, store_key: tuple | None) -> TimeoutError:
    msg = f"sweep not finished after {timeout} s: {n_done} of {n} chunks done"
    if store_key is not None:
        msg += f" and stored in {store_key[0]}; rerun with the same store to resume"
    return TimeoutError(msg)


# ---- Dask --------------------------------------------------------------------------------------


class _DaskSession:
    """A Dask client on a local cluster (started and closed here) or on a running scheduler."""

    def __init__(self, scheduler: Any, workers: int | None) -> None:
        self.scheduler, self.workers = scheduler, workers
        self.client: Any = None
        self.cluster: Any = None
        self.own_client = True
        self._environ: dict[str, str | None] = {}
        self.n_slots = 0

    def __enter__(self) -> _DaskSession:
        try:
            self._open()
        except BaseException:
            self._close()
            raise
        return self

    def __exit__(self, *exc: Any) -> None:
        self._close()

    def _open(self) -> None:
        import dask
        from distributed import Client, LocalCluster

        if self.scheduler is None:
            n = self.workers or _usable_cpus()
            # the nannies set distributed.nanny.pre-spawn-environ (OMP_NUM_THREADS=1, …) in this
            # process's environment; put it back when the cluster closes
            keys = dask.config.get("distributed.nanny.pre-spawn-environ", {}) or {}
            self._environ = {k: os.environ.get(k) for k in keys}
            with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
                self.cluster = LocalCluster(
                    n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                    dashboard_address=None, env=dict(WORKER_ENV),
                    silence_logs=logging.ERROR,
                )  # fmt: skip
            self.client = Client(self.cluster, set_as_default=False)
            self.client.wait_for_workers(n, timeout=WORKER_WAIT_S)
        elif isinstance(self.scheduler, Client):
            self.client, self.own_client = self.scheduler, False
            self._wait_for_a_worker()
        else:
            address = str(self.scheduler)
            try:
                self.client = Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as e:
                raise VrestInputError(
                    "scheduler",
                    address,
                    "a reachable dask scheduler, e.g. tcp://127.0.0.1:8786",
                    f"no answer within {CONNECT_TIMEOUT_S:g} s ({type(e).__name__}); start one "
                    f"with `dask scheduler` and workers with `dask worker {address}`",
                ) from None
            self._wait_for_a_worker()
        self.n_slots = sum(self.client.nthreads().values())

    def _wait_for_a_worker(self) -> None:
        try:
            self.client.wait_for_workers(1, timeout=WORKER_WAIT_S)
        except TimeoutError:
            raise VrestInputError(
                "scheduler",
                str(self.client.scheduler.address),
                "a dask scheduler with at least one worker",
                f"none joined within {WORKER_WAIT_S:g} s; start some with "
                f"`dask worker {self.client.scheduler.address}`",
            ) from None

    def check_store(self, path: str) -> None:
        """Refuse a store directory that some worker cannot see (no shared file system)."""
        if self.cluster is not None:  # local workers share this machine's files
            return
        seen = self.client.run(os.path.isdir, path)
        blind = sorted(w for w, ok in seen.items() if not ok)
        if blind:
            raise VrestInputError(
                "store",
                path,
                "a directory that every dask worker can reach (a shared file system)",
                f"{len(blind)} of {len(seen)} workers do not see it, e.g. {blind[0]}",
            )

    def _close(self) -> None:
        if self.client is not None and self.own_client:
            try:
                self.client.close(timeout=10)
            except Exception as e:  # pragma: no cover - best effort
                log.debug("closing the dask client: %r", e)
        if self.cluster is not None:
            try:
                self.cluster.close(timeout=10)
            except Exception as e:  # pragma: no cover - best effort
                log.debug("closing the local cluster: %r", e)
            for k, v in self._environ.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        self.client = self.cluster = None

    def results(self, todo, size, cs, kwargs, timeout) -> Iterator[dict[str, Any]]:
        from distributed import as_completed

        fp = kwargs["spec"].fingerprint()
        name = f"vrest-sweep-{fp[:12]}-{uuid.uuid4().hex[:8]}"
        bounds = [_store.chunk_bounds(k, size, cs) for k in todo]
        futures = self.client.map(
            _run_chunk, todo, [a for a, _ in bounds], [b for _, b in bounds],
            key=[(name, k) for k in todo], remote=True, retries=0, **kwargs,
        )  # fmt: skip
        n_done = 0
        ac = as_completed(futures, loop=self.client.loop, timeout=timeout)
        try:
            while True:
                try:
                    fut = next(ac)
                except StopIteration:
                    return
                except TimeoutError:
                    raise _timeout(timeout, n_done, len(todo), kwargs["store_key"]) from None
                if fut.status == "error":
                    exc = fut.exception()
                    if isinstance(exc, _RemoteVrestError):
                        raise exc.rebuild() from None
                res = fut.result()  # raises any other error with its remote traceback
                fut.release()
                n_done += 1
                yield res
        finally:
            pending = [f for f in futures if not f.done()]
            if pending and self.client is not None:
                try:
                    self.client.cancel(pending)
                except Exception as e:  # pragma: no cover - best effort
                    log.debug("cancelling the sweep's tasks: %r", e)


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
