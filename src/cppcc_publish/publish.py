"""The only place that connects manifest -> read -> transform -> write: ``build``.

Articles are parsed in parallel (a process pool) and cached by the hash of their bytes,
the read options and the parser's own source, so rebuilding after editing one article
re-parses one; a cache entry that does not validate is parsed again and replaced.
Overrides and fixes from the manifest are applied; with ``strict`` any warning that
remains fails the build before an output is touched.

The outputs and the report are one :class:`~cppcc_publish.atomic.AtomicOutputs`: every
path and option is checked before the first article is parsed (no output may be an input,
a directory, a device, or the same file as another output), every output is rendered to
a temporary file, and all are renamed into place only when all succeeded.  Temporary
files a killed build left behind are swept by the next build.  Parse workers die with
the build (``kill -9`` included) and leave Ctrl-C to it.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import __version__
from .api import parse_bytes
from .atomic import AtomicOutputs, Inputs, OutputError, describe_os_error, sweep_stale, temporary_name
from .dump import from_dict, to_dict
from .errors import CppccError, Diagnostic, InputError, StrictError, check_type
from .inputs import MAX_TEXT_BYTES, read_bytes
from .manifest import ArticleEntry, Fix, Manifest, ManifestError, MatterEntry, load_manifest
from .model import Article, Block, BookMeta, Compilation, Flag, Matter, Paragraph, Part
from .options import ReadOptions
from .photos import check_photos, give_photos, judge_captions
from .transforms.punctuation import fix_punctuation, tidy_space

# --------------------------------------------------------------------------- cache


@lru_cache(maxsize=1)
def parser_fingerprint() -> str:
    """A hash of the parser's own source: a cached article is stale when it changes."""
    root = Path(__file__).parent
    h = hashlib.sha256(__version__.encode())
    files = sorted(
        [*root.glob("readers/*.py"), *root.glob("transforms/*.py"), *root.glob("data/*")]
        + [root / n for n in ("textio.py", "model.py", "dump.py", "api.py", "charsets.py", "options.py")]
    )
    for f in files:
        if f.is_file():
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cppcc_publish" / "articles"


CACHE_FORMAT = 2
"""The layout of a cache entry: ``{"format", "key", "article"}``; bump it when it changes."""


