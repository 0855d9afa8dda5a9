"""Prefect flow behind ``kehoach ingest``: discover, extract in batches, load, summarise.

Thin by design: each task wraps functions of ``pipeline.load``. One task run
handles a batch of documents (a task run costs tens of milliseconds). With
``workers > 1`` (the default from 40 files on: one per CPU) batches run in
threads and extraction in a process pool whose workers start with the
extractors loaded; with ``dask_address`` batches run on an existing Dask
cluster (prefect-dask).
Runs are recorded by the Prefect server at ``PREFECT_API_URL``; without one,
a temporary local server (Prefect's own, under PREFECT_HOME; ``flows.server``)
is started as early as possible. Getting a flow going takes seconds: meanwhile
this process already extracts the first documents (``Prefetch``), and the
flow's batches load those results instead of extracting them again.

    python -m flows.ingest corpora/ --db sqlite:///kehoach.db --workers 2
"""
from __future__ import annotations

import os
import sys
import threading
import time
from dataclasses import dataclass, field

from flows.server import start_local_server  # first: it sets Prefect's environment defaults

from flows.cluster import check_scheduler  # noqa: E402

from prefect import flow, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.runtime import flow_run  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402
from pydantic import SecretStr  # noqa: E402

from pipeline.load import (  # noqa: E402
    Extracted,
    Tally,
    connect,
    database_url,
    discover,
    extract_file,
    finish_run,
    ingest_items,
    is_transient,
    loaded_hashes,
    migrate,
    start_run,
)

MAX_BATCH = 25


# -- plumbing: engines, the process pool, the progress bar -----------------------------------

_ENGINES: dict[str, object] = {}
_ENGINES_LOCK = threading.Lock()


def _engine(db: SecretStr):
    """One migrated engine per database and process (tasks may run on Dask workers)."""
    url = db.get_secret_value()
    with _ENGINES_LOCK:
        if url not in _ENGINES:
            engine = connect(url)
            migrate(engine)
            _ENGINES[url] = engine
        return _ENGINES[url]


_POOL: dict[int, object] = {}
_POOL_LOCK = threading.Lock()


