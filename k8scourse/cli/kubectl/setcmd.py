"""``kubectl set image`` and ``kubectl set resources``: edit the pod template of a workload
(``set env``: :mod:`.setenv`; ``set selector``: :mod:`.set_selector`).

``kubectl set image deployment/web nginx=nginx:1.16.1`` prints ``deployment.apps/web image
updated`` (``*=image`` sets every container; an unknown container is ``error: unable to find
container named "x"``); ``kubectl set resources deployment web -c=nginx
--limits=cpu=200m,memory=512Mi`` prints ``deployment.apps/web resource requirements updated``.
Both work on pods, deployments, replica sets, replication controllers, daemon sets, stateful sets,
jobs and cron jobs; an object that would not change is left alone and nothing is printed for it,
as kubectl does.

``--record`` (deprecated, with kubectl's warning) stores the command line in the
``kubernetes.io/change-cause`` annotation (``record.py``), which ``kubectl rollout history`` shows.
"""

from __future__ import annotations

import fnmatch

from ...api import typed
from ...api.objects import copy_json, pod_spec
from ...api.quantity import parse_quantity
from ...errors import APIError, K8sCourseError
from ..flags import Flag
from .apply import dry_run_mode, dry_run_suffix
from .command import CommandError, Invocation, RawError, kind_slash_name, unknown_subcommand
from . import record
from .record import cause_of
from .scale import targets

SET_FLAGS = (
    Flag("show-managed-fields", "", "bool", False, "If true, keep the managedFields when printing objects in JSON or YAML format."),
    Flag("field-manager", "", "string", "", "Name of the manager used to track field ownership."),
    Flag("selector", "l", "string", "", "Selector (label query) to filter on."),
    Flag("all", "", "bool", False, "Select all resources, in the namespace of the specified resource types"),
    Flag("filename", "f", "stringSlice", [], "Filename identifying the resource to update."),
    Flag("recursive", "R", "bool", False, "Process the directory used in -f recursively."),
    Flag("local", "", "bool", False, "If true, set will NOT contact api-server (not supported)."),
    Flag("dry-run", "", "string", "none", "Must be \"none\", \"server\", or \"client\".", no_value="unchanged"),
    Flag("output", "o", "string", "", "Output format."),
    Flag("record", "", "bool", False, "Record current kubectl command in the resource annotation (deprecated)."),
    Flag("containers", "c", "string", "*", "The names of containers in the selected pod templates to change."),
    Flag("limits", "", "string", "", "The resource requirement limits for this container, e.g. cpu=200m,memory=512Mi."),
    Flag("requests", "", "string", "", "The resource requirement requests for this container."),
    Flag("user", "", "stringArray", [], "Usernames to bind to the role"),
    Flag("group", "", "stringArray", [], "Groups to bind to the role"),
    Flag("serviceaccount", "", "stringArray", [], "Service accounts to bind to the role"),
    Flag("env", "e", "stringArray", [], "Specify a key-value pair for an environment variable to set into each container."),
    Flag("list", "", "bool", False, "If true, display the environment and any changes in the standard format."),
    Flag("resolve", "", "bool", False, "If true, show secret or configmap references when listing variables"),
    Flag("from", "", "string", "", "The name of a resource from which to inject environment variables"),
    Flag("prefix", "", "string", "", "Prefix to append to variable names"),
    Flag("keys", "", "stringSlice", [], "Comma-separated list of keys to import from specified resource"),
    Flag("overwrite", "", "bool", True, "If true, allow environment to be overwritten."),
)

_SET_HELP = """Configure application resources.

 These commands help you make changes to existing application resources.

Available Commands:
  env              Update environment variables on a pod template
  image            Update the image of a pod template
  resources        Update resource requests/limits on objects with pod templates
  selector         Set the selector on a resource
  serviceaccount   Update the service account of a resource
  subject          Update the user, group, or service account in a role binding or cluster role binding

Usage:
  kubectl set SUBCOMMAND [options]

Use "kubectl set <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
"""


def run_set(inv: Invocation) -> int:
    if not inv.args:                    # kubectl prints the group's help on standard error
        raise RawError(_SET_HELP.rstrip("\n"))
    sub, args = inv.args[0], inv.args[1:]
    if sub == "subject":
        from .set_rbac import run_set_subject
        return run_set_subject(inv, args)
    if sub in ("serviceaccount", "sa"):
        from .set_rbac import run_set_serviceaccount
        return run_set_serviceaccount(inv, args, cause_of(inv))
    if sub == "env":
        from .setenv import run_set_env
        return run_set_env(inv, args)
    if sub == "selector":
        from .set_selector import run_set_selector
        return run_set_selector(inv, args)
    if sub not in ("image", "resources"):
        raise unknown_subcommand("set", [sub, *args])
    cause = cause_of(inv)
    if sub == "image":
        inv.args, images = _resources_and_images(args)
        if not inv.args and not inv.flags.get("filename"):
            raise CommandError("You must provide one or more resources by argument or filename.\n"
                               "Example resource specifications include:\n   '-f rsrc.yaml'\n"
                               "   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'")
        if not inv.flags.get("local"):  # kubectl reads the objects before it looks at the images
            for info, name, namespace in targets(inv):
                inv.api.get(info, name, namespace)
        if not images:
            raise CommandError("at least one image update is required")
        missing: list[str] = []
        code = _apply_all(inv, lambda spec: missing.extend(_set_images(spec, images)), "image updated", cause)
        if missing:                     # reported after the objects that were updated (an aggregate)
            raise CommandError(missing[0] if len(missing) == 1 else "[" + ", ".join(missing) + "]")
        return code
    inv.args = args
    limits, requests = _resource_list(inv.flags.get("limits")), _resource_list(inv.flags.get("requests"))
    if not limits and not requests:
        raise CommandError("you must specify an update to requests or limits (in the form of --requests/--limits)")
    selector = inv.flags.get("containers") or "*"
    return _apply_all(inv, lambda spec: _set_resources(spec, selector, limits, requests),
                      "resource requirements updated", cause)


