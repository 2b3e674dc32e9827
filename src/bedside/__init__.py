"""bedside: an offline-first engine that answers clinical questions from an evidence library."""

__version__ = "0.1.0"
