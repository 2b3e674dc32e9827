"""Readers: each turns one input format into `Record`s and knows nothing of storage."""
