"""Azure, simulated: the subscription, AKS, ACI, ACR, Docker, hosts and prices.

The models here raise ARM errors (:mod:`.errors`) and import nothing from the front ends; the
``az`` command line is :mod:`k8scourse.cli.az`, and the handle a notebook holds is
:class:`k8scourse.azure.Azure`, re-exported here so that ``from k8scourse.cloud import Azure`` works.

>>> from k8scourse.cloud import Azure
>>> az = Azure(seed=0)
>>> az("group exists -n demo", echo=False)
'false\\n'
"""

from __future__ import annotations

__all__ = ["Azure"]


def __getattr__(name: str):
    # The handle sits above the az front end, which sits above these models: importing it lazily
    # keeps `import k8scourse.cloud.<model>` free of the front ends.
    if name == "Azure":
        from ..azure import Azure
        return Azure
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
