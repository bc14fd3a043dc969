"""Safe file input and output: results never appear half-written, nothing else is harmed.

Writing (:func:`atomic_write`, :func:`write_files`):

* a regular file (new or existing) is written to a temporary file in the target's directory,
  flushed to disk and renamed over the target (``os.replace``), so a reader sees the old or the
  new content, never a mixture. An existing file keeps its permission bits (and, when we are
  root, its owner);
* a symbolic link is followed on purpose: the file it points to is replaced and the link stays;
* a read-only file (not writable by us per ``os.access``, or with no write bit for anyone, e.g.
  0444) is refused. vrest treats a file whose mode has no write bit as protected **even for
  root**, for whom ``os.access`` always says writable: a shell ``>>`` as an ordinary user would
  be refused, and replacing by rename would not be;
* a character device or a FIFO (``/dev/null``, a named pipe), and the process's own streams
  (``/dev/stdout``, ``/dev/fd/N``, anything under ``/proc``), are written in place (opened for
  appending: never created, truncated or replaced; so ``--out /dev/stdout >> log`` appends).
  A FIFO with no reader is refused rather than waited on. Block devices (disks), sockets and
  directories are refused;
* nothing is created in ``/dev`` (outside ``/dev/shm``): a missing device name is refused;
* missing parent directories are created, and removed again if the write fails;
* on any error, Ctrl-C, SIGTERM or SIGHUP the temporary files are removed (signal handlers are
  installed for the duration of the write, in the main thread, where none was set), and the
  process then exits with status 128 + signal number. Only SIGKILL can leave a temporary file
  (named ``.NAME.XXXX.tmp``, next to the target).

Several files (a report and a figure) are written together by :func:`write_files`: every
temporary file is complete before the first one is renamed into place.

Reading (:func:`read_bounded`): only regular files, at most :data:`MAX_READ_BYTES`, opened so that
a FIFO or device swapped in at the last moment cannot block or stream forever.
"""

from __future__ import annotations

import errno
import io
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .errors import VrestInputError

#: Largest input file read (bytes). A cell file is a few kB; this bounds memory and time, and
#: stops ``/dev/zero`` and friends (which are refused anyway: not regular files).
MAX_READ_BYTES = 1 << 20

#: Paths written in place, never replaced by rename or created: the process's own streams.
_PROC_LIKE = ("/proc/", "/dev/fd/")
_STD_STREAMS = ("/dev/stdin", "/dev/stdout", "/dev/stderr")

Writer = Callable[[IO[Any]], None]


