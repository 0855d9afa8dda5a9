"""The process pool that extracts documents: one per worker count and process, started in the
background, whose workers start with the extractors loaded (``pipeline.pool_preload``) and
share the CPUs for OCR; its ``map`` survives a worker dying on one document."""
from __future__ import annotations

import os
import threading

from pipeline.worker import Extracted

POOL_MIN_FILES = 40  # fewer files are done sooner in one process than by starting a pool
MAX_AUTO_WORKERS = 8

_POOL: dict[int, object] = {}
_POOL_LOCK = threading.Lock()


def process_pool(processes: int):
    """The pool of ``processes`` workers of this process, started if need be."""
    from concurrent.futures import ProcessPoolExecutor
    import multiprocessing

    with _POOL_LOCK:
        if processes not in _POOL:
            ctx = multiprocessing.get_context("forkserver")  # no fork of a process running threads
            ctx.set_forkserver_preload(["pipeline.pool_preload"])  # workers start with the extractors loaded
            _POOL[processes] = ProcessPoolExecutor(max_workers=processes, mp_context=ctx, initializer=_share_cpus,
                                                   initargs=(max(1, cpus() // processes),))
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
            pool = process_pool(processes)
            for _ in range(processes):
                pool.submit(os.getpid)
        except Exception:  # noqa: BLE001 (the batches start it again, and report what fails)
            pass

    threading.Thread(target=spawn, daemon=True, name="kehoach-pool-start").start()


def auto_workers(paths) -> int:
    """Worker processes when none are asked for: one per CPU (at most 8), but
    one in all for fewer than POOL_MIN_FILES files."""
    from itertools import islice

    from pipeline.reading import iter_paths

    if sum(1 for _ in islice(iter_paths(paths), POOL_MIN_FILES)) < POOL_MIN_FILES:
        return 1
    return max(1, min(cpus(), MAX_AUTO_WORKERS))


def cpus() -> int:
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


def pool_mapper(processes: int):
    """``map`` over a process pool that survives a worker dying on one document."""
    from concurrent.futures.process import BrokenProcessPool

    def mapper(fn, items):
        items, done = list(items), 0
        while done < len(items):
            try:
                for result in process_pool(processes).map(fn, items[done:]):
                    done += 1
                    yield result
            except BrokenProcessPool:
                _drop_pool(processes)
                path, sha = items[done]  # first unfinished item: try it alone
                try:
                    result = process_pool(processes).submit(fn, items[done]).result()
                except BrokenProcessPool:
                    _drop_pool(processes)
                    result = Extracted(path, sha, error="the extraction process died on this file")
                done += 1
                yield result

    return mapper
