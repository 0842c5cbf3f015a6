"""Azure, simulated: the subscription, AKS, ACI, ACR, hosts and prices, and the ``az`` commands.

>>> from k8scourse.cloud import Azure
>>> az = Azure(seed=0)
>>> az("group exists -n demo", echo=False)
'false\\n'
"""

from .azure import Azure

__all__ = ["Azure"]
