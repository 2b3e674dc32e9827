"""State shared by the sub-commands: settings and the opened library."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer

from bedside import settings as settings_module
from bedside.library.store import LibraryError, Store
from bedside.settings import Settings


@dataclass
class State:
    """Per-invocation state: the global options and lazily opened resources."""

    db: Path | None = None
    _settings: Settings | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        """Settings from the environment with the global options on top."""
        if self._settings is None:
            self._settings = settings_module.load(db=self.db)
        return self._settings

    def open_store(self, create: bool = True) -> Store:
        """Open the library, turning an unusable file into a clear error and exit code 2."""
        try:
            return Store.open(self.settings.db, create=create)
        except LibraryError as exc:
            fail(str(exc), code=2)
            raise  # unreachable: fail() exits


def state(ctx: typer.Context) -> State:
    """The State the top-level callback put on the context."""
    obj = ctx.find_root().obj
    assert isinstance(obj, State)
    return obj


def fail(message: str, code: int = 1) -> None:
    """Print an error to stderr and exit with `code`."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def print_json(data: Any) -> None:
    """Print JSON to stdout (UTF-8, stable key order as given)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
