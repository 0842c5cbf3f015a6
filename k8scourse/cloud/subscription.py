"""The simulated Azure subscription: resource groups and the resources in them.

Models Azure Resource Manager's bookkeeping: every resource has an ID
``/subscriptions/<id>/resourceGroups/<rg>/providers/<namespace>/<type>/<name>``, lives in one
resource group and one region, and is found case-insensitively by name (Azure names are
case-insensitive). Deleting a resource group deletes everything in it. Errors are ARM's
(:class:`~k8scourse.cloud.errors.ARMError`: code, message, HTTP status), which the ``az`` front end
prints the Azure CLI way::

    ERROR: (ResourceGroupNotFound) Resource group 'nope' could not be found.
    Code: ResourceGroupNotFound
    Message: Resource group 'nope' could not be found.

The student is always "logged in": the subscription exists from the start.

>>> sub = Subscription(seed=0)
>>> rg = sub.create_group("myResourceGroup", "eastus")
>>> rg["id"]
'/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myResourceGroup'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import ARMError

SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000"
TENANT_ID = "11111111-1111-1111-1111-111111111111"
SUBSCRIPTION_NAME = "Azure for Students"
USER_NAME = "student@k8scourse.example"



@dataclass
class Resource:
    """One ARM resource: its JSON (what ``show`` prints) plus the simulator's live model."""
    type: str                     # e.g. "Microsoft.ContainerService/managedClusters"
    group: str
    name: str
    body: dict
    model: Any = None             # the simulated thing (a Cluster, a container group, a registry …)
    extra: dict = field(default_factory=dict)


class Subscription:
    def __init__(self, seed: int = 0):
        self.id = SUBSCRIPTION_ID
        self.tenant_id = TENANT_ID
        self.name = SUBSCRIPTION_NAME
        self.groups: dict[str, dict] = {}           # lower-case name -> resource group JSON
        self.resources: dict[tuple[str, str, str], Resource] = {}   # (type, group, name), lower-case

    # ------------------------------------------------------------------ resource groups
    def group_id(self, name: str) -> str:
        return f"/subscriptions/{self.id}/resourceGroups/{name}"

    def create_group(self, name: str, location: str, tags: dict | None = None) -> dict:
        existing = self.groups.get(name.lower())
        if existing is not None:
            existing["tags"] = tags if tags is not None else existing.get("tags")
            return existing
        group = {"id": self.group_id(name), "location": location, "managedBy": None, "name": name,
                 "properties": {"provisioningState": "Succeeded"}, "tags": tags,
                 "type": "Microsoft.Resources/resourceGroups"}
        self.groups[name.lower()] = group
        return group

    def group(self, name: str) -> dict:
        group = self.groups.get((name or "").lower())
        if group is None:
            raise ARMError("ResourceGroupNotFound", f"Resource group '{name}' could not be found.")
        return group

    def delete_group(self, name: str) -> list[Resource]:
        self.group(name)
        removed = [r for key, r in self.resources.items() if key[1] == name.lower()]
        for r in removed:
            del self.resources[(r.type.lower(), r.group.lower(), r.name.lower())]
        del self.groups[name.lower()]
        return removed

    # ------------------------------------------------------------------ resources
    def resource_id(self, type_: str, group: str, name: str) -> str:
        return f"{self.group_id(group)}/providers/{type_}/{name}"

    def add(self, resource: Resource) -> Resource:
        self.resources[(resource.type.lower(), resource.group.lower(), resource.name.lower())] = resource
        return resource

    def get(self, type_: str, group: str, name: str) -> Resource | None:
        return self.resources.get((type_.lower(), group.lower(), name.lower()))

    def find(self, type_: str, name: str) -> Resource | None:
        """A resource of ``type_`` by name in any group (names of some types are global)."""
        for (t, _, n), r in self.resources.items():
            if t == type_.lower() and n == name.lower():
                return r
        return None

    def remove(self, resource: Resource) -> None:
        self.resources.pop((resource.type.lower(), resource.group.lower(), resource.name.lower()), None)

    def list(self, type_: str, group: str | None = None) -> list[Resource]:
        found = [r for (t, g, _), r in self.resources.items()
                 if t == type_.lower() and (group is None or g == group.lower())]
        return sorted(found, key=lambda r: (r.group.lower(), r.name.lower()))
