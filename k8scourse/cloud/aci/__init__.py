"""Azure Container Instances: container groups (:mod:`.group`) and the provider's checks (:mod:`.checks`).

>>> from k8scourse.cloud.aci import TYPE
>>> TYPE
'Microsoft.ContainerInstance/containerGroups'
"""

from .checks import LIMITS, check, valid_label
from .group import (TYPE, Container, ContainerGroup, allocate_ip, billing, delete, find_group, groups, register,
                    state)

__all__ = ["LIMITS", "TYPE", "Container", "ContainerGroup", "allocate_ip", "billing", "check", "delete",
           "find_group", "groups", "register", "state", "valid_label"]
