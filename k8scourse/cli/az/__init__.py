"""The ``az`` front end: the Azure CLI's command line in front of the simulated Azure (:mod:`k8scourse.cloud`).

* :mod:`.reference` — the facts recorded from the real CLI (arguments, examples, command names);
* :mod:`.parser` — argparse, as the CLI uses it, with the CLI's error wording;
* :mod:`.recommender` — which help examples follow an argument error;
* :mod:`.errors` — how the CLI prints its own errors and Azure Resource Manager's;
* :mod:`.framework` — the command table the simulator answers; :mod:`.commands` — the commands;
* :mod:`.shell` — one command line start to end; :mod:`.output` — ``-o`` formats and ``--query``.
"""

from .errors import AzError
from .framework import REGISTRY, Arg, AzCommand, command
from .output import format_output

__all__ = ["REGISTRY", "Arg", "AzCommand", "AzError", "command", "format_output"]
