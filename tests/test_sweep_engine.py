"""The sweep engine (vrest.sweep.engine) and its store (vrest.sweep.store) with a dummy sweep:
in process vs Dask, resume after an interruption, a Dask worker killed mid-sweep, the client
killed mid-sweep (SIGKILL) and rerun, refused stores, an unreachable scheduler, and errors from
the workers. Real LocalClusters on 127.0.0.1 only."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from vrest.errors import VrestInputError
from vrest.sweep import store as sweep_store
from vrest.sweep.engine import choose_chunk_size, run
from vrest.sweep.store import open_results

TESTS = Path(__file__).resolve().parent
SRC = TESTS.parent / "src"


@dataclass(frozen=True)
class DummySpec:
    """A sweep whose point i has s = sin(i) and i2 = 2i. ``delay`` (s per chunk), ``log_dir``
    (a file per computed chunk) and ``fail_at`` change how it runs, not what it is, so they are
    not in the fingerprint."""

    shape: tuple = (6, 7)
    tag: str = "a"
    extra: bool = False  # also report the worker's pid, numba threads and OMP_NUM_THREADS
    delay: float = 0.0
    log_dir: str = ""
    fail_at: int = -1

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))

    def fingerprint(self) -> str:
        text = json.dumps([list(self.shape), self.tag, self.extra])
        return hashlib.sha256(text.encode()).hexdigest()

    def output_fields(self):
        out = [("s", "1", "sin of the index", "float64"), ("i2", "1", "twice the index", "int64")]
        if self.extra:
            out += [("pid", "", "worker process id", "int64"),
                    ("numba_threads", "", "numba threads", "int64"),
                    ("omp", "", "OMP_NUM_THREADS", "int64")]  # fmt: skip
        return out


def dummy_compute(spec: DummySpec, start: int, stop: int) -> dict[str, np.ndarray]:
    if spec.log_dir:  # one file per computation: chunk start, process, unique tag
        Path(spec.log_dir, f"{start:06d}-{os.getpid()}-{uuid.uuid4().hex[:8]}").touch()
    if spec.delay:
        time.sleep(spec.delay)
    if start <= spec.fail_at < stop:
        raise VrestInputError("point", spec.fail_at, "a point that computes", "dummy failure")
    i = np.arange(start, stop)
    out = {"s": np.sin(i), "i2": 2 * i}
    if spec.extra:
        import numba

        n = stop - start
        out["pid"] = np.full(n, os.getpid())
        out["numba_threads"] = np.full(n, numba.get_num_threads())
        out["omp"] = np.full(n, int(os.environ.get("OMP_NUM_THREADS", "-1")))
    return out


def expected(spec: DummySpec) -> dict[str, np.ndarray]:
    i = np.arange(spec.size)
    return {"s": np.sin(i), "i2": 2 * i}


def assert_results(got: dict, spec: DummySpec) -> None:
    for name, want in expected(spec).items():
        np.testing.assert_array_equal(got[name], want)
        assert got[name].dtype == want.dtype


def logged(log_dir: Path) -> list[tuple[int, int]]:
    """(chunk start, pid) of every computation logged in ``log_dir``."""
    return [tuple(int(x) for x in p.name.split("-")[:2]) for p in log_dir.iterdir()]


def snapshot(path: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(path)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(path.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes on loopback, shared by the tests that need a
    running scheduler."""
    import dask
    from distributed import LocalCluster

    # the nannies put distributed.nanny.pre-spawn-environ (OMP_NUM_THREADS=1, …) into this
    # process's environment; give the other tests theirs back
    saved = {k: os.environ.get(k) for k in dask.config.get("distributed.nanny.pre-spawn-environ")}
    try:
        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None,
        ) as c:  # fmt: skip
            yield c
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# ---- chunking and the in-process engine ------------------------------------------------------


