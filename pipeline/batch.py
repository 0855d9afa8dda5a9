"""Loading a batch of files: discover, extract (here, in a process pool or on Dask) and store.

``ingest_paths`` is the plain loop (discover, hash, skip what is loaded, extract, load).
``run_ingest``, behind ``kehoach ingest``, runs the same steps in batches through the
Prefect flow, whose tasks call ``discover`` and ``load_batch`` here (and ``start_run``,
``finish_run`` of ``pipeline.load``). Starting a flow takes seconds: meanwhile this
process already extracts the first documents (``Prefetch``), and the batches load
those results instead of extracting them again.

The library imports no ``flows``: ``run_ingest`` finds the orchestrator by name
(``ORCHESTRATOR``), the way a console script is named in ``pyproject.toml``, and uses
its two entry points (``start_local_server``, ``ingest_runner``).
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from pipeline.errors import KehoachError, RunError
from pipeline.reading import iter_paths
from pipeline.load import (
    add_copy,
    finish_run,
    hash_file,
    is_transient,
    known_files,
    loaded_hashes,
    quarantine,
    start_run,
    store_file,
)
from pipeline.pool import auto_workers, pool_mapper, shutdown_pools, start_pool
from pipeline.progress import Progress
from pipeline.store import connect, database_url, migrate
from pipeline.worker import Extracted, extract_file, one_line

ORCHESTRATOR = "flows"  # the package holding the Prefect flow (see the module docstring)
MAX_BATCH = 25


@dataclass
class Tally:
    """What happened to the files of a run (or of one batch)."""

    found: int = 0
    skipped: int = 0  # already loaded before extraction
    loaded: int = 0  # new documents
    copies: int = 0  # files recorded as another copy of a stored document
    replaced: int = 0
    unchanged: int = 0  # extracted, but another process had stored it meanwhile
    pages: int = 0
    quarantined: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # copies that disagree, and which one is used

    def add(self, other: "Tally") -> "Tally":
        for name in ("found", "skipped", "loaded", "copies", "replaced", "unchanged", "pages"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.quarantined.extend(other.quarantined)
        self.notes.extend(other.notes)
        return self

    def count(self, outcome: str) -> None:
        """One more file with this outcome of :func:`store_file`."""
        name = "copies" if outcome == "copy" else outcome
        setattr(self, name, getattr(self, name) + 1)

    def counts(self) -> dict:
        return {"found": self.found, "skipped": self.skipped, "loaded": self.loaded, "copies": self.copies,
                "replaced": self.replaced, "unchanged": self.unchanged, "pages": self.pages,
                "quarantined": len(self.quarantined), "disagreements": len(self.notes)}


def discover(engine: Engine, paths, run_id: str | None = None) -> tuple[list[tuple[str, str]], Tally]:
    """Files to process as (path, sha256), skipping content already loaded.

    Unreadable files are quarantined here; the same bytes as a stored file, found
    at a new path, are recorded as another copy without being read again.
    """
    tally, hashed = Tally(), []
    for path in iter_paths(paths):
        tally.found += 1
        try:
            hashed.append((str(path), hash_file(path)))
        except OSError as err:
            reason = f"cannot read file: {(err.strerror or str(err)).lower()}"
            quarantine(engine, path, None, reason, run_id)
            tally.quarantined.append((str(path), reason))
    done = loaded_hashes(engine, {sha for _, sha in hashed})
    todo = [(p, sha) for p, sha in hashed if sha not in done]
    known = known_files(engine, [(p, sha) for p, sha in hashed if sha in done])
    for p, sha in hashed:
        if sha not in done:
            continue
        if (os.path.realpath(p), sha) in known:
            tally.skipped += 1
            continue
        stored = add_copy(engine, p, sha, run_id)
        if stored.outcome in ("copy", "replaced"):
            tally.count(stored.outcome)
        todo.extend(item for item in stored.reread if item not in todo)
    return todo, tally


def store_extracted(engine: Engine, item: Extracted, run_id: str | None = None) -> str:
    """Load or quarantine one extracted file; returns the outcome.

    Transient database errors propagate (the caller retries); a record the
    database rejects for its content is quarantined. What storing said (copies
    that disagree, copies to read again) is left in ``item.stored``.
    """
    if item.error is None:
        try:
            item.stored = store_file(engine, item.doc, item.record, run_id)
            return item.stored.outcome
        except sa.exc.DBAPIError as err:
            if is_transient(err):
                raise
            item.error = f"the database rejected the record ({one_line(err.orig or err)})"
    quarantine(engine, item.path, item.sha256, item.error, run_id)
    return "quarantined"


def ingest_items(
    engine: Engine,
    items: Iterable[tuple[str, str]],
    run_id: str | None = None,
    mapper: Callable = map,
    on_item: Callable[[str, int], None] | None = None,
) -> Tally:
    """Extract (with ``mapper``, e.g. a process pool's ``imap``) and load items.

    Copies whose document had to go (the file its rows were read from changed
    into another document) are read again here, in this process.
    """
    tally, again = Tally(), []

    def count(ext: Extracted) -> None:
        outcome = store_extracted(engine, ext, run_id)
        n_pages = len(getattr(ext.record, "pages", ()) or ()) if outcome != "quarantined" else 0
        if outcome == "quarantined":
            tally.quarantined.append((ext.path, ext.error))
        else:
            tally.count(outcome)
            tally.pages += n_pages
            if ext.stored is not None:
                tally.notes.extend([ext.stored.note] if ext.stored.note else [])
                again.extend(ext.stored.reread)
        if on_item:
            on_item(outcome, n_pages)

    for ext in mapper(extract_file, items):
        count(ext)
    while again:
        path, _ = again.pop(0)
        try:
            item = (path, hash_file(path))
        except OSError:
            continue  # gone: nothing to read again
        count(extract_file(item))
    return tally


def ingest_paths(url_or_engine, paths, run_id: str | None = None) -> Tally:
    """The plain loop, without Prefect: discover, extract and load every file."""
    engine = connect(url_or_engine) if url_or_engine is None or isinstance(url_or_engine, str) else url_or_engine
    migrate(engine)
    run_id = start_run(engine, run_id)
    todo, tally = discover(engine, paths, run_id)
    tally.add(ingest_items(engine, todo, run_id))
    finish_run(engine, run_id, "completed", tally.counts())
    return tally


# -- batches of a run (the flow's tasks call these) -------------------------------------------

_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def migrated_engine(url: str) -> Engine:
    """One migrated engine per database and process (tasks may run on Dask workers)."""
    with _ENGINES_LOCK:
        if url not in _ENGINES:
            engine = connect(url)
            migrate(engine)
            _ENGINES[url] = engine
        return _ENGINES[url]


def load_batch(engine: Engine, items: list[tuple[str, str]], run_id: str, processes: int) -> tuple[Tally, bool]:
    """Extract (in a pool of ``processes`` workers when more than one) and load one batch;
    returns its tally and whether this process's progress counted it already."""
    done = loaded_hashes(engine, [sha for _, sha in items])  # loaded by a failed try or another ingest
    todo = [item for item in items if item[1] not in done]
    progress, prefetch = current_progress(), current_prefetch()
    mapper = pool_mapper(processes) if processes > 1 else map
    if prefetch is not None:
        mapper = prefetch.mapper(mapper)
    tally = ingest_items(engine, todo, run_id, mapper, progress.item if progress else None)
    tally.skipped += len(items) - len(todo)
    return tally, progress is not None


def batch_size_for(n: int, parallel: int) -> int:
    """Enough batches to keep every worker busy, at most MAX_BATCH documents each."""
    return max(1, min(MAX_BATCH, -(-n // (4 * max(1, parallel)))))


@dataclass
class Summary:
    run_id: str
    db: str  # password hidden
    tally: Tally = field(default_factory=Tally)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        """The run's summary for people: counts, then copies that disagree (on stdout)."""
        t = self.tally
        meanwhile = f", {t.unchanged} stored meanwhile by another run" if t.unchanged else ""
        out = [
            f"{t.found} files found: {t.loaded} documents loaded, {t.copies} copies of a stored document, "
            f"{t.replaced} replaced (new version of a loaded file), {t.skipped} already loaded, "
            f"{len(t.quarantined)} quarantined{meanwhile}; {t.pages} pages in {self.seconds:.1f} s",
            f"database: {self.db} (run {self.run_id})",
        ]
        if t.notes:
            out.append("copies that disagree (the better source is used; see the copies table):")
            out.extend(f"  {note}" for note in t.notes)
        return out

    def problems(self) -> list[str]:
        """The files not loaded, each named with its reason (on stderr)."""
        if not self.tally.quarantined:
            return []
        return ["quarantined (see the quarantine table):",
                *(f"  {path}: {reason}" for path, reason in self.tally.quarantined)]


def _absolute_sqlite(url: str) -> str:
    """A relative SQLite path made absolute, so every worker opens the same file."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        parsed = parsed.set(database=os.path.abspath(os.path.expanduser(parsed.database)))
    return parsed.render_as_string(hide_password=False)


class Prefetch:
    """Documents extracted while the flow gets going.

    Starting the flow takes seconds (Prefect's import, its temporary server's
    boot, the flow run's creation), during which this process would wait.
    ``start`` extracts files not yet loaded meanwhile, in discovery order, on a
    background thread, up to ``limit`` documents. The first batch stops
    it; ``mapper`` serves its results to the batches and extracts the rest as
    usual. Results are keyed by (path, sha256): a file changed in between is
    extracted again.
    """

    def __init__(self, limit: int = 200):
        self.limit, self.results = limit, {}
        self._stop, self._thread = threading.Event(), None

    def start(self, engine, paths) -> "Prefetch":
        self._thread = threading.Thread(target=self._run, args=(engine, paths), daemon=True,
                                        name="kehoach-prefetch")
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self, engine, paths) -> None:
        try:
            for path in iter_paths(paths):
                if len(self.results) >= self.limit or self._stop.is_set():
                    break
                try:
                    item = (str(path), hash_file(path))
                except OSError:
                    continue  # discovery quarantines it
                if not loaded_hashes(engine, [item[1]]):
                    self.results[item] = extract_file(item)
        except Exception:  # noqa: BLE001 (a database hiccup: the batches do the rest)
            pass

    def take(self, item) -> Extracted | None:
        return self.results.pop(tuple(item), None)

    def mapper(self, inner):
        """``inner`` (map or a pool's map) over the items this prefetch has not done."""

        def mapper(fn, items):
            self.stop()
            rest = []
            for item in items:
                found = self.take(item)
                if found is None:
                    rest.append(item)
                else:
                    yield found
            yield from inner(fn, rest)

        return mapper


# -- the run ----------------------------------------------------------------------------------

_PROGRESS: Progress | None = None  # the progress bar of the run in this process, if any
_PREFETCH: Prefetch | None = None  # results extracted before the flow began, in this process


def current_progress() -> Progress | None:
    # Tasks call this rather than read _PROGRESS: a task shipped to Dask is
    # pickled with the globals it names, and a progress bar does not pickle.
    return _PROGRESS


def current_prefetch() -> Prefetch | None:
    return _PREFETCH  # read through a function, like current_progress(): tasks shipped to Dask do not carry it


def run_ingest(paths, db: str | None = None, workers: int | None = None, dask_address: str | None = None,
               batch_size: int | None = None, progress: bool = False) -> Summary:
    """Run the ingest flow; raises if the run itself fails (bad files are quarantined): a
    KehoachError as it is, any other error as a :class:`~pipeline.errors.RunError` naming it.

    ``workers``: processes extracting documents (default: ``auto_workers``).
    """
    try:
        return _run_ingest(paths, db, workers, dask_address, batch_size, progress)
    except KehoachError:
        raise
    except Exception as err:
        reason = _without_password(" ".join(str(err).split())[:300], db)
        raise RunError(f"ingest failed: {type(err).__name__}: {reason}") from err


def _without_password(text: str, db: str | None) -> str:
    """``text`` with the password of the database URL (``db`` or env KEHOACH_DB) masked."""
    from sqlalchemy.engine import make_url

    try:
        password = make_url(db or os.environ.get("KEHOACH_DB") or "sqlite://").password
    except (sa.exc.ArgumentError, ValueError):  # not a URL: no password to hide
        return text
    return text.replace(str(password), "***") if password else text


def _run_ingest(paths, db, workers, dask_address, batch_size, progress) -> Summary:
    global _PROGRESS, _PREFETCH
    from importlib import import_module

    from sqlalchemy.engine import make_url

    from pipeline.cluster import check_scheduler

    if dask_address:  # before Prefect is imported: an unreachable cluster fails in a few seconds
        check_scheduler(dask_address)
    orchestrator = import_module(ORCHESTRATOR)  # imports no Prefect
    orchestrator.start_local_server()  # a temporary Prefect server boots while Prefect is imported
    run_flow = orchestrator.ingest_runner()
    started = time.perf_counter()
    url = _absolute_sqlite(database_url(db))
    engine = migrated_engine(url)  # connect and migrate now: a bad --db fails before the flow starts
    workers = auto_workers(paths) if workers is None else max(1, int(workers))
    if dask_address:
        processes, parallel = 1, max(2, workers)
        paths = [os.path.abspath(p) for p in paths]  # workers elsewhere may have another working directory
    else:
        processes, parallel = workers, workers
        _PREFETCH = Prefetch().start(engine, paths)  # Dask workers could not see its results
        if processes > 1:
            start_pool(processes)
    _PROGRESS = Progress(progress)
    try:
        run_id, tally = run_flow([str(p) for p in paths], url, processes=processes, parallel=parallel,
                                 batch_size=batch_size, dask_address=dask_address, announce=progress)
    finally:
        if _PREFETCH is not None:
            _PREFETCH.stop()
        _PROGRESS.close()
        _PROGRESS = _PREFETCH = None
        shutdown_pools()
    shown = make_url(url).render_as_string(hide_password=True)
    return Summary(run_id=run_id, db=shown, tally=tally, seconds=time.perf_counter() - started)
