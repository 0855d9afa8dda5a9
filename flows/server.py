"""Prefect's temporary API server, started early: imports nothing of Prefect.

When no Prefect server is configured (``PREFECT_API_URL``), Prefect starts a
temporary one for each flow run, and it takes seconds to boot. Started from
here, it boots in its own process while the caller imports Prefect and begins
work; ``flows.ingest`` then points Prefect at it. Importing this module also
sets Prefect's environment defaults (startup timeout, no analytics, quiet
logs), which must be in place before Prefect is imported.

    from flows.server import start_local_server
    server = start_local_server()   # None when PREFECT_API_URL is set
"""
from __future__ import annotations

import atexit
import os
import subprocess
import sys
import tempfile
import time


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


def _die_with_parent() -> None:
    """In the server's process: have Linux stop it when this process dies, even by SIGKILL."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _prefect_root() -> str:
    """The directory holding the ``prefect`` package, found without importing it."""
    from importlib.util import find_spec

    spec = find_spec("prefect")
    if spec is None or not spec.origin:
        raise OSError("prefect is not installed")
    return os.path.dirname(os.path.dirname(spec.origin))


class LocalServer:
    """Prefect's temporary API server, started the way Prefect starts it (uvicorn
    on its app factory, on a free local port, in ephemeral mode), but at once
    and in its own process. Stopped at exit, and with this process if it dies."""

    def __init__(self):
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.api_url = f"http://127.0.0.1:{port}/api"
        env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", _prefect_root(), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "error", "--lifespan", "on"],
            env=env, stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent,
        )
        # At exit (after Prefect's own handlers, which flush logs and events to it), ask it to
        # stop and let it finish shutting down on its own: nothing here waits for it.
        atexit.register(self.stop, wait=False)

    def ready(self) -> bool:
        """True if the server answers now (never waits for it)."""
        import httpx

        try:
            return httpx.get(f"{self.api_url}/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def wait(self, timeout: float) -> bool:
        """True once the server answers; False if it died or timed out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            if self.ready():
                return True
            time.sleep(0.1)
        self.stop()
        return False

    def stop(self, wait: bool = True) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            if not wait:
                return
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


_SERVER: LocalServer | None = None


def start_local_server(configured: bool | None = None) -> LocalServer | None:
    """The temporary server of this process, started if need be; None when a
    Prefect server is configured.

    ``configured``: whether Prefect's settings name a server. Left out (before
    Prefect is imported), only the environment is checked; a server started
    then and found needless later is stopped.
    """
    global _SERVER
    if configured is None:
        configured = bool(os.environ.get("PREFECT_API_URL"))
    if configured:
        if _SERVER is not None:
            _SERVER.stop()
            _SERVER = None
        return None
    if _SERVER is None or _SERVER.process.poll() is not None:
        try:
            _SERVER = LocalServer()
        except OSError:
            _SERVER = None  # Prefect starts its own when the flow begins
    return _SERVER