def test_chunk_size_default():
    assert choose_chunk_size(10_000, 4, "dask") == 625  # 4 chunks per worker
    assert choose_chunk_size(20, 4, "dask") == 8  # at least MIN_CHUNK points
    assert choose_chunk_size(3, 4, "dask") == 3
    assert choose_chunk_size(10**9, 8, "dask") == 65536
    assert choose_chunk_size(1000) == 63  # 16 chunks in process


def test_inprocess_with_and_without_store(tmp_path):
    spec = DummySpec()
    stats: dict = {}
    seen: list[float] = []
    plain = run(spec, dummy_compute, chunk_size=5, progress=seen.append, stats=stats)
    assert_results(plain, spec)
    assert stats["n_chunks"] == 9 and stats["chunks_computed"] == 9 and stats["chunk_size"] == 5
    assert seen == pytest.approx([min(5 * (k + 1), 42) / 42 for k in range(9)])
    stored = run(spec, dummy_compute, store=tmp_path / "s", chunk_size=5)
    assert_results(stored, spec)
    fields, attrs = open_results(tmp_path / "s")
    assert_results(fields, spec)
    assert attrs["complete"] and attrs["fingerprint"] == spec.fingerprint()
    assert attrs["shape"] == (6, 7) and attrs["chunk_size"] == 5 and attrs["n_chunks"] == 9
    assert attrs["units"] == {"s": "1", "i2": "1"}
    assert attrs["long_names"]["s"] == "sin of the index"
    assert attrs["vrest_version"] and attrs["created"]
    # a finished store: nothing computed again, progress reports completion once
    stats, seen = {}, []
    again = run(spec, dummy_compute, store=tmp_path / "s", progress=seen.append, stats=stats)
    assert_results(again, spec)
    assert stats["chunks_computed"] == 0 and stats["chunks_resumed"] == 9 and seen == [1.0]


def test_inprocess_interrupted_then_resumed(tmp_path):
    log1, log2 = tmp_path / "log1", tmp_path / "log2"
    log1.mkdir()
    log2.mkdir()
    store = tmp_path / "s"

    def stop_at_40_percent(fraction):
        if fraction > 0.4:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(DummySpec(log_dir=str(log1)), dummy_compute, store=store, chunk_size=4,
            progress=stop_at_40_percent)  # fmt: skip
    fields, attrs = open_results(store)
    done = attrs["chunks_done"]
    assert not attrs["complete"] and done.sum() == 5 and done[:5].all()
    assert np.isnan(fields["s"][20:]).all() and np.isnan(fields["i2"][20:]).all()
    np.testing.assert_array_equal(fields["s"][:20], np.sin(np.arange(20)))
    stats: dict = {}
    spec = DummySpec(log_dir=str(log2))
    assert_results(run(spec, dummy_compute, store=store, stats=stats), spec)
    assert stats["chunk_size"] == 4  # the store's
    assert sorted(s for s, _ in logged(log2)) == list(range(20, 42, 4))
    assert stats["chunks_resumed"] == 5 and stats["chunks_computed"] == 6


