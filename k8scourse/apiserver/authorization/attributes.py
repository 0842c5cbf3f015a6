"""What an authorizer is asked and what it answers (upstream ``authorizer.Attributes`` and decisions).

>>> from k8scourse.apiserver.authentication import service_account_user
>>> attrs = Attributes(service_account_user("default", "app"), "get", "", "pods", "log", "default", "web")
>>> attrs.resource_with_sub, attrs.resource_request
('pods/log', True)
"""

from __future__ import annotations

from dataclasses import dataclass

from ..authentication import UserInfo


@dataclass(frozen=True)
class Attributes:
    """What an authorizer judges (upstream ``authorizer.Attributes``)."""
    user: UserInfo
    verb: str
    api_group: str = ""
    resource: str = ""
    subresource: str = ""
    namespace: str = ""
    name: str = ""
    path: str = ""               # a non-resource request (``/healthz``) when set

    @property
    def resource_request(self) -> bool:
        return not self.path

    @property
    def resource_with_sub(self) -> str:
        return f"{self.resource}/{self.subresource}" if self.subresource else self.resource


@dataclass
class Decision:
    allowed: bool
    reason: str = ""
    by: str = ""                 # which authorizer decided ("" when none allowed)
    detail: object = None        # RBAC: the (binding, role, rule) that allowed