# ---------------------------------------------------------------------------------------------
# reading
def read_bounded(path: str | os.PathLike[str], limit: int = MAX_READ_BYTES) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit`` bytes).

    Raises :class:`OSError` whose ``strerror`` says what is wrong: missing or unreadable file,
    not a regular file (directory, device such as ``/dev/zero``, FIFO, socket), or larger than
    ``limit``."""
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"a file path, not {type(path).__name__}")
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise OSError(errno.EINVAL, f"not a regular file ({_kind(st.st_mode)})", str(path))
    if st.st_size > limit:
        raise OSError(errno.EFBIG, f"larger than {_size(limit)} ({_size(st.st_size)})", str(path))
    # O_NONBLOCK: if a FIFO replaced the file since the stat, open() must not wait for a writer
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        os.set_blocking(fd, True)
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 16, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    if total > limit:
        raise OSError(errno.EFBIG, f"larger than {_size(limit)}", str(path))
    return b"".join(chunks)


def _under_dev(path: str) -> bool:
    return path.startswith("/dev/") and not path.startswith("/dev/shm/")


def _is_proc_like(absolute: str) -> bool:
    return absolute.startswith(_PROC_LIKE) or absolute in _STD_STREAMS


def _size(n: int) -> str:
    return f"{n / (1 << 20):.3g} MiB" if n >= 1 << 20 else f"{n} bytes"


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


# ---------------------------------------------------------------------------------------------
# writing: planning (checks only, nothing touched)
@dataclass
class _Plan:
    given: str  # the path as given (for messages)
    target: Path  # where the bytes go (symlinks resolved)
    in_place: bool  # device / FIFO / under /dev or /proc: open and write, no rename
    mode: int | None = None  # permission bits to keep (existing regular file)
    owner: tuple[int, int] | None = None
    missing_dirs: list[Path] = field(default_factory=list)  # to create, outermost first


def _refuse(fld: str, path: str, expected: str, hint: str = "") -> VrestInputError:
    return VrestInputError(fld, path, expected, hint)


def check_output(path: str | os.PathLike[str], fld: str = "path") -> None:
    """Raise :class:`VrestInputError` (naming ``fld``) if ``path`` cannot be written by
    :func:`atomic_write`; touches nothing. Call it before any computing."""
    _plan(path, fld)


def _plan(path: str | os.PathLike[str], fld: str) -> _Plan:
    expected = "a writable file path"
    if not isinstance(path, str | os.PathLike) or not str(path).strip():
        raise _refuse(fld, path if not isinstance(path, str) else str(path), expected)
    given = os.fspath(path)
    absolute = os.path.abspath(given)
    if _is_proc_like(absolute):  # /dev/stdout, /dev/fd/N, /proc/...: never replace or create
        try:
            st = os.stat(absolute)  # the kernel resolves these links (even to pipes)
        except OSError as exc:
            raise _refuse(
                fld,
                given,
                f"{expected}: an existing file",
                f"{exc.strerror}; vrest never creates files under /proc or /dev/fd",
            ) from None
        _check_special(st, fld, given, absolute)
        return _Plan(given, Path(absolute), in_place=True)
    target = Path(os.path.realpath(absolute))  # follows symlinks (also dangling ones)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _refuse(fld, given, expected, exc.strerror or str(exc)) from None
    if st is not None:
        if stat.S_ISREG(st.st_mode):
            if not os.access(target, os.W_OK) or not st.st_mode & 0o222:
                raise _refuse(
                    fld,
                    given,
                    f"{expected}, not a read-only one",
                    f"mode {stat.S_IMODE(st.st_mode):04o}: vrest does not replace read-only "
                    "files, even as root; make it writable (chmod u+w) or choose another name",
                )
            plan = _Plan(
                given,
                target,
                in_place=False,
                mode=stat.S_IMODE(st.st_mode),
                owner=(st.st_uid, st.st_gid),
            )
        else:
            _check_special(st, fld, given, str(target))
            return _Plan(given, target, in_place=True)
    elif _under_dev(str(target)):
        raise _refuse(
            fld,
            given,
            f"{expected}: an existing device",
            f"{target} does not exist; vrest creates no files in /dev, except under /dev/shm",
        )
    else:
        plan = _Plan(given, target, in_place=False)
    # the directory that will hold the temporary file: existing and writable, or creatable
    d = target.parent
    missing: list[Path] = []
    while not d.exists():
        if d.is_symlink():  # a dangling link in the directory chain
            raise _refuse(fld, given, expected, f"{d} is a broken symbolic link")
        missing.append(d)
        d = d.parent
    if not d.is_dir():
        raise _refuse(fld, given, expected, f"{d} is not a directory")
    if not os.access(d, os.W_OK | os.X_OK):
        raise _refuse(fld, given, expected, f"the directory {d} is not writable")
    plan.missing_dirs = missing[::-1]
    return plan


def _check_special(st: os.stat_result, fld: str, given: str, where: str) -> None:
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise _refuse(fld, given, "a file path, not a directory")
    if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISREG(mode)):
        raise _refuse(
            fld,
            given,
            "a regular file, a character device or a FIFO",
            f"it is {_kind(mode)}; vrest never writes to disks or sockets directly",
        )
    if not os.access(where, os.W_OK):
        raise _refuse(fld, given, "a writable file", "permission denied")


# ---------------------------------------------------------------------------------------------
# writing: signals
class _Terminated(BaseException):
    """Raised by the temporary signal handlers so that clean-up code runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum: int, _frame: Any) -> None:
    signal.signal(signum, signal.SIG_IGN)  # a second signal must not interrupt the clean-up
    raise _Terminated(signum)


@contextmanager
def _cleanup_on_signals() -> Iterator[None]:
    """While active, SIGTERM and SIGHUP (where their handler is the default one) raise
    :class:`_Terminated`; on leaving, the process exits with 128 + signal number."""
    old: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            sig = getattr(signal, name, None)
            if sig is not None and signal.getsignal(sig) == signal.SIG_DFL:
                old[sig] = signal.signal(sig, _raise_terminated)
    try:
        yield
    except _Terminated as exc:
        raise SystemExit(128 + exc.signum) from None
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