def test_store_refusals(tmp_path):
    store = tmp_path / "s"
    run(DummySpec(tag="a"), dummy_compute, store=store, chunk_size=7)
    before = snapshot(store)
    t = time.perf_counter()
    with pytest.raises(VrestInputError, match="it holds a different sweep: fingerprint") as e:
        run(DummySpec(tag="b"), dummy_compute, engine="dask", store=store)
    assert time.perf_counter() - t < 5  # refused before any cluster starts
    assert e.value.field == "store" and "fields s, i2" in str(e.value)
    with pytest.raises(VrestInputError, match="chunk size of the store") as e:
        run(DummySpec(tag="a"), dummy_compute, store=store, chunk_size=8)
    assert e.value.field == "chunk_size"
    assert snapshot(store) == before  # untouched
    a_file = tmp_path / "file.zarr"
    a_file.write_text("not a store")
    with pytest.raises(VrestInputError, match="it is a file"):
        run(DummySpec(), dummy_compute, store=a_file)
    assert a_file.read_text() == "not a store"
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(VrestInputError, match="not a vrest sweep store"):
        run(DummySpec(), dummy_compute, store=other)
    assert [p.name for p in other.iterdir()] == ["notes.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert_results(run(DummySpec(), dummy_compute, store=empty), DummySpec())
    with pytest.raises(VrestInputError, match="existing vrest sweep store"):
        open_results(tmp_path / "nothing")


def test_store_creation_interrupted(tmp_path):
    """A store whose creation was cut short (group metadata written, arrays not all) is
    completed on the next run; until then it reads as all NaN."""
    import shutil

    store = tmp_path / "s"
    run(DummySpec(), dummy_compute, store=store, chunk_size=5)
    shutil.rmtree(store / sweep_store.DONE)  # created last, before any data is written
    shutil.rmtree(store / "i2")
    fields, attrs = open_results(store)
    assert not attrs["complete"] and np.isnan(fields["i2"]).all() and np.isnan(fields["s"]).all()
    stats: dict = {}
    assert_results(run(DummySpec(), dummy_compute, store=store, stats=stats), DummySpec())
    assert stats["chunks_computed"] == 9 and open_results(store)[1]["complete"]


def test_vrest_error_inprocess():
    with pytest.raises(VrestInputError) as e:
        run(DummySpec(fail_at=13), dummy_compute, chunk_size=5)
    assert str(e.value) == "point = 13: expected a point that computes (dummy failure)"
    assert "in sweep chunk 2" in e.value.__notes__[0]


# ---- Dask ----------------------------------------------------------------------------------


def test_unreachable_scheduler():
    with socket.socket() as s:  # a loopback port that nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    t = time.perf_counter()
    with pytest.raises(VrestInputError, match="a reachable dask scheduler") as e:
        run(DummySpec(), dummy_compute, engine="dask", scheduler=address)
    assert time.perf_counter() - t < 10
    assert e.value.field == "scheduler" and e.value.value == address
    assert f"dask worker {address}" in e.value.hint


def test_dask_local_cluster_matches_inprocess(tmp_path):
    """run() starts its own LocalCluster; the workers get NUMBA_NUM_THREADS=1 and
    OMP_NUM_THREADS=1; results and store equal the in-process ones."""
    spec = DummySpec(shape=(4, 11), extra=True, delay=0.05)
    ref = run(DummySpec(shape=(4, 11)), dummy_compute, chunk_size=4)  # no numba threads here
    stats: dict = {}
    got = run(spec, dummy_compute, engine="dask", workers=2, store=tmp_path / "s",
              chunk_size=4, stats=stats)  # fmt: skip
    for name in ("s", "i2"):
        np.testing.assert_array_equal(got[name], ref[name])
    assert len(set(got["pid"])) == 2 and os.getpid() not in set(got["pid"])
    assert set(got["numba_threads"]) == {1} and set(got["omp"]) == {1}
    assert stats["n_workers"] == 2 and stats["chunks_computed"] == 11
    assert stats["compute_s"] >= 11 * 0.05 and stats["overhead_per_task_s"] >= 0
    fields, attrs = open_results(tmp_path / "s")
    assert attrs["complete"]
    for name in ("s", "i2"):
        np.testing.assert_array_equal(fields[name], ref[name])


def test_dask_scheduler_address_no_store(cluster):
    spec = DummySpec()
    stats: dict = {}
    got = run(spec, dummy_compute, engine="dask", scheduler=cluster.scheduler_address,
              stats=stats)  # fmt: skip
    assert_results(got, spec)
    assert_results(run(spec, dummy_compute), spec)
    assert stats["n_workers"] == 2 and stats["chunk_size"] == 8  # 42 points, ≥ 8 per chunk


def test_vrest_error_from_worker(cluster):
    with pytest.raises(VrestInputError) as e:
        run(DummySpec(fail_at=13), dummy_compute, engine="dask",
            scheduler=cluster.scheduler_address, chunk_size=5)  # fmt: skip
    assert type(e.value) is VrestInputError
    assert str(e.value) == "point = 13: expected a point that computes (dummy failure)"
    assert (e.value.field, e.value.value, e.value.hint) == ("point", 13, "dummy failure")
    assert "in sweep chunk 2" in e.value.__notes__[0]


def test_worker_killed_mid_sweep(cluster, tmp_path):
    """A worker process is SIGKILLed while computing: its task is rerun elsewhere, the sweep
    completes, every point is right and every chunk marked once."""
    from distributed import Client

    log = tmp_path / "log"
    log.mkdir()
    spec = DummySpec(shape=(40,), delay=0.3, log_dir=str(log))
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        worker_pids = set(client.run(os.getpid).values())
    killed: list[tuple[int, int]] = []  # (chunk start, pid) being computed when killed

    def kill_a_busy_worker(fraction):
        if not killed:  # the worker that started a chunk last is busy with it (0.3 s)
            last = max(log.iterdir(), key=lambda p: p.stat().st_mtime_ns)
            start, pid = (int(x) for x in last.name.split("-")[:2])
            assert pid in worker_pids
            os.kill(pid, signal.SIGKILL)
            killed.append((start, pid))

    stats: dict = {}
    got = run(
        spec,
        dummy_compute,
        engine="dask",
        scheduler=cluster.scheduler_address,
        store=tmp_path / "s",
        chunk_size=2,
        progress=kill_a_busy_worker,
        stats=stats,
    )
    assert_results(got, spec)
    ((start, pid),) = killed
    entries = logged(log)
    assert any(s == start and p != pid for s, p in entries)  # rerun by another worker
    assert len(entries) > 20  # the interrupted chunk was computed twice …
    fields, attrs = open_results(tmp_path / "s")
    assert attrs["complete"] and attrs["chunks_done"].all()  # … and stored once
    assert stats["chunks_computed"] + stats["chunks_skipped"] == 20
    assert_results(fields, spec)


CLIENT = """\
import sys
sys.path[:0] = [{tests!r}, {src!r}]
from test_sweep_engine import DummySpec, dummy_compute
from vrest.sweep.engine import run
run(DummySpec(shape=(40,), delay=0.2, log_dir={log!r}), dummy_compute, engine="dask",
    scheduler={address!r}, store={store!r}, chunk_size=2)
"""


def test_client_killed_then_resumed(cluster, tmp_path):
    """The client process is SIGKILLed mid-sweep; a rerun with the same store computes only the
    chunks not marked done and returns every point right."""
    from distributed import Client

    log1, log2, store = tmp_path / "log1", tmp_path / "log2", tmp_path / "s"
    log1.mkdir()
    log2.mkdir()
    code = CLIENT.format(tests=str(TESTS), src=str(SRC), log=str(log1),
                         address=cluster.scheduler_address, store=str(store))  # fmt: skip
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)])
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if sweep_store.done_mask(store).sum() >= 4:
                    break
            except (FileNotFoundError, ValueError):  # not created yet
                pass
            time.sleep(0.05)
        assert proc.poll() is None, "the client finished or failed before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(10)
    with Client(cluster.scheduler_address, set_as_default=False) as client:
        deadline = time.monotonic() + 10  # let the orphaned tasks finish (or be dropped)
        while time.monotonic() < deadline:
            if sum(client.run(lambda dask_worker: dask_worker.state.executing_count).values()):
                time.sleep(0.05)
            elif not sum(len(v) for v in client.processing().values()):
                break
        time.sleep(0.1)
    done_before = sweep_store.done_mask(store)
    assert 4 <= done_before.sum() < 20
    stats: dict = {}
    spec = DummySpec(shape=(40,), delay=0.2, log_dir=str(log2))
    got = run(spec, dummy_compute, engine="dask", scheduler=cluster.scheduler_address,
              store=store, stats=stats)  # fmt: skip
    assert_results(got, spec)
    rerun = sorted(s // 2 for s, _ in logged(log2))
    assert rerun == [k for k in range(20) if not done_before[k]]
    assert stats["chunks_resumed"] == done_before.sum() and stats["chunk_size"] == 2
    assert open_results(store)[1]["complete"]
