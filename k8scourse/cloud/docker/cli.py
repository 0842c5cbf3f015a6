"""``docker`` on the student's machine: the command line in front of the engine (:mod:`.daemon`).

>>> from k8scourse.cloud import Azure
>>> print(Docker(Azure(seed=0))("images", echo=False), end="")
REPOSITORY   TAG       IMAGE ID   CREATED   SIZE
"""

from __future__ import annotations

import logging
import shlex
import sys

from ... import oplog
from ...result import CommandResult, Output
from .commands import COMMANDS
from .daemon import DockerEngine, DockerError, engine

logger = logging.getLogger(__name__)


class Docker:
    """``docker …`` command lines: ``Docker(az)("images")`` prints and returns the output."""

    def __init__(self, az):
        self.az = az

    @property
    def engine(self) -> DockerEngine:
        return engine(self.az)

    @oplog.facade("docker")
    def __call__(self, command: str | list[str], echo: bool = True) -> CommandResult:
        out = Output()
        try:
            words = shlex.split(command) if isinstance(command, str) else list(command)
        except ValueError as exc:
            words = None
            out.err(f"docker: {exc}\n")
            code = 1
        if words is not None:
            if words and words[0] == "docker":
                words = words[1:]
            if words[:1] == ["image"] and len(words) > 1:
                words = (["images"] + words[2:]) if words[1] in ("ls", "list") else words[1:]
            if words[:1] == ["container"] and len(words) > 1:
                words = (["ps"] + words[2:]) if words[1] in ("ls", "list") else words[1:]
            handler = COMMANDS.get(words[0]) if words else None
            if handler is None:
                if not words:
                    out.out("\nUsage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n")
                    code = 0
                else:
                    out.err(f"docker: '{words[0]}' is not a docker command.\nSee 'docker --help'\n")
                    code = 1
            else:
                try:
                    code = handler(self.engine, words[1:], out) or 0
                except DockerError as exc:
                    out.err(f"{exc}\n")
                    code = exc.code
                except Exception as exc:  # noqa: BLE001 - the front end's one guard: never a traceback
                    logger.exception("docker %r: internal simulator error", command)
                    out.err(f"docker: internal simulator error ({type(exc).__name__}: {exc}); "
                            f"please report this command\n")
                    code = 1
        result = out.result(code)
        if echo:
            sys.stdout.write(str(result))
        return result
