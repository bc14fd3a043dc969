"""Safe output and input files (vrest._io): what vrest writes or reads never harms what is on
disk.

Output: a regular file is replaced atomically and keeps its permission bits; a symbolic link is
followed (its target replaced, the link kept); a read-only file is refused (even for root, who
runs these tests in CI: ``os.access`` would say writable); character devices and FIFOs are
written in place, never replaced by a regular file; block devices, sockets and directories are
refused; nothing new is created in /dev; on failure or SIGTERM no temporary file and no directory
created by vrest is left behind. Input: only regular files of at most 1 MiB are read.

Device nodes are made with ``os.mknod`` in a temporary directory (a private copy of /dev/null's
char device 1:3), never by touching the real /dev: if a regression replaced the node, only the
copy would suffer. Those tests are skipped where mknod is not permitted.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from vrest._io import (
    MAX_READ_BYTES,
    atomic_write,
    atomic_write_text,
    check_output,
    read_bounded,
    write_files,
)
from vrest.errors import VrestInputError


def leftovers(d: Path) -> list[str]:
    """Temporary files of vrest left in ``d`` (and below)."""
    return [p.name for p in d.rglob(".*.tmp")]


def mknod_or_skip(path: Path, kind: int, major: int, minor: int) -> None:
    try:
        os.mknod(path, kind | 0o666, os.makedev(major, minor))
    except (PermissionError, OSError) as exc:  # not root, or a container without CAP_MKNOD
        pytest.skip(f"cannot make a device node here: {exc}")


# ---------------------------------------------------------------------------------------------
# regular files
# ---------------------------------------------------------------------------------------------
def test_new_file_and_replacement(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    atomic_write_text(target, "one\n")
    assert target.read_text(encoding="utf-8") == "one\n"
    atomic_write_text(target, "two µ−⁺\n")
    assert target.read_text(encoding="utf-8") == "two µ−⁺\n"
    assert leftovers(tmp_path) == []


def test_replacement_keeps_permission_bits(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    atomic_write_text(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text(encoding="utf-8") == "new"


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o000])
def test_read_only_file_is_refused_even_for_root(tmp_path: Path, mode: int) -> None:
    """A file without any write bit is protected, also when the tests run as root."""
    target = tmp_path / "ro.txt"
    target.write_text("keep me", encoding="utf-8")
    os.chmod(target, mode)
    try:
        with pytest.raises(VrestInputError) as info:
            atomic_write_text(target, "new", field="--out")
        msg = str(info.value)
        assert "--out" in msg and "ro.txt" in msg and "read-only" in msg
        assert f"{mode:04o}" in msg
        with pytest.raises(VrestInputError):
            check_output(target, "--out")  # the check before computing says the same
        os.chmod(target, 0o600)
        assert target.read_text(encoding="utf-8") == "keep me"
        assert stat.S_ISREG(target.stat().st_mode)
    finally:
        os.chmod(target, 0o600)
    assert leftovers(tmp_path) == []


def test_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "data" / "real.txt"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    os.chmod(real, 0o600)
    link = tmp_path / "link.txt"
    link.symlink_to(Path("data") / "real.txt")
    written = atomic_write_text(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(Path("data") / "real.txt")
    assert real.read_text(encoding="utf-8") == "new"
    assert written == real.resolve()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == []


def test_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to("made.txt")
    atomic_write_text(link, "x")
    assert link.is_symlink() and (tmp_path / "made.txt").read_text(encoding="utf-8") == "x"


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(VrestInputError, match="directory"):
        atomic_write_text(tmp_path, "x", field="--out")


def test_file_used_as_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    with pytest.raises(VrestInputError, match="--out"):
        atomic_write_text(tmp_path / "f" / "r.txt", "x", field="--out")


# ---------------------------------------------------------------------------------------------
# failures leave nothing behind
# ---------------------------------------------------------------------------------------------
def test_failed_write_leaves_no_temp_file_and_no_created_directory(tmp_path: Path) -> None:
    def boom(f):
        f.write("partial")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        atomic_write(tmp_path / "new" / "deeper" / "r.txt", boom)
    assert list(tmp_path.iterdir()) == []  # the two directories made for it are gone


def test_failed_write_keeps_an_existing_directory_and_file(tmp_path: Path) -> None:
    (tmp_path / "keep").mkdir()
    (tmp_path / "keep" / "r.txt").write_text("old", encoding="utf-8")

    def boom(f):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        atomic_write(tmp_path / "keep" / "r.txt", boom)
    assert (tmp_path / "keep" / "r.txt").read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []


def test_several_files_appear_only_when_all_are_complete(tmp_path: Path) -> None:
    """A figure and a report written together: if the second fails, the first is not left
    behind either (nothing was renamed into place yet)."""

    def boom(f):
        raise RuntimeError("the figure failed")

    with pytest.raises(RuntimeError):
        write_files(
            [
                (tmp_path / "out" / "r.txt", lambda f: f.write("report"), False, "--out"),
                (tmp_path / "out" / "f.png", boom, True, "--plot"),
            ]
        )
    assert list(tmp_path.iterdir()) == []


def test_two_outputs_naming_one_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(VrestInputError, match="--plot"):
        write_files(
            [
                (tmp_path / "x", lambda f: f.write("a"), False, "--out"),
                (tmp_path / "." / "x", lambda f: f.write("b"), False, "--plot"),
            ]
        )
    assert list(tmp_path.iterdir()) == []


_SIGTERM_CHILD = r"""
import sys, time
from vrest._io import write_files

