"""The az commands, one module per command group; importing a module registers its commands."""

from __future__ import annotations

import importlib

# Command-group modules; a module that is not there yet is simply skipped.
MODULES = ("group", "account", "aks", "acr", "container", "docker")


def load_all() -> None:
    for name in MODULES:
        try:
            importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