def cache_key(data: bytes, options: ReadOptions, **parts: str) -> str:
    """The cache key of an article: its bytes, the read options, the parser's source and
    any further named ``parts`` the parse depends on (say ``reader="text"``,
    ``reader_version="2"``): a new part is one more keyword, and changes every key."""
    named = {
        "format": str(CACHE_FORMAT),
        "parser": parser_fingerprint(),
        "options": repr((options.keep_script, options.protected_words, options.disable,
                         options.column_separators)),
        **parts,
    }
    h = hashlib.sha256(data)
    for name in sorted(named):
        h.update(f"\0{name}={named[name]}".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _parse_bytes(args: tuple[str, bytes, ReadOptions, str]) -> Article:
    """Worker: bytes -> article with the reader chosen for them (frozen dataclasses
    pickle across the pool)."""
    path, data, options, reader = args
    return parse_bytes(data, path, options, reader=reader)


# --------------------------------------------------------------------------- workers

_PR_SET_PDEATHSIG = 1


def _worker_init(parent: int) -> None:
    """First thing in each parse worker: leave Ctrl-C to the build (which stops the
    pool and prints one line), and die with the build, even after ``kill -9``.

    On Linux the kernel kills the worker when its parent goes (``PR_SET_PDEATHSIG``);
    elsewhere, and when the parent is a fork server, a watchdog thread checks every
    half second that the build still runs.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    armed = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if not _alive(parent):  # the build died before the line above ran
        os._exit(1)
    if armed and os.getppid() == parent:
        return
    threading.Thread(target=_watch, args=(parent, os.getppid()), daemon=True,
                     name="cppcc-watchdog").start()


def _alive(pid: int) -> bool:
    if sys.platform == "win32":
        return True  # os.kill(pid, 0) would send Ctrl-C there; _watch uses the ppid
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _watch(parent: int, ppid: int) -> None:
    while True:
        time.sleep(0.5)
        if not _alive(parent) or os.getppid() != ppid:
            os._exit(1)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: pending work cancelled, workers terminated (Ctrl-C, an error)."""
    pool.shutdown(wait=False, cancel_futures=True)
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for p in processes:
        try:
            p.terminate()
        except (OSError, ValueError, AttributeError):
            pass
    for p in processes:
        try:
            p.join(timeout=5)
        except (OSError, ValueError, AssertionError, AttributeError):
            pass


def _parallel(
    todo: list[tuple[Path, bytes, str]],
    args: list[tuple[str, bytes, ReadOptions, str]],
    workers: int,
    out: dict[Path, Article],
    cache_dir: Path | None,
    progress: Callable[[int], None] | None,
) -> None:
    _parallel_map(args, workers, lambda results: _collect(todo, results, out, cache_dir, progress))


def _parallel_map(
    args: list[tuple[str, bytes, ReadOptions, str]],
    workers: int,
    consume: Callable[[Iterable[Article]], None],
) -> None:
    """Parse ``args`` on ``workers`` processes, handing the articles, in order, to ``consume``."""
    # Ctrl-C is held back while the workers are forked, so none of them can get it
    # before _worker_init has told it to ignore it; the build gets it just after.
    block = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
    if block:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, initargs=(os.getpid(),))
    try:
        try:
            results: Iterable[Article] = pool.map(
                _parse_bytes, args, chunksize=max(1, len(args) // (workers * 4))
            )
        finally:
            if block:
                signal.pthread_sigmask(signal.SIG_SETMASK, old)
        consume(results)
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()


def parse_files(
    names: Sequence[str], options: ReadOptions, *, reader: str | None = None, jobs: int | None = None
) -> list[Article]:
    """:func:`~cppcc_publish.api.read_article` for each of ``names``, in order, the parsing
    spread over the idle cores (``jobs`` processes at most) when there are several files.
    Every file is read (and a missing or unreadable one reported) before any is parsed."""
    from .readers import choose_reader
    from .transforms import check_names

    check_names(options.disable)
    args: list[tuple[str, bytes, ReadOptions, str]] = []
    for name in names:
        if os.path.isdir(name):
            raise InputError(name, "is a directory, not a file")
        data = read_bytes(name, limit=MAX_TEXT_BYTES)
        args.append((name, data, options, choose_reader(data, name, reader).name))
    workers = min(jobs or _spare_cores(), len(args))
    if workers > 1 and len(args) >= 8:
        out: list[Article] = []
        _parallel_map(args, workers, out.extend)
        return out
    return [_parse_bytes(a) for a in args]


@dataclass(frozen=True, slots=True)
class ParseStats:
    parsed: int
    cached: int
    seconds: float


def read_articles(
    paths: Sequence[Path],
    options: ReadOptions,
    *,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    readers: Mapping[Path, str] | None = None,
) -> tuple[dict[Path, Article], ParseStats]:
    """Parse ``paths`` (unique), from the cache where possible, the rest in parallel.
    ``readers`` names the reader of a path (``reader: html`` in the manifest); the others
    are chosen by their content.  The reader's name and version are part of the cache
    key, so a file read by another reader, or by a newer one, is parsed again."""
    from .readers import choose_reader

    start = time.perf_counter()
    out: dict[Path, Article] = {}
    todo: list[tuple[Path, bytes, str]] = []
    chosen: dict[Path, str] = {}
    if cache_dir is not None:
        _sweep_cache(cache_dir)
    for path in paths:
        data = _read_bytes(path)
        reader = choose_reader(data, str(path), (readers or {}).get(path))
        chosen[path] = reader.name
        key = cache_key(data, options, reader=reader.name, reader_version=reader.version)
        cached = _cache_get(cache_dir, key)
        if cached is not None:
            out[path] = _attach_path(cached, path)
            if progress:
                progress(1)
        else:
            todo.append((path, data, key))
    workers = min(jobs or _spare_cores(), len(todo))
    args = [(str(p), d, options, chosen[p]) for p, d, _ in todo]
    if workers > 1 and len(todo) >= 8:
        _parallel(todo, args, workers, out, cache_dir, progress)
    else:
        _collect(todo, map(_parse_bytes, args), out, cache_dir, progress)
    return out, ParseStats(parsed=len(todo), cached=len(paths) - len(todo), seconds=time.perf_counter() - start)


def _spare_cores() -> int:
    """Cores a parse pool can use: those the system's load leaves idle (a pool on busy
    cores only adds the cost of shipping articles between processes)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        busy = int(os.getloadavg()[0] + 0.5)
    except OSError:
        busy = 0
    return max(1, min(cores, cores - busy + 1))


def _collect(
    todo: list[tuple[Path, bytes, str]],
    results: Iterable[Article],
    out: dict[Path, Article],
    cache_dir: Path | None,
    progress: Callable[[int], None] | None,
) -> None:
    for (path, _, key), article in zip(todo, results):
        if cache_dir is not None:
            _cache_put(cache_dir, key, to_dict(article))
        out[path] = article
        if progress:
            progress(1)


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; a FIFO, a device or a file over the size cap is refused
    (:class:`InputError`) before a byte is read."""
    return read_bytes(path, limit=MAX_TEXT_BYTES)


def _attach_path(article: Article, path: Path) -> Article:
    name = str(path)
    return replace(
        article, path=name, diagnostics=tuple(replace(d, file=name) for d in article.diagnostics)
    )


def _cache_get(cache_dir: Path | None, key: str) -> Article | None:
    """The cached article of ``key``, or ``None``.  An entry that does not validate (not
    JSON, another key or layout, not the model's shape: a damaged disk, an older version,
    a hand edit) is removed, so the article is parsed again and the entry rewritten."""
    if cache_dir is None:
        return None
    f = cache_dir / key[:2] / f"{key}.json"
    try:
        raw = read_bytes(f, limit=8 * MAX_TEXT_BYTES, what="a cache entry")
    except InputError:
        if os.path.lexists(f):
            _drop(f)
        return None
    try:
        entry = json.loads(raw.decode("utf-8"))
        if not isinstance(entry, dict) or entry.get("format") != CACHE_FORMAT or entry.get("key") != key:
            raise ValueError("not an entry of this key")
        article = from_dict(entry["article"])  # checks every field's type
    except Exception:  # whatever a damaged entry makes the loader raise
        _drop(f)
        return None
    return article


def _drop(f: Path) -> None:
    try:
        os.unlink(f)
    except OSError:
        pass


def _cache_put(cache_dir: Path | None, key: str, data: dict[str, Any]) -> None:
    if cache_dir is None:
        return
    folder = cache_dir / key[:2]
    tmp = folder / temporary_name(f"{key}.json")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        entry = {"format": CACHE_FORMAT, "key": key, "article": data}
        blob = json.dumps(entry, ensure_ascii=False).encode("utf-8", "surrogatepass")
        with open(tmp, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, folder / f"{key}.json")
    except (OSError, ValueError):
        _drop(tmp)  # a cache that cannot be written only costs time


def _sweep_cache(cache_dir: Path) -> None:
    """Remove the temporary files killed builds left in the cache."""
    try:
        folders = [e.path for e in os.scandir(cache_dir) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return
    for folder in folders:
        sweep_stale(folder)


# --------------------------------------------------------------------------- overrides


class FixError(ManifestError):
    """A fix that matches nothing: stale fixes must be noticed."""


def _apply_fix_to_block(block: Block, fix: Fix) -> tuple[Block, int]:
    text = block.text
    count = text.count(fix.find)
    if count == 0:
        return block, 0
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        i = text.find(fix.find, pos)
        if i < 0:
            break
        spans.append((i, i + len(fix.find)))
        pos = i + len(fix.find)
    new_text = text.replace(fix.find, fix.replace)
    if new_text == text:
        return block, count  # it matched but changed nothing: it resolves nothing either
    delta = len(fix.replace) - len(fix.find)
    flags: list[Flag] = []
    for f in block.flags:
        if any(a < f.end and f.start < b for a, b in spans):
            continue  # the editor replaced (part of) the garbled span: resolved
        shift = delta * sum(1 for a, b in spans if b <= f.start)
        flags.append(replace(f, start=f.start + shift, end=f.end + shift))
    return replace(block, text=new_text, flags=tuple(flags)), count


def apply_fixes(article: Article, fixes: Sequence[Fix], manifest: Path) -> Article:
    """Apply find → replace pairs to the title, subtitle, author note and body."""
    for fix in fixes:
        total = 0
        body: list[Block] = []
        for block in article.body:
            new, n = _apply_fix_to_block(block, fix)
            total += n
            body.append(new)
        fields: dict[str, Any] = {}
        for name in ("title", "subtitle", "author_note"):
            value = getattr(article, name)
            if value and fix.find in value:
                total += value.count(fix.find)
                fields[name] = value.replace(fix.find, fix.replace)
        if total == 0:
            where = f"{manifest}:{fix.line}" if fix.line else str(manifest)
            raise FixError(
                f"{where}: the fix {fix.find!r} matches nothing in {article.path} "
                "(fixes match the text as 'cppcc-publish parse' prints it)"
            )
        article = replace(article, body=tuple(body), **fields)
    return article


def _refresh_warnings(article: Article) -> Article:
    """Drop warnings that overrides and fixes have answered."""
    spans = {f.span for f in article.flags}
    kept = []
    for d in article.diagnostics:
        if d.code == "no-title" and article.title:
            continue
        if d.code == "garbled-text" and not any(f"«{s}»" in d.message for s in spans):
            continue
        kept.append(d)
    return replace(article, diagnostics=tuple(kept))


def apply_overrides(article: Article, entry: ArticleEntry, manifest: Path) -> Article:
    article = apply_fixes(article, entry.fixes, manifest)
    fields: dict[str, Any] = {}
    for name in ("title", "subtitle", "column", "date", "source"):
        value = getattr(entry, name)
        if value is not None:
            fields[name] = value
    if entry.authors is not None:
        fields["authors"] = entry.authors
    if fields:
        article = replace(article, **fields)
    return _refresh_warnings(article)


# --------------------------------------------------------------------------- the book


def _matter(entry: MatterEntry) -> Matter:
    paras = []
    for line in entry.text.splitlines():
        text = tidy_space(fix_punctuation(tidy_space(line)))
        if text:
            paras.append(Paragraph(text=text))
    return Matter(title=entry.title, body=tuple(paras))


def with_photos(article: Article, entry: ArticleEntry, manifest: Manifest) -> Article:
    """``article`` with the photos the reader found checked, the manifest's given to its
    captions, and its captions without photos judged as the manifest says
    (:mod:`cppcc_publish.photos`)."""
    article = give_photos(check_photos(article), entry.images, manifest.path)
    return judge_captions(article, entry.captions_without_photos or manifest.captions_without_photos)


def compile_book(manifest: Manifest, articles: dict[Path, Article]) -> Compilation:
    """The :class:`Compilation` a manifest describes, overrides, fixes and photos
    applied."""
    b = manifest.book
    meta = BookMeta(
        title=b.title, subtitle=b.subtitle, compiler=b.compiler, year=b.year,
        publisher=b.publisher, notice=b.notice, permit=b.permit, recipients=b.recipients,
        printer=b.printer,
        print_run=b.print_run, edition_date=b.edition_date,
        cover=str(b.cover) if b.cover else None,
    )
    parts = []
    for part in manifest.parts:
        items = [
            with_photos(apply_overrides(articles[e.path], e, manifest.path), e, manifest)
            for e in part.articles if not e.exclude
        ]
        if part.sort == "date":
            items.sort(key=lambda a: (a.date is None, a.date or _dt.date.min))
        parts.append(Part(title=part.title, articles=tuple(items)))
    return Compilation(
        meta=meta,
        parts=tuple(parts),
        front=tuple(_matter(m) for m in manifest.front),
        back=tuple(_matter(m) for m in manifest.back),
    )


# --------------------------------------------------------------------------- build


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildReport:
    """What a build did, for people (``summary()``) and tools (``to_dict()``)."""

    manifest: str
    outputs: tuple[str, ...]
    articles: int
    parsed: int
    cached: int
    pages: dict[str, int] = field(default_factory=dict, hash=False)
    warnings: tuple[Diagnostic, ...] = ()
    unresolved_garbled: int = 0
    seconds: dict[str, float] = field(default_factory=dict, hash=False)

    def warnings_by_code(self) -> dict[str, int]:
        return dict(sorted(Counter(d.code for d in self.warnings).items()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "manifest": _shown(self.manifest),
            "outputs": [_shown(o) for o in self.outputs],
            "articles": self.articles,
            "parsed": self.parsed,
            "cached": self.cached,
            "pages": self.pages,
            "warnings_by_code": self.warnings_by_code(),
            "unresolved_garbled_spans": self.unresolved_garbled,
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
            "warnings": [
                {"file": _shown(d.file) if d.file else d.file, "line": d.line, "paragraph": d.paragraph,
                 "code": d.code, "message": d.message}
                for d in self.warnings
            ],
        }

    def summary(self) -> str:
        lines = [
            f"built {len(self.outputs)} output(s) from {self.articles} article(s) "
            f"({self.parsed} parsed, {self.cached} from the cache)"
        ]
        for out in self.outputs:
            fmt = Path(out).suffix.lstrip(".")
            pages = f", {self.pages[fmt]} pages" if fmt in self.pages else ""
            lines.append(f"  {out}{pages}")
        by_code = self.warnings_by_code()
        lines.append(
            "warnings: " + (", ".join(f"{c} {n}" for c, n in by_code.items()) if by_code else "none")
        )
        lines.append(f"unresolved garbled spans: {self.unresolved_garbled}")
        lines.append("time: " + ", ".join(f"{k} {v:.2f} s" for k, v in self.seconds.items()))
        return "\n".join(lines)


def _shown(path: str) -> str:
    """A file name as text: bytes that are not UTF-8 (a GBK name from a Chinese Windows
    zip) shown as ``\\xb0\\xa1`` instead of breaking the JSON report."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _select_outputs(manifest: Manifest, only: Sequence[str] | None) -> list[Any]:
    from .writers import canonical_name

    outputs = list(manifest.outputs)
    if only is not None:
        wanted = [canonical_name(x.strip()) for x in only if x.strip()]
        if not wanted:
            raise ManifestError(
                f"{manifest.path}: --only names no format (give e.g. --only pdf,epub, or leave "
                "it out to build every output)"
            )
        listed = {o.format for o in outputs}
        unknown = [w for w in wanted if w not in listed]
        if unknown:
            raise ManifestError(
                f"{manifest.path}: --only names {', '.join(unknown)}, which the manifest's "
                f"outputs do not list (they list: {', '.join(sorted(listed))})"
            )
        outputs = [o for o in outputs if o.format in wanted]
    return outputs


def _count_pages(path: Path, suffix: str) -> int | None:
    if suffix.lower() != ".pdf":
        return None
    data = path.read_bytes()
    return data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type /Page>") + data.count(b"/Type /Page/")


class _Progress:
    """tqdm on a terminal, silence otherwise."""

    def __init__(self, total: int, desc: str, enabled: bool) -> None:
        self.bar: Any = None
        if enabled and total:
            try:
                from tqdm import tqdm
            except ImportError:  # pragma: no cover - tqdm is a dependency
                return
            self.bar = tqdm(total=total, desc=desc, unit="篇", file=sys.stderr, leave=False)

    def __call__(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _check_build_args(
    out_dir: object, only: object, strict: object, review: object, jobs: object,
    cache_dir: object, progress: object, report: object,
) -> None:
    """Misuse of :func:`build` named in the caller's terms, not deep in the pipeline."""
    check_type("build", "out_dir", out_dir, (str, os.PathLike, type(None)), "a folder path or None")
    if isinstance(only, (str, bytes)):
        raise TypeError(
            f"build(): only must be a list of format names such as ['pdf', 'epub'], not the "
            f"string {only!r} (it would be read letter by letter)"
        )
    if only is not None:
        if not isinstance(only, (list, tuple, set, frozenset)) or not all(isinstance(x, str) for x in only):
            raise TypeError(f"build(): only must be a list of format names such as ['pdf', 'epub'], not {only!r}")
    for name, value in (("strict", strict), ("review", review), ("report", report)):
        check_type("build", name, value, (bool,), "True or False")
    check_type("build", "progress", progress, (bool, type(None)), "True, False or None")
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise TypeError(f"build(): jobs must be a whole number of processes (1 or more) or None, not {jobs!r}")
    check_type("build", "cache_dir", cache_dir, (str, os.PathLike, bool, type(None)), "a folder path, True, False or None")


def _follow_print_edition(opts: dict[str, Any], manifest: Manifest) -> None:
    """An EPUB of a book the manifest also prints gives the print edition's folios in
    its page list: ``print_edition`` is the first PDF output's preset and options, unless
    the EPUB output names one (or ``null`` for none).  Whether this build renders that
    PDF (``--only``) does not matter: the printed book is the manifest's."""
    if "print_edition" in opts:
        return
    pdf = next((o for o in manifest.outputs if o.format == "pdf"), None)
    if pdf is not None:
        opts["print_edition"] = {**pdf.options, "preset": pdf.preset or pdf.options.get("preset") or "book"}


def build(
    manifest: str | os.PathLike[str] | Manifest,
    *,
    out_dir: str | os.PathLike[str] | None = None,
    only: Sequence[str] | None = None,
    strict: bool = False,
    review: bool = False,
    jobs: int | None = None,
    cache_dir: str | os.PathLike[str] | None | bool = True,
    progress: bool | None = None,
    report: bool = True,
) -> BuildReport:
    """Build the outputs a manifest lists (or those named in ``only``).

    ``out_dir`` puts the outputs in that folder under their own file names;
    ``cache_dir`` ``True`` uses the user cache, ``False``/``None`` none; ``strict``
    fails (:class:`StrictError`) on any warning left after overrides and fixes, leaving
    existing outputs untouched; ``review`` makes review copies where a writer can (DOCX
    comments on garbled spans and warnings).  A JSON report is written beside the outputs.

    Every path and option is checked before the first article is parsed: no output may
    be an input (an article, the manifest, the cover, a file an option names), a
    directory, a device or FIFO, or the same file as another output
    (:class:`~cppcc_publish.atomic.OutputError`).  The outputs and the report are renamed
    into place together once all are rendered, or none is.
    """
    from .writers import check_option_files, get_writer, inputs_of
    from .writers.folios import shared_layouts

    check_type("build", "manifest", manifest, (str, os.PathLike, Manifest), "a manifest path or a Manifest")
    _check_build_args(out_dir, only, strict, review, jobs, cache_dir, progress, report)
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    m = manifest if isinstance(manifest, Manifest) else load_manifest(manifest)
    outputs = _select_outputs(m, only)
    times["manifest"] = time.perf_counter() - t0

    target_dir = Path(out_dir).resolve() if out_dir is not None else None
    if target_dir is not None and not target_dir.is_dir():
        raise CppccError(f"{target_dir}: the output folder does not exist")
    inputs = Inputs()
    for path, role in m.inputs():
        inputs.add(path, role)

    # Every writer, option and path is checked before any parsing.
    plan: list[tuple[Any, Any, dict[str, object], Path, str]] = []
    for out in outputs:
        where = f"{m.path}:{out.line}" if out.line else str(m.path)
        writer = get_writer(out.format)
        opts: dict[str, Any] = dict(out.options)
        if out.preset is not None:
            opts.setdefault("preset", out.preset)
        if review and "review" in writer.options:
            opts["review"] = True
        if out.format == "epub" and "print_edition" in writer.options:
            _follow_print_edition(opts, m)
        if "timestamp" not in opts and m.book.edition_date is not None:
            opts["timestamp"] = _dt.datetime.combine(m.book.edition_date, _dt.time(), tzinfo=_dt.timezone.utc)
        try:
            resolved = writer.validate(opts)
        except CppccError as exc:
            raise type(exc)(f"{where}: the {out.format} output: {exc}") from None
        check_option_files(writer, resolved, inputs, f"{where}: the {out.format} output: ")
        dest = (target_dir / out.path.name) if target_dir else out.path
        plan.append((out, writer, resolved, dest, f"{where}: the {out.format} output"))

    with AtomicOutputs(inputs) as files:
        for _, _, _, dest, label in plan:
            files.check(dest, label=label)
        report_path = None
        if report and plan:
            report_path = plan[0][3].parent / f"{m.path.stem}.report.json"
            files.check(report_path, label=f"{m.path}: the build report")
        for folder in dict.fromkeys(dest.parent for _, _, _, dest, _ in plan):
            sweep_stale(folder)

        cache = default_cache_dir() if cache_dir is True else (Path(cache_dir) if cache_dir else None)
        options = ReadOptions(keep_script=m.keep_script, protected_words=m.protected_words)
        paths = list(dict.fromkeys(e.path for e in m.articles))
        named = {e.path: e.reader for e in m.articles if e.reader}
        show = sys.stderr.isatty() if progress is None else progress
        bar = _Progress(len(paths), "parse", show)
        try:
            articles, stats = read_articles(paths, options, cache_dir=cache, jobs=jobs, progress=bar, readers=named)
        finally:
            bar.close()
        times["parse"] = stats.seconds

        t = time.perf_counter()
        # photos a reader found beside an article, recorded before compile_book takes an
        # unreadable one off its caption, and those the manifest gives
        inputs_of(Compilation.of(*articles.values()), files.inputs)
        book = compile_book(m, articles)
        inputs_of(book, files.inputs)
        warnings = tuple(d for a in book.articles for d in a.diagnostics if d.level == "warning")
        unresolved = sum(len(a.flags) for a in book.articles)
        times["overrides"] = time.perf_counter() - t
        if strict and warnings:
            first = warnings[0].format()
            raise StrictError(
                f"{m.path}: {len(warnings)} warning(s) remain after overrides and fixes and "
                f"--strict was given; no output written (first: {first})"
            )

        rendered: list[tuple[Path, Path]] = []
        writer_warnings: list[Diagnostic] = []
        # PDFs first: an EPUB's page list reuses their layout (writers.folios)
        with shared_layouts():
            for out, writer, resolved, dest, label in sorted(plan, key=lambda p: p[0].format != "pdf"):
                t = time.perf_counter()
                tmp = files.reserve(dest, label=label)
                try:
                    diags = tuple(writer.write(book, tmp, resolved) or ())
                except OSError as exc:
                    raise OutputError(describe_os_error(exc, dest, tmp)) from exc
                rendered.append((tmp, dest))
                writer_warnings.extend(d for d in diags if d.level == "warning")
                times[out.format] = times.get(out.format, 0.0) + time.perf_counter() - t
        if strict and writer_warnings:
            raise StrictError(
                f"{m.path}: the writers gave {len(writer_warnings)} warning(s) and --strict was "
                f"given; no output written (first: {writer_warnings[0].format()})"
            )

        pages = {}
        for tmp, dest in rendered:
            n = _count_pages(tmp, dest.suffix)
            if n is not None:
                pages[dest.suffix.lstrip(".")] = n
        times["total"] = time.perf_counter() - t0
        result = BuildReport(
            manifest=str(m.path),
            outputs=tuple(str(d) for _, d in rendered),
            articles=len(book.articles),
            parsed=stats.parsed,
            cached=stats.cached,
            pages=pages,
            warnings=warnings + tuple(writer_warnings),
            unresolved_garbled=unresolved,
            seconds=times,
        )
        if report_path is not None:
            text = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
            files.write_bytes(report_path, text.encode("utf-8", "backslashreplace"),
                              label=f"{m.path}: the build report")
        files.commit()
    return result