# ---------------------------------------------------------------------------------------------
# writing
@dataclass
class _Staged:
    plan: _Plan
    tmp: str | None = None
    data: bytes | None = None  # rendered content for an in-place target


def write_files(
    outputs: Sequence[tuple[str | os.PathLike[str], Writer, bool, str]],
) -> list[Path]:
    """Write several files as one step: ``outputs`` is a sequence of
    ``(path, write, binary, field)``; ``write`` receives an open file (binary or UTF-8 text).

    Every path is checked first (:class:`VrestInputError` naming ``field``); then every file's
    content is written to a temporary file (or, for a device or FIFO, rendered in memory); only
    when all are complete are they renamed into place. On failure nothing is left behind:
    temporary files and directories created here are removed."""
    plans = [_plan(path, fld) for path, _w, _b, fld in outputs]
    seen: dict[Path, str] = {}
    for plan, (_p, _w, _b, fld) in zip(plans, outputs):
        if plan.target in seen and not plan.in_place:
            raise _refuse(fld, plan.given, "a different file from " + seen[plan.target])
        seen[plan.target] = f"{fld} ({plan.given})"
    staged: list[_Staged] = []
    created: list[Path] = []
    with _cleanup_on_signals():
        try:
            for plan, (_p, write, binary, _f) in zip(plans, outputs):
                staged.append(_Staged(plan))  # before any work: clean-up must see its temp file
                _stage(staged[-1], write, binary, created)
            for s in staged:
                _commit(s)
        except BaseException:
            for s in staged:
                if s.tmp is not None:
                    try:
                        os.unlink(s.tmp)
                    except OSError:
                        pass
            for d in reversed(created):
                try:
                    d.rmdir()  # only if still empty
                except OSError:
                    pass
            raise
    return [s.plan.target for s in staged]


def _stage(staged: _Staged, write: Writer, binary: bool, created: list[Path]) -> None:
    plan = staged.plan
    if plan.in_place:  # render in memory first: a failing writer must not half-write a device
        buf: Any = io.BytesIO() if binary else io.StringIO()
        write(buf)
        data = buf.getvalue()
        staged.data = data if binary else data.encode("utf-8")
        return
    for d in plan.missing_dirs:
        try:
            d.mkdir()
        except FileExistsError:
            continue
        created.append(d)
    fd, staged.tmp = tempfile.mkstemp(
        prefix=f".{plan.target.name}.", suffix=".tmp", dir=plan.target.parent
    )
    mode = (0o666 & ~_umask()) if plan.mode is None else plan.mode & 0o1777  # no set-id bits
    with os.fdopen(fd, "wb" if binary else "w", encoding=None if binary else "utf-8") as f:
        os.fchmod(fd, mode)  # mkstemp makes 0600
        if plan.owner is not None and os.geteuid() == 0:
            try:
                os.fchown(fd, *plan.owner)
            except OSError:
                pass
        write(f)
        f.flush()
        os.fsync(f.fileno())


def _commit(s: _Staged) -> None:
    plan = s.plan
    if s.tmp is not None:
        os.replace(s.tmp, plan.target)
        s.tmp = None
        return
    flags = os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(plan.target, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a FIFO nobody reads: refuse instead of waiting forever
            raise OSError(errno.ENXIO, "a FIFO with no reader", plan.given) from None
        raise
    try:
        os.set_blocking(fd, True)
        view = memoryview(s.data or b"")
        while view:
            n = os.write(fd, view)
            view = view[n:]
    finally:
        os.close(fd)


def atomic_write(
    path: str | Path, write: Writer, binary: bool = False, *, field: str = "path"
) -> Path:
    """Write one file safely (see the module docstring): ``write`` receives the open file.
    Returns the path actually written (symbolic links resolved)."""
    return write_files([(path, write, binary, field)])[0]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: str | Path, text: str, *, field: str = "path") -> Path:
    """Atomically write ``text`` (UTF-8) to ``path``."""
    return atomic_write(path, lambda f: f.write(text), field=field)
