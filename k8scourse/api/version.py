"""Build information: what ``GET /version`` and ``kubectl version -o json`` report (``version.Info``).

A release build of the simulated version, fields in ``version.Info``'s order.

>>> info("v1.32.4")["gitVersion"], info("1.32.4")["minor"]
('v1.32.4', '32')
"""

from __future__ import annotations

from .. import defaults


def info(version: str) -> dict:
    """The ``version.Info`` of a release build of ``version``."""
    version = "v" + version.lstrip("v")
    major, minor, *_ = version.lstrip("v").split(".")
    return {"major": major, "minor": minor, "gitVersion": version, "gitCommit": defaults.BUILD_GIT_COMMIT,
            "gitTreeState": "clean", "buildDate": defaults.BUILD_DATE, "goVersion": defaults.BUILD_GO_VERSION,
            "compiler": "gc", "platform": "linux/amd64"}