def _pool(processes: int):
    from concurrent.futures import ProcessPoolExecutor
    import multiprocessing

    with _POOL_LOCK:
        if processes not in _POOL:
            ctx = multiprocessing.get_context("forkserver")  # no fork of a process running threads
            ctx.set_forkserver_preload(["flows.pool_preload"])  # workers start with the extractors loaded
            _POOL[processes] = ProcessPoolExecutor(max_workers=processes, mp_context=ctx, initializer=_share_cpus,
                                                   initargs=(max(1, _cpus() // processes),))
        return _POOL[processes]


def _share_cpus(ocr_workers: int) -> None:
    """In each pool worker: OCR this many pages at once, so that workers OCR-ing scans
    side by side do not run more Tesseracts than there are CPUs."""
    from pipeline.ocr import ENV_WORKERS

    os.environ.setdefault(ENV_WORKERS, str(ocr_workers))  # a value the user set stands


def start_pool(processes: int) -> None:
    """Start the pool's workers in the background: they boot while other work goes on."""

    def spawn():
        try:
            pool = _pool(processes)
            for _ in range(processes):
                pool.submit(os.getpid)
        except Exception:  # noqa: BLE001 (the batches start it again, and report what fails)
            pass

    threading.Thread(target=spawn, daemon=True, name="kehoach-pool-start").start()


POOL_MIN_FILES = 40  # fewer files are done sooner in one process than by starting a pool
MAX_AUTO_WORKERS = 8


def auto_workers(paths) -> int:
    """Worker processes when none are asked for: one per CPU (at most 8), but
    one in all for fewer than POOL_MIN_FILES files."""
    from itertools import islice

    from pipeline.load import iter_files

    if sum(1 for _ in islice(iter_files(paths), POOL_MIN_FILES)) < POOL_MIN_FILES:
        return 1
    return max(1, min(_cpus(), MAX_AUTO_WORKERS))


def _cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _drop_pool(processes: int) -> None:
    with _POOL_LOCK:
        pool = _POOL.pop(processes, None)
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def shutdown_pools() -> None:
    for processes in list(_POOL):
        _drop_pool(processes)


def _pool_mapper(processes: int):
    """``map`` over a process pool that survives a worker dying on one document."""
    from concurrent.futures.process import BrokenProcessPool

    def mapper(fn, items):
        items, done = list(items), 0
        while done < len(items):
            try:
                for result in _pool(processes).map(fn, items[done:]):
                    done += 1
                    yield result
            except BrokenProcessPool:
                _drop_pool(processes)
                path, sha = items[done]  # first unfinished item: try it alone
                try:
                    result = _pool(processes).submit(fn, items[done]).result()
                except BrokenProcessPool:
                    _drop_pool(processes)
                    result = Extracted(path, sha, error="the extraction process died on this file")
                done += 1
                yield result

    return mapper


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02}m"


class Progress:
    """Documents and pages done, rate and ETA, on stderr: a bar (tqdm) on a terminal; otherwise
    (a log file, a pipe) a line every ``interval`` seconds and one at the end."""

    INTERVAL = 5.0  # seconds between two lines when stderr is not a terminal

    def __init__(self, enabled: bool, stream=None, interval: float | None = None):
        self.enabled, self.bar, self.pages = enabled, None, 0
        self.stream = stream
        self.interval = self.INTERVAL if interval is None else interval
        self.total = self.done = 0
        self.started = self.last = None
        self.lock = threading.Lock()

    def _out(self):
        return self.stream if self.stream is not None else sys.stderr

    def start(self, total: int) -> None:
        if not self.enabled or self.started is not None:
            return
        self.total, self.started = total, time.monotonic()
        self.last = self.started
        out = self._out()
        if getattr(out, "isatty", lambda: False)():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="doc", file=out, dynamic_ncols=True, desc="ingest")

    def line(self, now: float, final: bool = False) -> str:
        """``ingest: 120/980 documents, 1460 pages, 3.2 documents/s, ETA 4m28s``."""
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        head = f"ingest: {self.done}/{self.total} documents, {self.pages} pages, {rate:.1f} documents/s"
        if final:
            return f"{head}, in {_duration(elapsed)}"
        eta = _duration((self.total - self.done) / rate) if rate > 0 else "unknown"
        return f"{head}, ETA {eta}"

    def advance(self, docs: int, pages: int) -> None:
        with self.lock:
            self.pages += pages
            self.done += docs
            if self.bar is not None:
                self.bar.set_postfix(pages=self.pages, refresh=False)
                self.bar.update(docs)
            elif self.started is not None:
                now = time.monotonic()
                if now - self.last >= self.interval:
                    self.last = now
                    print(self.line(now), file=self._out(), flush=True)

    def item(self, _outcome: str, pages: int) -> None:
        self.advance(1, pages)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        elif self.started is not None:
            print(self.line(time.monotonic(), final=True), file=self._out(), flush=True)


_PROGRESS: Progress | None = None  # the progress bar of the run in this process, if any


def _progress() -> Progress | None:
    # Tasks call this rather than read _PROGRESS: a task shipped to Dask is
    # pickled with the globals it names, and a progress bar does not pickle.
    return _PROGRESS


# -- tasks and flow ---------------------------------------------------------------------------


def _retry_if_transient(_task, _task_run, state) -> bool:
    exc = state.data if isinstance(state.data, BaseException) else None
    if exc is None:
        try:
            state.result(raise_on_failure=True)
        except BaseException as err:  # noqa: BLE001 (inspecting, not handling)
            exc = err
    return exc is not None and is_transient(exc)


_RETRIES = {"retries": 3, "retry_delay_seconds": [1, 3, 9], "retry_condition_fn": _retry_if_transient}


@task(name="open-run", cache_policy=NO_CACHE, persist_result=False, **_RETRIES)
def open_run(paths: list[str], db: SecretStr, run_id: str) -> tuple[list[tuple[str, str]], Tally]:
    engine = _engine(db)
    start_run(engine, run_id)
    return discover(engine, paths, run_id)


@task(name="ingest-batch", cache_policy=NO_CACHE, persist_result=False, **_RETRIES)
def ingest_batch(items: list[tuple[str, str]], db: SecretStr, run_id: str, processes: int) -> tuple[Tally, bool]:
    engine = _engine(db)
    done = loaded_hashes(engine, [sha for _, sha in items])  # loaded by a failed try or another ingest
    todo = [item for item in items if item[1] not in done]
    progress, prefetch = _progress(), _prefetch()
    mapper = _pool_mapper(processes) if processes > 1 else map
    if prefetch is not None:
        mapper = prefetch.mapper(mapper)
    tally = ingest_items(engine, todo, run_id, mapper, progress.item if progress else None)
    tally.skipped += len(items) - len(todo)
    return tally, progress is not None


@task(name="close-run", cache_policy=NO_CACHE, persist_result=False, **_RETRIES)
def close_run(db: SecretStr, run_id: str, status: str, tally: Tally) -> None:
    finish_run(_engine(db), run_id, status, tally.counts())


def batch_size_for(n: int, parallel: int) -> int:
    """Enough batches to keep every worker busy, at most MAX_BATCH documents each."""
    return max(1, min(MAX_BATCH, -(-n // (4 * max(1, parallel)))))


@flow(name="kehoach-ingest", persist_result=False, validate_parameters=False, log_prints=False)
def ingest_flow(paths: list[str], db: SecretStr, processes: int = 1, parallel: int = 1,
                batch_size: int | None = None) -> tuple[str, Tally]:
    """Load every document under ``paths`` into the database ``db``."""
    run_id = str(flow_run.get_id() or "")
    todo, tally = open_run(paths, db, run_id)
    progress = _progress()
    try:
        if progress:
            progress.start(len(todo))
        size = batch_size or batch_size_for(len(todo), parallel)
        futures = [ingest_batch.submit(todo[i:i + size], db, run_id, processes) for i in range(0, len(todo), size)]
        for fut in futures:
            part, reported = fut.result()
            tally.add(part)
            if progress and not reported:  # the batch ran in another process
                progress.advance(part.loaded + part.copies + part.replaced + part.unchanged + part.skipped
                                 + len(part.quarantined), part.pages)
    except BaseException:
        try:
            close_run(db, run_id, "failed", tally)
        except Exception:  # noqa: BLE001 (the first error is the one to report)
            pass
        raise
    close_run(db, run_id, "completed", tally)
    return run_id, tally


# -- library entry ----------------------------------------------------------------------------


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
        from pipeline.load import hash_file, iter_files

        try:
            for path in iter_files(paths):
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


_PREFETCH: Prefetch | None = None  # results extracted before the flow began, in this process


def _prefetch() -> Prefetch | None:
    return _PREFETCH  # read through a function, like _progress(): tasks shipped to Dask do not carry it


def run_ingest(paths, db: str | None = None, workers: int | None = None, dask_address: str | None = None,
               batch_size: int | None = None, progress: bool = False) -> Summary:
    """Run the ingest flow; raises if the run itself fails (bad files are quarantined).

    ``workers``: processes extracting documents (default: ``auto_workers``).
    """
    global _PROGRESS, _PREFETCH
    from sqlalchemy.engine import make_url

    from prefect.settings import get_current_settings

    started = time.perf_counter()
    server = start_local_server(configured=bool(get_current_settings().api.url))
    url = _absolute_sqlite(database_url(db))
    secret = SecretStr(url)
    engine = _engine(secret)  # connect and migrate now: a bad --db fails before the flow starts
    if dask_address:
        check_scheduler(dask_address)  # one line after a few seconds, not Prefect's crash report
    if server is not None and progress:
        print("Starting a temporary Prefect server (set PREFECT_API_URL to use a running one)...", file=sys.stderr)
    workers = auto_workers(paths) if workers is None else max(1, int(workers))
    if dask_address:
        from prefect_dask import DaskTaskRunner

        runner, processes, parallel = DaskTaskRunner(address=dask_address), 1, max(2, workers)
        paths = [os.path.abspath(p) for p in paths]  # workers elsewhere may have another working directory
    else:
        runner, processes, parallel = ThreadPoolTaskRunner(max_workers=workers), workers, workers
        _PREFETCH = Prefetch().start(engine, paths)  # Dask workers could not see its results
        if processes > 1:
            start_pool(processes)
    _PROGRESS = Progress(progress)
    try:
        api = {}
        if server is not None:
            from prefect.settings import PREFECT_API_URL

            if server.wait(float(os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"])):
                api = {PREFECT_API_URL: server.api_url}
        from prefect.settings import temporary_settings

        with temporary_settings(updates=api):
            run_id, tally = ingest_flow.with_options(task_runner=runner)(
                [str(p) for p in paths], secret, processes=processes, parallel=parallel, batch_size=batch_size
            )
    finally:
        if _PREFETCH is not None:
            _PREFETCH.stop()
        _PROGRESS.close()
        _PROGRESS = _PREFETCH = None
        shutdown_pools()
    shown = make_url(url).render_as_string(hide_password=True)
    return Summary(run_id=run_id, db=shown, tally=tally, seconds=time.perf_counter() - started)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Load documents into the kehoach database.")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--db")
    parser.add_argument("--workers", type=int)
    parser.add_argument("--dask-address")
    parser.add_argument("--batch-size", type=int)
    args = parser.parse_args()
    summary = run_ingest(args.paths, args.db, args.workers, args.dask_address, args.batch_size, progress=True)
    print("\n".join(summary.lines()))
    for line in summary.problems():
        print(line, file=sys.stderr)
