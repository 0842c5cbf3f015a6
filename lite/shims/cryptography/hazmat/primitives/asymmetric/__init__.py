"""P-256 ECDSA only (see the package docstring)."""
