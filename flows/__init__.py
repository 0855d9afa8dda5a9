"""Prefect flows: thin orchestration around the ``pipeline`` library.

The library imports nothing of this package: ``pipeline.batch.run_ingest`` (behind
``kehoach ingest``) finds it by name (``pipeline.batch.ORCHESTRATOR``) and calls these two.
"""
from flows.server import start_local_server  # noqa: F401  (imports no Prefect: its server boots early)


def ingest_runner():
    """The function that runs the ingest flow, :func:`flows.load_flow.run_flow` (imports Prefect)."""
    from flows.load_flow import run_flow

    return run_flow
