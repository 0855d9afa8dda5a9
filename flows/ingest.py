"""Prefect flow behind ``kehoach ingest``: discover, extract in batches, load, summarise.

Thin by design: each task wraps functions of ``pipeline.load``. One task run
handles a batch of documents (a task run costs tens of milliseconds). With
``workers > 1`` batches run in threads and extraction in a process pool; with
``dask_address`` batches run on an existing Dask cluster (prefect-dask).
Runs are recorded by the Prefect server at ``PREFECT_API_URL``; without one,
a temporary local server (Prefect's own, under PREFECT_HOME) is started at
once and boots while this process loads the extractors.

    python -m flows.ingest corpora/ --db sqlite:///kehoach.db --workers 2
"""
from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field


def _prefect_env_defaults() -> None:
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")  # Prefect's client-side usage data, and its notice
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")  # the progress bar reports instead
    if "PREFECT_HOME" not in os.environ:
        home = os.path.expanduser("~/.prefect")
        parent = os.path.dirname(home)
        if not (os.path.isdir(home) and os.access(home, os.W_OK)) and not os.access(parent, os.W_OK):
            os.environ["PREFECT_HOME"] = os.path.join(tempfile.gettempdir(), f"kehoach-prefect-{os.getuid()}")


_prefect_env_defaults()

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
            ctx.set_forkserver_preload(["pipeline", "pipeline.load"])
            _POOL[processes] = ProcessPoolExecutor(max_workers=processes, mp_context=ctx)
        return _POOL[processes]


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


class Progress:
    """Documents and pages done, rate and ETA, on stderr (tqdm)."""

    def __init__(self, enabled: bool):
        self.enabled, self.bar, self.pages = enabled, None, 0
        self.lock = threading.Lock()

    def start(self, total: int) -> None:
        if self.enabled and self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, desc="ingest",
                            disable=None)  # off when stderr is not a terminal

    def advance(self, docs: int, pages: int) -> None:
        with self.lock:
            self.pages += pages
            if self.bar is not None:
                self.bar.set_postfix(pages=self.pages, refresh=False)
                self.bar.update(docs)

    def item(self, _outcome: str, pages: int) -> None:
        self.advance(1, pages)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


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
    progress = _progress()
    mapper = _pool_mapper(processes) if processes > 1 else map
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
                progress.advance(part.loaded + part.replaced + part.unchanged + part.skipped
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
        t = self.tally
        out = [
            f"{t.found} files found, {t.skipped} already loaded, {t.loaded} loaded, {t.replaced} replaced "
            f"(new version of a loaded file), {t.unchanged} duplicates, {len(t.quarantined)} quarantined; "
            f"{t.pages} pages in {self.seconds:.1f} s",
            f"database: {self.db} (run {self.run_id})",
        ]
        if t.quarantined:
            out.append("quarantined (see the quarantine table):")
            out.extend(f"  {path}: {reason}" for path, reason in t.quarantined)
        return out


def _die_with_parent() -> None:
    """In the server's process: have Linux stop it when this process dies, even by SIGKILL."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class LocalServer:
    """Prefect's temporary API server, started the way Prefect starts it, but
    early: it boots in its own process while this one warms up, and this
    process never imports Prefect's server code. Stopped at exit."""

    def __init__(self):
        import atexit
        import socket
        import subprocess
        from pathlib import Path

        import prefect

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.api_url = f"http://127.0.0.1:{port}/api"
        env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(Path(prefect.__file__).parent.parent), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "error", "--lifespan", "on"],
            env=env, stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent,
        )
        atexit.register(self.stop)  # after Prefect's own exit handlers, which flush logs and events to it

    def wait(self, timeout: float) -> bool:
        """True once the server answers; False if it died or timed out."""
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if httpx.get(f"{self.api_url}/health", timeout=2).status_code == 200:
                    return True
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except Exception:  # noqa: BLE001 (then force it)
                self.process.kill()
                self.process.wait()


_SERVER: LocalServer | None = None


def _start_local_server() -> LocalServer | None:
    """A temporary server when no Prefect API is configured (PREFECT_API_URL)."""
    global _SERVER
    from prefect.settings import get_current_settings

    if get_current_settings().api.url:
        return None
    if _SERVER is None or _SERVER.process.poll() is not None:
        try:
            _SERVER = LocalServer()
        except OSError:
            _SERVER = None  # Prefect starts its own when the flow begins
    return _SERVER


def _absolute_sqlite(url: str) -> str:
    """A relative SQLite path made absolute, so every worker opens the same file."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        parsed = parsed.set(database=os.path.abspath(os.path.expanduser(parsed.database)))
    return parsed.render_as_string(hide_password=False)


def _warm_up(paths) -> None:
    """Extract one file and drop the result: loads the extractors' models in
    this process while Prefect's server boots, instead of in the first batch."""
    from pipeline.load import iter_files

    for path in iter_files(paths):
        extract_file((str(path), None))
        return


def run_ingest(paths, db: str | None = None, workers: int = 1, dask_address: str | None = None,
               batch_size: int | None = None, progress: bool = False) -> Summary:
    """Run the ingest flow; raises if the run itself fails (bad files are quarantined)."""
    global _PROGRESS
    from sqlalchemy.engine import make_url

    started = time.perf_counter()
    server = _start_local_server()
    if server is not None and progress:
        print("Starting a temporary Prefect server (set PREFECT_API_URL to use a running one)...", file=sys.stderr)
    url = _absolute_sqlite(database_url(db))
    secret = SecretStr(url)
    _engine(secret)  # connect and migrate now: a bad --db fails before the flow starts
    workers = max(1, int(workers or 1))
    api = {}
    if server is not None:
        if workers == 1 and not dask_address:
            _warm_up(paths)
        timeout = float(os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"])
        if server.wait(timeout):
            from prefect.settings import PREFECT_API_URL

            api = {PREFECT_API_URL: server.api_url}
    if dask_address:
        from prefect_dask import DaskTaskRunner

        runner, processes, parallel = DaskTaskRunner(address=dask_address), 1, max(2, workers)
    else:
        runner, processes, parallel = ThreadPoolTaskRunner(max_workers=workers), workers, workers
    if dask_address:  # workers elsewhere may have another working directory
        paths = [os.path.abspath(p) for p in paths]
    _PROGRESS = Progress(progress)
    try:
        from prefect.settings import temporary_settings

        with temporary_settings(updates=api):
            run_id, tally = ingest_flow.with_options(task_runner=runner)(
                [str(p) for p in paths], secret, processes=processes, parallel=parallel, batch_size=batch_size
            )
    finally:
        _PROGRESS.close()
        _PROGRESS = None
        shutdown_pools()
    shown = make_url(url).render_as_string(hide_password=True)
    return Summary(run_id=run_id, db=shown, tally=tally, seconds=time.perf_counter() - started)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Load documents into the kehoach database.")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--db")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--dask-address")
    parser.add_argument("--batch-size", type=int)
    args = parser.parse_args()
    summary = run_ingest(args.paths, args.db, args.workers, args.dask_address, args.batch_size, progress=True)
    print("\n".join(summary.lines()))
