"""``az group create|list|show|delete|exists``: resource groups.

Creating a group that exists updates its tags and returns it (ARM's create-or-update); ``--tags``
with no value clears them. Deleting a group deletes every resource in it (a cluster still being
deleted too) and takes as long as the slowest; the CLI asks for confirmation unless ``--yes``, and
without a terminal to ask on it gives up (``Operation cancelled.``), as in a notebook.

>>> from k8scourse.cloud import Azure
>>> print(Azure(seed=0)("group delete -n rg", echo=False), end="")
WARNING: Unable to prompt for confirmation as no tty available. Use --yes.
ERROR: Operation cancelled.
"""

from __future__ import annotations

from ..framework import Arg, AzError, command
from ....cloud.aks import TYPE as CLUSTER_TYPE
from ....cloud.aks.operation import CLUSTER_DELETE_MS
from ....cloud.regions import region
from ....cloud.errors import ARMError

_RG_NAME = Arg(("--name", "--resource-group", "-g", "-n"), "name", required=True, help="Name of the resource group.")


def _tags(values: list[str] | None) -> dict | None:
    if values is None:
        return None
    tags = {}
    for item in values:
        if item == "":
            continue
        key, _, value = item.partition("=")
        tags[key] = value
    return tags


@command("group create", (
    Arg(("--location", "-l"), "location", required=True, help="Location. Values from: `az account list-locations`."),
    _RG_NAME,
    Arg(("--tags",), "tags", type="list", help="Space-separated tags: key[=value] [key[=value] ...]."),
    Arg(("--managed-by",), "managed_by", help="The ID of the resource that manages this resource group."),
), summary="Create a new resource group.", model="ResourceGroup")
def group_create(ctx, name, location, tags=None, managed_by=None):
    found = region(location)
    if found is None:
        raise ARMError("LocationNotAvailableForResourceGroup",
                       f"The provided location '{location}' is not available for resource group. List of "
                       f"available regions is '{','.join(r for r in _region_names())}'.")
    if not _valid_group_name(name):
        raise AzError("argument --name/--resource-group/-g/-n: Resource group name must be 1-90 characters of "
                      "letters, digits, underscores, hyphens, periods or parentheses, not ending in a period.", 2)
    return ctx.sub.create_group(name, found["name"], _tags(tags))


def _region_names():
    from ....cloud.regions import REGIONS
    return [r["name"] for r in REGIONS]


def _valid_group_name(name: str) -> bool:
    return 1 <= len(name) <= 90 and not name.endswith(".") and all(
        ch.isalnum() or ch in "_-.()" for ch in name)


@command("group list", (
    Arg(("--tag",), "tag", help="a single tag in 'key[=value]' format"),
), summary="List resource groups.", model="ResourceGroup")
def group_list(ctx, tag=None):
    groups = sorted(ctx.sub.groups.values(), key=lambda g: g["name"].lower())
    if tag:
        key, eq, value = tag.partition("=")
        groups = [g for g in groups if key in (g.get("tags") or {}) and (not eq or g["tags"][key] == value)]
    return groups


@command("group show", (_RG_NAME,), summary="Gets a resource group.", model="ResourceGroup")
def group_show(ctx, name):
    return ctx.sub.group(name)


@command("group exists", (_RG_NAME,), summary="Check if a resource group exists.")
def group_exists(ctx, name):
    return name.lower() in ctx.sub.groups


@command("group delete", (
    _RG_NAME,
    Arg(("--yes", "-y"), "yes", type="flag", help="Do not prompt for confirmation."),
    Arg(("--no-wait",), "no_wait", type="flag", help="Do not wait for the long-running operation to finish."),
), summary="Delete a resource group.", long_running=True)
def group_delete(ctx, name, yes=False, no_wait=False):
    """ARM deletes every resource of the group, then the group; a cluster being deleted goes with it.
    It takes as long as its slowest resource: about five minutes with an AKS cluster in it."""
    ctx.sub.group(name)                         # the CLI confirmed first (its --yes)
    seconds = 60
    for resource in ctx.sub.delete_group(name):
        if resource.type.lower() == CLUSTER_TYPE.lower():
            seconds = max(seconds, CLUSTER_DELETE_MS / 1000)
        release = getattr(resource.model, "release", None)
        if callable(release):
            release()
    ctx.progress(seconds)
    return None
