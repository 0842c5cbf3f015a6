"""``kubectl auth can-i|whoami|reconcile``.

* ``auth can-i VERB TYPE[/NAME] [--subresource S] [-n NS | -A] [-q]`` sends a
  SelfSubjectAccessReview as the command's user (``--as`` included) and prints ``yes`` (exit 0) or
  ``no`` (exit 1; ``no - <reason>`` when the authorizer gave one); ``auth can-i VERB /path`` asks
  about a non-resource URL. Like kubectl it warns about a type the server does not have
  (``Warning: the server doesn't have a resource type 'podz'``), a verb it does not know
  (``Warning: verb 'fly' is not a known verb``) and a cluster-scoped type asked in a namespace
  (``Warning: resource 'nodes' is not namespace scoped``).
* ``auth can-i --list [-n NS]`` sends a SelfSubjectRulesReview and prints the rules as kubectl does
  (``Resources  Non-Resource URLs  Resource Names  Verbs``, broken down, merged, sorted).
* ``auth whoami [-o yaml|json]``: the SelfSubjectReview — ``ATTRIBUTE``/``VALUE`` rows for the
  username, UID, groups and extra.
* ``auth reconcile -f FILE``: creates the RBAC objects of the file, or adds the missing rules and
  subjects to existing ones (``--remove-extra-permissions``/``--remove-extra-subjects`` also remove).
"""

from __future__ import annotations

from ...apiserver.authorization import Attributes
from ...apiserver.reviews import user_info
from ...errors import APIError
from ..flags import Flag
from ..printers.tabwriter import KUBECTL_GET, TabWriter
from .command import CommandError, Invocation, RawError, unknown_subcommand, warn_shadowed

AUTH_FLAGS = (
    Flag("all-namespaces", "A", "bool", False, "If true, check the specified action in all namespaces."),
    Flag("list", "", "bool", False, "If true, prints all allowed actions."),
    Flag("no-headers", "", "bool", False, "If true, prints allowed actions without headers"),
    Flag("quiet", "q", "bool", False, "If true, suppress output and just return the exit code."),
    Flag("subresource", "", "string", "", "SubResource such as pod/log or deployment/scale"),
    Flag("output", "o", "string", "", "Output format."),
    Flag("filename", "f", "stringSlice", [], "Filename, directory, or URL to files identifying the resource to reconcile."),
    Flag("recursive", "R", "bool", False, "Process the directory used in -f, --filename recursively."),
    Flag("dry-run", "", "string", "none", "Must be \"none\", \"server\", or \"client\".", no_value="unchanged"),
    Flag("remove-extra-permissions", "", "bool", False, "If true, removes extra permissions added to roles"),
    Flag("remove-extra-subjects", "", "bool", False, "If true, removes extra subjects added to rolebindings"),
)

# kubectl's lists (cmd/auth/cani.go)
_KNOWN_RESOURCE_VERBS = ("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection",
                         "use", "bind", "impersonate", "*", "approve", "sign", "escalate", "attest")
_KNOWN_NON_RESOURCE_VERBS = ("get", "put", "post", "head", "options", "delete", "patch", "*")
_NON_STANDARD_RESOURCES = ("users", "groups")


def run_auth(inv: Invocation) -> int:
    if not inv.args:                    # kubectl prints the group's help on standard error
        from .cobra_path import help_text
        raise RawError(help_text(["auth"]).rstrip("\n"))
    sub, rest = inv.args[0], inv.args[1:]
    if sub == "can-i":
        return can_i(inv, rest)
    if sub == "whoami":
        return whoami(inv, rest)
    if sub == "reconcile":
        from .reconcile import reconcile
        return reconcile(inv, rest)
    raise unknown_subcommand("auth", [sub, *rest])


def _warn(inv: Invocation, text: str) -> None:
    inv.warn(f"Warning: {text}")


# ----------------------------------------------------------------------------- can-i
def _resource(inv: Invocation, arg: str) -> tuple[str, str, bool | None]:
    """(group, plural, namespaced) as kubectl's REST mapper resolves ``arg`` (warning when unknown)."""
    if arg == "*":
        return "", "*", None
    info = inv.cluster.api.registry.by_name(arg.lower())
    if info is not None:
        warn_shadowed(inv.cluster.api, arg.lower())
        return info.group, info.plural, info.namespaced
    resource, _, group = arg.lower().partition(".")
    if arg.lower() not in _NON_STANDARD_RESOURCES:
        where = f" in group '{group}'" if group else ""
        _warn(inv, f"the server doesn't have a resource type '{resource}'{where}")
    return group, resource, None


