"""`python -m bedside` runs the command line."""

from bedside.cli import app

app()
