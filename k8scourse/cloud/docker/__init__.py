"""Docker on the student's machine: the engine (:mod:`.daemon`), its commands (:mod:`.commands`)
and the ``docker`` command line (:mod:`.cli`).

>>> from k8scourse.cloud.docker import human_duration
>>> human_duration(61_000)
'About a minute'
"""

from .cli import Docker
from .daemon import (CONFIG_PATH, PUSH_BYTES_PER_S, DockerEngine, DockerError, LocalContainer, engine,
                     human_duration, tabulate)

__all__ = ["CONFIG_PATH", "PUSH_BYTES_PER_S", "Docker", "DockerEngine", "DockerError", "LocalContainer", "engine",
           "human_duration", "tabulate"]
