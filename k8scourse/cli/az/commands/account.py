"""``az account show|list|list-locations``: the subscription the student is logged in to."""

from __future__ import annotations

from ..framework import command
from ....cloud.regions import REGIONS
from ....cloud.subscription import USER_NAME


def _account(ctx) -> dict:
    sub = ctx.sub
    return {"environmentName": "AzureCloud", "homeTenantId": sub.tenant_id, "id": sub.id, "isDefault": True,
            "managedByTenants": [], "name": sub.name, "state": "Enabled", "tenantId": sub.tenant_id,
            "user": {"name": USER_NAME, "type": "user"}}


@command("account show", (), summary="Get the details of a subscription.")
def account_show(ctx):
    return _account(ctx)


@command("account list", (), summary="Get a list of subscriptions for the logged in account.")
def account_list(ctx):
    return [_account(ctx)]


@command("account list-locations", (), summary="List supported regions for the current subscription.")
def account_list_locations(ctx):
    sub = ctx.sub
    return [{"displayName": r["displayName"], "id": f"/subscriptions/{sub.id}/locations/{r['name']}",
             "metadata": {"geography": r["geography"], "regionType": "Physical"}, "name": r["name"],
             "regionalDisplayName": r["regionalDisplayName"], "type": "Region"} for r in REGIONS]
