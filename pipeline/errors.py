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
