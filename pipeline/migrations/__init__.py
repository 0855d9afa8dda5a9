"""Alembic migrations of the kehoach database (run by ``pipeline.store.migrate``)."""
