"""The generic half of the ``az`` front end: argument parsing, errors, examples, output formats.

The commands themselves (``az group …``, ``az aks …``, ``az container …``, ``az acr …``) live with the
Azure model in :mod:`k8scourse.cloud`, which registers them here.
"""

from .framework import REGISTRY, Arg, AzCommand, AzError, Example, command, find_command, parse_args
from .output import format_output

__all__ = ["REGISTRY", "Arg", "AzCommand", "AzError", "Example", "command", "find_command",
           "format_output", "parse_args"]
