"""The `bedside` command: a thin face over the pipeline's core functions."""

from __future__ import annotations

from bedside.cli.main import app

__all__ = ["app"]
