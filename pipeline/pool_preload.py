"""Imported once by the extraction pool's fork server (``pipeline.pool.process_pool``):
the extractors' lexicons and matchers load there, and every worker forked
from it starts with them loaded instead of loading its own."""
try:
    from pipeline.worker import warm_up

    warm_up()
except Exception:  # noqa: BLE001 (workers then load them on their first document)
    pass