def slow(f):
    f.write("partial")
    f.flush()
    print("ready", flush=True)
    time.sleep(60)

write_files([
    ("keep.txt", lambda f: f.write("new"), False, "--out"),
    ("made/deep/fig.txt", slow, False, "--plot"),
])
"""


def test_sigterm_mid_write_leaves_nothing(tmp_path: Path) -> None:
    """SIGTERM while the second file is being written: the process exits 128 + 15, the first
    (complete) temporary file and the half-written one are removed, the directories vrest made
    are removed, and the existing file is untouched."""
    (tmp_path / "keep.txt").write_text("old", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-c", _SIGTERM_CHILD], cwd=tmp_path, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        assert len(leftovers(tmp_path)) == 2  # both temporary files exist at this moment
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 128 + signal.SIGTERM
    finally:
        if proc.poll() is None:
            proc.kill()
        if proc.stdout is not None:
            proc.stdout.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "old"


# ---------------------------------------------------------------------------------------------
# special files
# ---------------------------------------------------------------------------------------------
def test_char_device_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    """A private /dev/null (char 1:3): written through, still a character device afterwards
    (an atomic rename would have replaced it with a regular file, as it once did to /dev/null
    when run as root)."""
    null = tmp_path / "null"
    mknod_or_skip(null, stat.S_IFCHR, 1, 3)
    atomic_write_text(null, "discarded\n", field="--out")
    st = null.stat()
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 3)
    assert leftovers(tmp_path) == []


def test_block_device_is_refused(tmp_path: Path) -> None:
    """A block device node (loop 7:0) in tmp: refused before anything is opened."""
    disk = tmp_path / "disk"
    mknod_or_skip(disk, stat.S_IFBLK, 7, 0)
    with pytest.raises(VrestInputError, match="block device"):
        atomic_write_text(disk, "x", field="--out")
    assert stat.S_ISBLK(disk.lstat().st_mode)


def test_nothing_is_created_in_dev() -> None:
    """A device name that does not exist is refused (check only: nothing is written)."""
    with pytest.raises(VrestInputError, match="/dev"):
        check_output("/dev/vrest-no-such-device", "--out")
    assert not os.path.lexists("/dev/vrest-no-such-device")


def test_fifo_without_reader_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    t0 = time.monotonic()
    with pytest.raises(OSError) as info:
        atomic_write_text(fifo, "x")
    assert info.value.errno == errno.ENXIO and "no reader" in str(info.value)
    assert time.monotonic() - t0 < 5  # no waiting for a reader
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_fifo_with_reader_gets_the_data(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    for _ in range(500):  # wait until the reader has the FIFO open (it blocks in open)
        try:
            atomic_write_text(fifo, "hello µ\n")
            break
        except OSError as exc:
            if exc.errno != errno.ENXIO:
                raise
            time.sleep(0.01)
    reader.join(timeout=10)
    assert got == ["hello µ\n".encode()]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert leftovers(tmp_path) == []


def test_failing_writer_writes_nothing_to_a_device(tmp_path: Path) -> None:
    """Content for a device or FIFO is rendered in memory first: a writer that fails halfway
    sends nothing (a FIFO with no reader would otherwise be opened)."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)

    def boom(f):
        f.write("half")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        atomic_write(fifo, boom)


# ---------------------------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------------------------
def test_read_bounded_regular_file(tmp_path: Path) -> None:
    f = tmp_path / "c.toml"
    f.write_bytes(b"x = 1\n")
    assert read_bounded(f) == b"x = 1\n"


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/null"])
def test_read_bounded_refuses_devices(path: str) -> None:
    if not os.path.exists(path):
        pytest.skip(f"no {path}")
    with pytest.raises(OSError, match="not a regular file"):
        read_bounded(path)


def test_read_bounded_refuses_fifo_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    t0 = time.monotonic()
    with pytest.raises(OSError, match="named pipe"):
        read_bounded(fifo)
    assert time.monotonic() - t0 < 5


def test_read_bounded_refuses_large_file_and_directory(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (MAX_READ_BYTES + 1))
    with pytest.raises(OSError, match="larger than 1 MiB"):
        read_bounded(big)
    exact = tmp_path / "exact.toml"
    exact.write_bytes(b"#" * MAX_READ_BYTES)
    assert len(read_bounded(exact)) == MAX_READ_BYTES
    with pytest.raises(OSError, match="directory"):
        read_bounded(tmp_path)
