"""`python -m bedside.cli` runs the command line."""

from bedside.cli import app

app()
