"""Prefect flow behind ``kehoach ingest``: discover, extract in batches, load, summarise.

Thin by design: each task wraps functions of ``pipeline.batch`` and ``pipeline.load``.
One task run handles a batch of documents (a task run costs tens of milliseconds).
With ``processes > 1`` batches run in threads and extraction in a process pool
whose workers start with the extractors loaded; with ``dask_address`` batches run
on an existing Dask cluster (prefect-dask). ``pipeline.batch.run_ingest`` sets the
run up (database, prefetch, pool, progress) and calls :func:`run_flow`.
Runs are recorded by the Prefect server at ``PREFECT_API_URL``; without one,
a temporary local server (Prefect's own, under PREFECT_HOME; ``flows.server``)
is started as early as possible.

    python -m flows.load_flow corpora/ --db sqlite:///kehoach.db --workers 2
"""
from __future__ import annotations

import os
import sys

from flows.server import start_local_server  # first: it sets Prefect's environment defaults

from prefect import flow, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.runtime import flow_run  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402
from pydantic import SecretStr  # noqa: E402

from pipeline.batch import (  # noqa: E402
    Tally,
    batch_size_for,
    current_progress,
    discover,
    load_batch,
    migrated_engine,
)
from pipeline.load import finish_run, is_transient, start_run  # noqa: E402


def retry_if_transient(_task, _task_run, state) -> bool:
    exc = state.data if isinstance(state.data, BaseException) else None
    if exc is None:
        try:
            state.result(raise_on_failure=True)
        except BaseException as err:  # noqa: BLE001 (inspecting, not handling)
            exc = err
    return exc is not None and is_transient(exc)


RETRIES = {"retries": 3, "retry_delay_seconds": [1, 3, 9], "retry_condition_fn": retry_if_transient}


@task(name="open-run", cache_policy=NO_CACHE, persist_result=False, **RETRIES)
def open_run(paths: list[str], db: SecretStr, run_id: str) -> tuple[list[tuple[str, str]], Tally]:
    engine = migrated_engine(db.get_secret_value())
    start_run(engine, run_id)
    return discover(engine, paths, run_id)


@task(name="ingest-batch", cache_policy=NO_CACHE, persist_result=False, **RETRIES)
def ingest_batch(items: list[tuple[str, str]], db: SecretStr, run_id: str, processes: int) -> tuple[Tally, bool]:
    return load_batch(migrated_engine(db.get_secret_value()), items, run_id, processes)


@task(name="close-run", cache_policy=NO_CACHE, persist_result=False, **RETRIES)
def close_run(db: SecretStr, run_id: str, status: str, tally: Tally) -> None:
    finish_run(migrated_engine(db.get_secret_value()), run_id, status, tally.counts())


@flow(name="kehoach-ingest", persist_result=False, validate_parameters=False, log_prints=False)
def ingest_flow(paths: list[str], db: SecretStr, processes: int = 1, parallel: int = 1,
                batch_size: int | None = None) -> tuple[str, Tally]:
    """Load every document under ``paths`` into the database ``db``."""
    run_id = str(flow_run.get_id() or "")
    todo, tally = open_run(paths, db, run_id)
    progress = current_progress()
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


def run_flow(paths: list[str], url: str, processes: int = 1, parallel: int = 1, batch_size: int | None = None,
             dask_address: str | None = None, announce: bool = False) -> tuple[str, Tally]:
    """Run :func:`ingest_flow` on Prefect's server (a temporary one when none is configured),
    its batches in threads or on the Dask cluster at ``dask_address``."""
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    server = start_local_server(configured=bool(get_current_settings().api.url))
    if server is not None and announce:
        print("Starting a temporary Prefect server (set PREFECT_API_URL to use a running one)...", file=sys.stderr)
    if dask_address:
        from prefect_dask import DaskTaskRunner

        runner = DaskTaskRunner(address=dask_address)
    else:
        runner = ThreadPoolTaskRunner(max_workers=parallel)
    api = {}
    if server is not None and server.wait(float(os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"])):
        api = {PREFECT_API_URL: server.api_url}
    with temporary_settings(updates=api):
        return ingest_flow.with_options(task_runner=runner)(paths, SecretStr(url), processes=processes,
                                                            parallel=parallel, batch_size=batch_size)


if __name__ == "__main__":
    import argparse

    from pipeline.batch import run_ingest

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
