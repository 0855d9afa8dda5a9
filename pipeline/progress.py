"""The progress of a batch on stderr: a bar on a terminal, a line every few seconds elsewhere."""
from __future__ import annotations

import sys
import threading
import time


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
