"""Hashes, serialization and the P-256 curve (see the package docstring)."""