def can_i(inv: Invocation, args: list[str]) -> int:
    flags = inv.flags
    api = inv.cluster.api
    user = inv.user
    if flags.get("list"):
        if args:
            raise CommandError("list option must be specified with no arguments")
        if flags.get("quiet"):
            raise CommandError("--list and --quiet are mutually exclusive")
        return _list(inv)
    if len(args) != 2:
        raise CommandError("you must specify two arguments: verb resource or verb resource/resourceName.\n"
                           "See 'kubectl auth can-i -h' for help and examples.")
    verb, target = args
    namespace = "" if flags.get("all-namespaces") else inv.namespace
    if target.startswith("/"):
        if flags.get("subresource"):
            raise CommandError("--subresource can not be used with NonResourceURL")
        if verb not in _KNOWN_NON_RESOURCE_VERBS:
            _warn(inv, f"verb '{verb}' is not a known verb")
        attrs = Attributes(user, verb, path=target)
    else:
        type_name, _, name = target.partition("/")
        group, resource, namespaced = _resource(inv, type_name)
        if namespaced is False and not flags.get("all-namespaces"):
            where = f" in group '{group}'" if group else ""
            _warn(inv, f"resource '{resource}' is not namespace scoped{where}")
        if verb not in _KNOWN_RESOURCE_VERBS:
            _warn(inv, f"verb '{verb}' is not a known verb")
        attrs = Attributes(user, verb, group, resource, flags.get("subresource") or "", namespace, name)
    api.rbac_aggregator.sync()
    decision = api.authorizer.authorize(attrs)
    if flags.get("quiet"):
        return 0 if decision.allowed else 1
    if decision.allowed:
        inv.print("yes")
        return 0
    inv.print("no" + (f" - {decision.reason}" if decision.reason else ""))
    return 1


def _list(inv: Invocation) -> int:
    from ..describe.rbac import policy_rows, resource_group, go_slice
    api = inv.cluster.api
    api.rbac_aggregator.sync()
    namespace = inv.namespace
    rules, errors = api.authorizer.rbac.rules_for(inv.user, namespace)
    if errors:
        _warn(inv, "the list may be incomplete: " + (errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]"))
    tw = TabWriter(**KUBECTL_GET)          # printers.GetNewTabWriter
    if not inv.flags.get("no-headers"):
        tw.write("Resources\tNon-Resource URLs\tResource Names\tVerbs\n")
    # the review lists resource rules, then non-resource rules
    ordered = [r for r in rules if not r.get("nonResourceURLs")] + [r for r in rules if r.get("nonResourceURLs")]
    for rule in policy_rows(ordered):
        tw.write(f"{resource_group(rule)}\t{go_slice(rule.get('nonResourceURLs'))}\t"
                 f"{go_slice(rule.get('resourceNames'))}\t{go_slice(rule.get('verbs'))}\n")
    inv.out.out(tw.flush())
    return 0


# ----------------------------------------------------------------------------- whoami
def self_subject_review(user) -> dict:
    return {"kind": "SelfSubjectReview", "apiVersion": "authentication.k8s.io/v1",
            "metadata": {"creationTimestamp": None}, "status": {"userInfo": user_info(user)}}


def whoami(inv: Invocation, args: list[str]) -> int:
    inv.cluster.api.authorize(inv.user, "create", "selfsubjectreviews")
    review = self_subject_review(inv.user)
    output = inv.flags.get("output") or ""
    if output:
        from . import printing
        printing.check_output_format(output)
        inv.out.out(printing.format_objects(inv, [review], output, single=True, typed=True))
        return 0
    user = inv.user
    tw = TabWriter(**KUBECTL_GET)          # printers.GetNewTabWriter
    tw.write("ATTRIBUTE\tVALUE\n")
    tw.write(f"Username\t{user.name}\n")
    if user.uid:
        tw.write(f"UID\t{user.uid}\n")
    if user.groups:
        tw.write(f"Groups\t[{' '.join(user.groups)}]\n")
    for key, values in sorted((user.extra or {}).items()):
        tw.write(f"Extra: {key}\t[{' '.join(values)}]\n")
    inv.out.out(tw.flush())
    return 0


__all__ = ["AUTH_FLAGS", "run_auth", "APIError"]
