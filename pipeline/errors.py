"""Errors that carry the exit code the CLI returns for them."""
from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    some_inputs_failed = 1
    bad_args = 2
    missing_dependency = 3
    run_failed = 4


class KehoachError(Exception):
    """Base class: ``str(err)`` is a one-line, user-facing reason."""

    exit_code = ExitCode.run_failed


class InputError(KehoachError):
    """An input file cannot be read: empty, corrupt, encrypted, unsupported..."""

    exit_code = ExitCode.some_inputs_failed

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class MissingDependencyError(KehoachError):
    """A program kehoach needs (Tesseract, poppler...) is not installed."""

    exit_code = ExitCode.missing_dependency


class DatabaseError(KehoachError):
    """The database cannot be reached or opened, or ``--db`` names none.

    The message names the host and database, never the password. ``transient``:
    a server that may come back (worth retrying within a run), not a bad path or URL.
    """

    exit_code = ExitCode.bad_args

    def __init__(self, message: str, transient: bool = False):
        super().__init__(message, transient)  # both in args, so that the error pickles whole

    @property
    def transient(self) -> bool:
        return bool(self.args[1])

    def __str__(self) -> str:
        return self.args[0]


class ClusterError(KehoachError):
    """A Dask scheduler given by ``--dask-address`` cannot be reached."""

    exit_code = ExitCode.bad_args


class QueryError(KehoachError):
    """A query argument cannot be used (a bad date, an unknown role or format), or the
    database asked is none of kehoach's."""

    exit_code = ExitCode.bad_args


class ExportError(KehoachError):
    """``kehoach export`` cannot write where it is asked, or in that format."""

    exit_code = ExitCode.bad_args


class ServeError(KehoachError):
    """``kehoach serve`` has no database file to serve."""

    exit_code = ExitCode.bad_args


class OutputError(KehoachError):
    """A file kehoach was asked to write cannot be written."""


class RunError(KehoachError):
    """A run (``kehoach ingest``) failed for a reason that is not the input's: one line,
    password hidden."""
