"""``az login|logout``, ``az account show|list|set|list-locations``: who the student is signed in as.

The student's shell answers as Azure Cloud Shell does once it has signed its user in: one
subscription, the user marked ``cloudShellID``. ``az login`` there warns that Cloud Shell is
already signed in and prints the subscriptions it finds (``cloudName`` where ``az account show``
says ``environmentName``); ``az login --identity`` signs in again with Cloud Shell's own identity.
``az logout`` warns how to sign in again and signs out: until the next ``az login`` every command
that needs an account answers ``Please run 'az login' to setup account.`` and ``az account list``
is empty.

Deliberate difference: ``az login`` does not show the device-code prompt a real sign-in in Cloud
Shell starts with (nobody could complete it); it signs the same user in at once. Service principals,
passwords, tenants and scopes are not modelled.
"""

from __future__ import annotations

from ....cloud.regions import REGIONS
from ....cloud.subscription import USER_NAME
from ..framework import Arg, AzError, command

CLOUD_SHELL_LOGIN_WARNING = ("Cloud Shell is automatically authenticated under the initial account signed-in with. "
                             "Run 'az login' only if you need to use a different account")
CLOUD_SHELL_LOGOUT_WARNING = ("Logout successful. Re-login to your initial Cloud Shell identity with 'az login "
                              "--identity'. Login with a new identity with 'az login'.")
LOGIN_FIRST = "Please run 'az login' to setup account."


def _account(ctx, cloud_key: str = "environmentName") -> dict:
    """The CLI's record of the signed-in subscription (its profile, as Cloud Shell's sign-in made it)."""
    sub = ctx.sub
    return {cloud_key: "AzureCloud", "homeTenantId": sub.tenant_id, "id": sub.id, "isDefault": True,
            "managedByTenants": [], "name": sub.name, "state": "Enabled", "tenantId": sub.tenant_id,
            "user": {"cloudShellID": True, "name": USER_NAME, "type": "user"}}


def _matches(ctx, wanted: str) -> bool:
    return wanted.lower() in (ctx.sub.id.lower(), ctx.sub.name.lower())


@command("login", (Arg(("--identity",), "identity", help="Sign in again with Cloud Shell's own identity."),),
         summary="Log in to Azure.")
def login(ctx, identity=False):
    ctx.azure.logged_in = True
    if identity:
        return [_account(ctx)]
    ctx.warn(CLOUD_SHELL_LOGIN_WARNING)
    return [_account(ctx, "cloudName")]


@command("logout", (Arg(("--username",), "username", help="The account to sign out; the signed-in one by default."),),
         summary="Log out to remove access to Azure subscriptions.")
def logout(ctx, username=None):
    ctx.warn(CLOUD_SHELL_LOGOUT_WARNING)
    if username is None and not ctx.azure.logged_in:
        raise AzError("There are no active accounts.", 1)
    if (username or USER_NAME).lower() == USER_NAME.lower():     # another name: nothing to remove
        ctx.azure.logged_in = False
    return None


@command("account show", (Arg(("--subscription",), "subscription", help="Name or ID of the subscription."),),
         summary="Get the details of a subscription.")
def account_show(ctx, subscription=None):
    if not ctx.azure.logged_in:
        raise AzError(LOGIN_FIRST, 1)
    if subscription and not _matches(ctx, subscription):
        raise AzError(f"Subscription '{subscription}' not found. Check the spelling and casing and try again.", 1)
    return _account(ctx)


def _account_table(result):
    """The CLI's table view of ``az account list``."""
    return [{"Name": r["name"], "CloudName": r["cloudName"], "SubscriptionId": r["id"], "TenantId": r["tenantId"],
             "State": r.get("state"), "IsDefault": r["isDefault"]} for r in result]


@command("account list", (
    Arg(("--all",), "all", help="List all subscriptions from all clouds, disabled ones included."),
    Arg(("--refresh",), "refresh", help="Retrieve the subscriptions from the server again."),
), summary="Get a list of subscriptions for the logged in account.", table=_account_table)
def account_list(ctx, all=False, refresh=False):  # noqa: A002 - the CLI's own parameter name
    if not ctx.azure.logged_in:
        ctx.warn('Please run "az login" to access your accounts.')
        return []
    return [_account(ctx, "cloudName")]


@command("account set", (Arg(("--subscription",), "subscription", help="Name or ID of the subscription."),),
         summary="Set a subscription to be the current active subscription.")
def account_set(ctx, subscription):
    if not _matches(ctx, subscription) or not ctx.azure.logged_in:
        raise AzError(f"The subscription of '{subscription}' doesn't exist in cloud 'AzureCloud'.", 1)
    return None


@command("account list-locations", (), summary="List supported regions for the current subscription.")
def account_list_locations(ctx):
    sub = ctx.sub
    return [{"displayName": r["displayName"], "id": f"/subscriptions/{sub.id}/locations/{r['name']}",
             "metadata": {"geography": r["geography"], "regionType": "Physical"}, "name": r["name"],
             "regionalDisplayName": r["regionalDisplayName"], "type": "Region"} for r in REGIONS]


@command("vm list", (
    Arg(("--resource-group", "-g"), "resource_group", help="Name of resource group."),
    Arg(("--show-details", "-d"), "show_details", help="Show details: power state, IP addresses."),
    Arg(("--vmss",), "vmss", help="List the VMs of this VM scale set."),
), summary="List details of Virtual Machines.")
def vm_list(ctx, resource_group=None, show_details=False, vmss=None):
    """The subscription has no stand-alone virtual machines (AKS nodes are VM scale set instances,
    which ``az vm list`` does not show)."""
    if resource_group:
        ctx.sub.group(resource_group)
    return []