def _local(inv: Invocation, change, verb: str) -> int:
    """``--local -f FILE``: the files' objects changed and printed; the server is never asked."""
    from . import printing
    from .apply import load_documents
    if not inv.flags.get("filename"):
        raise CommandError("you must specify resources by --filename when --local is set.\nExample resource "
                           "specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'")
    output = inv.flags.get("output") or ""
    for doc in load_documents(inv):
        obj = copy_json(doc.object)
        spec = pod_spec(obj)
        info = inv.api.registry.for_kind(obj.get("apiVersion", ""), obj.get("kind", ""))
        if spec is not None:
            change(spec)
        if obj == doc.object:
            continue                    # nothing changed: nothing printed
        if output and output != "name":
            inv.out.out(printing.format_objects(inv, [typed.complete(obj)], output, single=True, typed=True))
        else:
            name = obj["metadata"]["name"]
            inv.print(kind_slash_name(info, name) if output == "name" else f"{kind_slash_name(info, name)} {verb}")
    return 0


def _apply_all(inv: Invocation, change, verb: str, cause: str) -> int:
    mode = dry_run_mode(inv)
    if inv.flags.get("local"):
        return _local(inv, change, verb)
    failed = False
    for info, name, namespace in targets(inv):
        try:
            obj = inv.api.get(info, name, namespace)
            updated = copy_json(obj)
            spec = pod_spec(updated)
            if spec is None:
                raise CommandError(f"{kind_slash_name(info, name)} has no pod template")
            change(spec)
            if updated == obj:
                continue
            record.annotate(updated, cause)
            result = updated
            if mode != "client":
                try:
                    result = inv.api.update(updated, dry_run=(mode == "server"), user="kubectl", resource=info)
                except APIError as exc:
                    if verb != "image updated":
                        raise
                    # kubectl set image wraps the server's refusal in its own words
                    raise CommandError(f"failed to patch image update to pod template: {exc.message}") from None
        except (APIError, CommandError) as exc:
            inv.error_line(exc)
            failed = True
            continue
        output = inv.flags.get("output") or ""
        if output and output != "name":
            from . import printing
            inv.out.out(printing.format_objects(inv, [result], output, single=True, typed=True))
            continue
        inv.print(kind_slash_name(info, name) if output == "name"
                  else f"{kind_slash_name(info, name)} {verb}{dry_run_suffix(mode)}")
    return 1 if failed else 0


def _resources_and_images(args: list[str]) -> tuple[list[str], dict[str, str]]:
    """kubectl's ``GetResourcesAndPairs`` + ``ParsePairs``: resources first, then ``NAME=IMAGE``
    pairs (an argument with ``=`` not in front, or ending in ``-``)."""
    resources, pairs = [], []
    for arg in args:
        pair = ("=" in arg and not arg.startswith("=")) or (arg.endswith("-") and arg != "-")
        if pair:
            pairs.append(arg)
        elif pairs:
            raise CommandError(f"all resources must be specified before image changes: {arg}")
        else:
            resources.append(arg)
    invalid = [p for p in pairs if not ("=" in p and not p.startswith("="))]
    if invalid:
        raise CommandError(f"invalid image format: {', '.join(invalid)}")
    return resources, dict(p.split("=", 1) for p in pairs)


def _set_images(spec: dict, images: dict[str, str]) -> list[str]:
    """Update the images; the messages for names no container has (the others still change)."""
    missing = []
    for name, image in images.items():
        found = False
        for field in ("initContainers", "containers"):
            for container in spec.get(field) or []:
                if name in ("*", container.get("name")):
                    container["image"] = image
                    found = True
        if not found:
            missing.append(f'unable to find container named "{name}"')
    return missing


def _resource_list(text: str) -> dict[str, str]:
    out = {}
    for part in (text or "").split(","):
        if not part:
            continue
        key, eq, value = part.partition("=")
        if not eq or not key:
            raise CommandError(f"invalid argument syntax {part}, expected <resource>=<value>")
        try:
            parse_quantity(value)
        except K8sCourseError:
            raise CommandError("quantities must match the regular expression "
                               "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'") from None
        out[key] = value
    return out


def _set_resources(spec: dict, selector: str, limits: dict, requests: dict) -> None:
    found = False
    for field in ("initContainers", "containers"):
        for container in spec.get(field) or []:
            if not fnmatch.fnmatchcase(container.get("name", ""), selector):
                continue
            found = True
            resources = container.setdefault("resources", {})
            if limits:
                resources.setdefault("limits", {}).update(limits)
            if requests:
                resources.setdefault("requests", {}).update(requests)
    if not found:
        raise CommandError(f"unable to find container named {selector}")
