"""Atomic outputs: every file the library writes goes through here.

An output is rendered to a temporary file in the destination's own folder and renamed
into place, so a reader of the destination sees either the old file or the new one,
never half of one, whatever happens (an exception, a full disk, ``kill -9``).  Several
outputs (the files of a build and its report) form one :class:`AtomicOutputs`: every
check that can fail runs before the first rename, and nothing is renamed unless every
file was rendered.

What is refused, before anything is written (:class:`OutputError`, one line naming the
file and the cause):

- an output that is, after following symlinks, one of the inputs being read (an
  article, the manifest, a cover image, a style sheet): writing it would destroy it;
- an output that is not a regular file: a directory, a FIFO, a device node, a socket
  (``os.replace`` would swap ``/dev/null`` itself for a regular file).  A symlink to a
  regular file is followed: its target is written and the link kept;
- two outputs of one set that are the same file.

Temporary files are named ``.cppcc-part-<pid>-<host>-<random>-<name>.part``: unique
(two builds may write into one folder at once), and recognisable, so that
:func:`sweep_stale` removes the ones a killed process left behind (a file of a process
that still runs is left alone).

The public names are :class:`AtomicOutputs`, :func:`write_atomically`,
:func:`check_target`, :class:`Inputs`, :func:`sweep_stale`, :func:`is_temporary`,
:data:`PREFIX` and :class:`OutputError`.  A writer never calls them itself: it receives
the temporary path as ``dest`` and writes the whole file there.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import socket
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from .errors import CppccError

PREFIX = ".cppcc-part-"
"""The start of the name of every temporary file of ours."""

SUFFIX = ".part"

STALE_SECONDS = 24 * 3600
"""A temporary file of ours older than this is swept even when its process cannot be
checked (another host, a recycled pid)."""

_NAME_RE = re.compile(r"^\.cppcc-part-(\d+)-([0-9a-f]{6})-[0-9a-f]+-.*\.part$", re.DOTALL)

T = TypeVar("T")
StrPath = str | os.PathLike[str]


class OutputError(CppccError):
    """The destination cannot be written (or must not be: it is an input, a device...)."""



# --------------------------------------------------------------------------- naming


def _host_tag() -> str:
    """Six hex digits standing for this machine, so that a sweep on a shared folder only
    judges the processes of its own host by their pid."""
    global _HOST
    if _HOST is None:
        _HOST = hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:6]
    return _HOST


_HOST: str | None = None


def temporary_name(name: str) -> str:
    """A fresh temporary name for an output called ``name`` (kept short: a file name
    holds at most 255 bytes)."""
    stem = name[:40]
    return f"{PREFIX}{os.getpid()}-{_host_tag()}-{secrets.token_hex(4)}-{stem}{SUFFIX}"


def is_temporary(name: str) -> bool:
    """Whether ``name`` is the name of a temporary file of ours."""
    return name.startswith(PREFIX) and name.endswith(SUFFIX)


def _process_gone(pid: int) -> bool:
    """Whether no process ``pid`` runs on this host (``False`` when it cannot be told)."""
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate it there
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # EPERM: it runs, as another user
        return False
    return False


def sweep_stale(folder: StrPath, *, now: float | None = None) -> int:
    """Remove the temporary files of ours in ``folder`` that no running process owns:
    those of a process of this host that no longer runs, and any older than
    :data:`STALE_SECONDS`.  Returns how many were removed; never raises."""
    now = time.time() if now is None else now
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not is_temporary(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            m = _NAME_RE.match(entry.name)
            mine = m is not None and m.group(2) == _host_tag()
            pid = int(m.group(1)) if m is not None else -1
            if mine and pid == os.getpid():
                continue  # another thread of this process is writing it
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS
            if old or (mine and _process_gone(pid)):
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


# --------------------------------------------------------------------------- checks


def file_mode() -> int:
    """The mode of every output: what a plain ``open()`` would give (0666 less the
    umask), whatever the writer did to its temporary file."""
    global _MODE
    if _MODE is None:
        umask: int | None = None
        try:  # Linux tells the umask without changing it (no race with other threads)
            with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith("Umask:"):
                        umask = int(line.split()[1], 8)
                        break
        except (OSError, ValueError):
            umask = None
        if umask is None:
            umask = os.umask(0o022)
            os.umask(umask)
        _MODE = 0o666 & ~umask
    return _MODE


_MODE: int | None = None


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _key(path: str) -> str:
    return os.path.normcase(path)


@dataclass(slots=True)
class Inputs:
    """The files a job reads, so that no output replaces one of them.

    A file is known by its real path (symlinks followed) and, when it exists, by its
    device and inode (a hard link, or another spelling on a case-insensitive disk).
    """

    _paths: dict[str, str] = field(default_factory=dict)
    _ids: dict[tuple[int, int], str] = field(default_factory=dict)

    def add(self, path: StrPath, role: str = "an input") -> None:
        """Record ``path`` as read, described as ``role`` (``"the manifest"``)."""
        try:
            real = os.path.realpath(os.fspath(path))
        except (OSError, ValueError):
            return
        self._paths.setdefault(_key(real), role)
        try:
            st = os.stat(real)
        except (OSError, ValueError):
            return
        self._ids.setdefault((st.st_dev, st.st_ino), role)

    def add_all(self, paths: Iterable[StrPath], role: str = "an input") -> None:
        for p in paths:
            self.add(p, role)

    def role_of(self, real: str, st: os.stat_result | None) -> str | None:
        """How the file at the real path ``real`` was recorded, or ``None``."""
        role = self._paths.get(_key(real))
        if role is None and st is not None:
            role = self._ids.get((st.st_dev, st.st_ino))
        return role

    def __len__(self) -> int:
        return len(self._paths)


def _where(label: str | None, dest: str) -> str:
    return f"{label}: {dest}" if label else dest


def check_target(dest: StrPath, inputs: Inputs | None = None, *, label: str | None = None) -> Path:
    """The file to write for ``dest`` (a symlink followed to its target), or
    :class:`OutputError` when it must not be written: an input, a directory, a FIFO,
    a device, a folder that does not exist or cannot be written.

    ``label`` starts the message (e.g. ``"book.yaml:40: the pdf output"``).
    """
    if not isinstance(dest, (str, os.PathLike)):
        raise TypeError(f"an output path must be a str or os.PathLike, not {type(dest).__name__}")
    name = os.fspath(dest)
    if not name:
        raise OutputError(_where(label, "(empty)") + ": an output needs a file name")
    where = _where(label, name)
    try:
        real = os.path.realpath(name)
    except (OSError, ValueError) as exc:
        raise OutputError(f"{where}: cannot be resolved: {exc}") from None
    try:
        st: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        st = None
    except (OSError, ValueError) as exc:
        cause = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise OutputError(f"{where}: cannot be written: {cause}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{where}: is a directory; give a file name")
    if st is not None and not stat.S_ISREG(st.st_mode):
        via = f" (through the symlink to {real})" if real != os.path.abspath(name) else ""
        raise OutputError(
            f"{where}: is {_kind(st.st_mode)}{via}, not a regular file; "
            "outputs are written only to regular files"
        )
    if inputs is not None:
        role = inputs.role_of(real, st)
        if role is not None:
            raise OutputError(
                f"{where}: is {role} of this job; writing it would destroy it "
                "(give the output another path)"
            )
    folder = os.path.dirname(real)
    if not os.path.isdir(folder):
        raise OutputError(f"{where}: the directory {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"{where}: the directory {folder} cannot be written")
    return Path(real)


def describe_os_error(exc: OSError, dest: StrPath, temporary: StrPath | None = None) -> str:
    """``dest: cannot write: No space left on device``, naming another file when the
    error concerns one (a cover image that vanished)."""
    cause = exc.strerror or str(exc)
    other = exc.filename
    if other is not None and temporary is not None and os.fspath(other) == os.fspath(temporary):
        other = None
    if other is not None and os.fspath(other) != os.fspath(dest):
        return f"{os.fspath(dest)}: cannot write: {other}: {cause}"
    return f"{os.fspath(dest)}: cannot write: {cause}"


# --------------------------------------------------------------------------- the set


@dataclass(slots=True)
class _Entry:
    dest: Path
    """The path as the caller gave it (reported back by :meth:`AtomicOutputs.commit`)."""
    target: Path
    """The file that is replaced: ``dest`` with symlinks followed."""
    tmp: Path
    label: str | None


class AtomicOutputs:
    """A set of outputs renamed into place together, or not at all.

    ::

        inputs = Inputs()
        inputs.add(manifest_path, "the manifest")        # every file the job reads
        with AtomicOutputs(inputs) as outputs:
            for dest in dests:
                outputs.check(dest)                  # before any work: fail fast
            ...                                      # the long work (parsing)
            for dest in dests:
                tmp = outputs.reserve(dest)          # an empty file beside dest
                writer.write(book, tmp, options)     # the whole new file, at tmp
            outputs.write_bytes(report, data)        # a small file in one call
            outputs.commit()                         # check all, then rename all

    Leaving the ``with`` block without :meth:`commit` (an exception, a strict failure)
    removes every temporary file and leaves every destination as it was.
    """

    def __init__(self, inputs: Inputs | Iterable[StrPath] | None = None) -> None:
        if inputs is None:
            inputs = Inputs()
        elif not isinstance(inputs, Inputs):
            paths = list(inputs)
            inputs = Inputs()
            inputs.add_all(paths)
        self.inputs: Inputs = inputs
        self._checked: dict[str, str] = {}
        self._entries: dict[str, _Entry] = {}
        self._done = False

    # -- planning

    def check(self, dest: StrPath, *, label: str | None = None) -> Path:
        """Check ``dest`` now (see :func:`check_target`) and claim it: another output
        of this set with the same file is an :class:`OutputError`."""
        target = check_target(dest, self.inputs, label=label)
        key = _key(os.fspath(target))
        first = self._checked.get(key)
        if first is None:
            first = self._same_file(target)
        if first is not None:
            same = "" if first == os.fspath(dest) else f" as {first}"
            raise OutputError(
                f"{_where(label, os.fspath(dest))}: is the same file{same}: two outputs would "
                "overwrite each other (give each output its own path)"
            )
        self._checked[key] = os.fspath(dest)
        return target

    def _same_file(self, target: Path) -> str | None:
        try:
            st = os.stat(target)
        except OSError:
            return None
        for key, dest in self._checked.items():
            try:
                other = os.stat(key)
            except OSError:
                continue
            if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
                return dest
        return None

    def reserve(self, dest: StrPath, *, label: str | None = None) -> Path:
        """A new, empty temporary file beside ``dest``'s target, for the whole new
        content of ``dest``.  Checks ``dest`` first (unless :meth:`check` did)."""
        self._open()
        target = check_target(dest, self.inputs, label=label)
        name = os.fspath(dest)
        key = _key(os.fspath(target))
        if key in self._entries or key not in self._checked:
            self.check(dest, label=label)  # raises for the second of two equal outputs
        tmp = target.with_name(temporary_name(target.name))
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
            os.close(fd)
        except OSError as exc:
            cause = exc.strerror or str(exc)
            raise OutputError(
                f"{_where(label, os.fspath(name))}: cannot write in {target.parent}: {cause}"
            ) from None
        self._entries[key] = _Entry(dest=Path(name), target=target, tmp=tmp, label=label)
        return tmp

    def write_bytes(self, dest: StrPath, data: bytes, *, label: str | None = None) -> None:
        """Reserve ``dest`` and write ``data`` to its temporary file."""
        tmp = self.reserve(dest, label=label)
        try:
            with open(tmp, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise OutputError(describe_os_error(exc, dest, tmp)) from None

    def temporaries(self) -> tuple[Path, ...]:
        return tuple(e.tmp for e in self._entries.values())

    # -- the end

    def commit(self) -> tuple[Path, ...]:
        """Check every output again, flush each to disk, then rename all into place.

        Every check that can fail (a destination that became a directory or a device,
        a full disk found by ``fsync``, a mode that cannot be set) runs before the first
        rename.  Returns the destinations in the order they were reserved.
        """
        self._open()
        entries = list(self._entries.values())
        mode = file_mode()
        try:
            for e in entries:
                check_target(e.dest, self.inputs, label=e.label)
                try:
                    st = os.lstat(e.tmp)
                    if not stat.S_ISREG(st.st_mode):
                        raise OutputError(f"{e.dest}: the writer did not leave a regular file")
                    os.chmod(e.tmp, mode)
                    _fsync(e.tmp)
                except OSError as exc:
                    raise OutputError(describe_os_error(exc, e.dest, e.tmp)) from None
            for e in entries:
                try:
                    os.replace(e.tmp, e.target)
                except OSError as exc:
                    raise OutputError(describe_os_error(exc, e.dest, e.tmp)) from None
        except BaseException:
            self.abort()
            raise
        for folder in {e.target.parent for e in entries}:
            _fsync_dir(folder)
        self._done = True
        return tuple(e.dest for e in entries)

    def abort(self) -> None:
        """Remove every temporary file; the destinations stay as they were."""
        for e in self._entries.values():
            try:
                os.unlink(e.tmp)
            except OSError:
                pass
        self._entries.clear()
        self._done = True

    def _open(self) -> None:
        if self._done:
            raise RuntimeError("this AtomicOutputs was committed or aborted already")

    def __enter__(self) -> AtomicOutputs:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if not self._done:
            self.abort()

    def __iter__(self) -> Iterator[Path]:
        return iter(e.dest for e in self._entries.values())


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    """Make the renames durable (POSIX; best effort)."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a directory; the rename happened anyway
    finally:
        os.close(fd)


def write_atomically(
    dest: StrPath,
    render: Callable[[Path], T],
    *,
    inputs: Inputs | Iterable[StrPath] | None = None,
    label: str | None = None,
) -> T:
    """Render one output: ``render(tmp)`` writes the whole file at ``tmp``; then it is
    renamed to ``dest``.  On any failure ``dest`` is untouched and ``tmp`` removed.
    Returns what ``render`` returned."""
    with AtomicOutputs(inputs) as outputs:
        tmp = outputs.reserve(dest, label=label)
        result = render(tmp)
        outputs.commit()
    return result


__all__ = [
    "PREFIX",
    "STALE_SECONDS",
    "AtomicOutputs",
    "Inputs",
    "OutputError",
    "check_target",
    "describe_os_error",
    "file_mode",
    "is_temporary",
    "sweep_stale",
    "temporary_name",
    "write_atomically",
]
