"""``kubectl set env``: list or change the environment variables of a pod template's containers.

``kubectl set env deployment/web LEVEL=debug`` sets (or replaces) ``LEVEL`` in every container
(``-c`` picks containers by name, wildcards allowed), ``LEVEL-`` removes it, ``-e NAME=value`` adds
more, and ``--from=configmap/app`` (or ``secret/creds``) adds one variable per key of that object,
referencing it (``valueFrom``) — the key upper-cased with ``-`` turned into ``_`` (kubectl says
so: ``Warning: key colour transferred to COLOUR``), ``--prefix`` in front, ``--keys`` to pick. An
object that changes prints ``deployment.apps/web env updated``; one that does not, nothing.
``--overwrite=false`` refuses to replace a value. ``--list`` prints each container's variables
(``# Deployment web, container nginx``, ``NAME=value``, ``# MODE from configmap app, key colour``)
and changes nothing; with ``--resolve`` the references are read (a Secret's value decoded, a
field path, a container's resource limit in bytes or cores).

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=1, seed=0)
>>> _ = c.kubectl("create deployment web --image=nginx", echo=False)
>>> print(c.kubectl("set env deployment/web LEVEL=debug", echo=False), end="")
deployment.apps/web env updated
>>> print(c.kubectl("set env deployment/web --list", echo=False), end="")
# Deployment web, container nginx
LEVEL=debug
"""

from __future__ import annotations

import base64
import fnmatch
import math
import re

from ...api.objects import dig, pod_spec
from ...api.quantity import parse_quantity
from ...errors import APIError
from .command import CommandError, Invocation
from .scale import targets
from .set_objects import update_each

_ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
_BAD_NAME = ("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', "
             "and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex "
             "used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')")
_SOURCES = {"configmap": ("configmaps", "configMapKeyRef"), "cm": ("configmaps", "configMapKeyRef"),
            "secret": ("secrets", "secretKeyRef")}


def run_set_env(inv: Invocation, args: list[str]) -> int:
    pairs = [a for a in args if "=" in a or a.endswith("-")] + list(inv.flags.get("env") or [])
    inv.args = [a for a in args if not ("=" in a or a.endswith("-"))]
    setting, removing = _parse_pairs(pairs)
    if inv.flags.get("list"):
        return _list_all(inv)

    def change(info, name: str, namespace: str, obj: dict) -> None:
        chosen = {c["name"] for c in _containers(inv, _with_template(info, name, obj))}
        added = setting + _from_source(inv, namespace)
        for container in pod_spec(obj).get("containers") or []:
            if container.get("name") in chosen:
                _change(inv, info, name, container, added, removing)

    return update_each(inv, change, "env updated")


def _with_template(info, name: str, obj: dict) -> dict:
    """``obj``, if it runs pods; kubectl's refusal otherwise."""
    if pod_spec(obj) is None:
        raise CommandError(f"{info.plural}/{name} the object is not a pod or does not have a pod template: "
                           f"*{info.version}.{info.kind}")
    return obj


def _list_all(inv: Invocation) -> int:
    """``--list``: every target's variables; nothing changes."""
    failed = False
    for info, name, namespace in targets(inv):
        try:
            obj = _with_template(info, name, inv.api.get(info, name, namespace))
            inv.out.out(_listing(inv, obj, _containers(inv, obj), namespace))
        except (APIError, CommandError) as exc:
            inv.error_line(exc)
            failed = True
    return 1 if failed else 0


def _parse_pairs(pairs: list[str]) -> tuple[list[dict], set[str]]:
    setting, removing = [], set()
    for pair in pairs:
        if "=" not in pair:
            removing.add(pair[:-1])
            continue
        key, _, value = pair.partition("=")
        if not _ENV_NAME.match(key):
            raise CommandError(f'"{key}" is not a valid key name: {_BAD_NAME}')
        setting.append({"name": key, "value": value})
    return setting, removing


def _containers(inv: Invocation, obj: dict) -> list[dict]:
    pattern = inv.flags.get("containers") or "*"
    found = [c for c in pod_spec(obj).get("containers") or [] if fnmatch.fnmatchcase(c.get("name", ""), pattern)]
    if not found:
        inv.warn(f'Warning: {obj["kind"]}/{obj["metadata"]["name"]} does not have any containers matching '
                 f'"{pattern}"')
    return found


def _from_source(inv: Invocation, namespace: str) -> list[dict]:
    """``--from=configmap/NAME|secret/NAME``: one referencing variable per (``--keys``) key."""
    source = inv.flags.get("from") or ""
    if not source:
        return []
    kind, _, name = source.partition("/")
    if kind.lower() not in _SOURCES or not name:
        raise CommandError(f"unknown from source: {source}")
    resource, ref = _SOURCES[kind.lower()]
    obj = inv.api.get(resource, name, namespace)
    keys = sorted(set(obj.get("data") or {}) | set(obj.get("binaryData") or {}))
    wanted = [k for part in inv.flags.get("keys") or [] for k in part.split(",") if k]
    if wanted:
        keys = [k for k in keys if k in wanted]
    out = []
    for key in keys:
        env_name = key.upper().replace("-", "_")
        if env_name != key:
            inv.warn(f"Warning: key {key} transferred to {env_name}")
        out.append({"name": (inv.flags.get("prefix") or "") + env_name,
                    "valueFrom": {ref: {"key": key, "name": name}}})
    return out


def _change(inv: Invocation, info, name: str, container: dict, added: list[dict], removing: set[str]) -> None:
    env = [e for e in container.get("env") or [] if e.get("name") not in removing]
    for var in added:
        current = next((e for e in env if e.get("name") == var["name"]), None)
        if current is None:
            env.append(dict(var))
            continue
        if inv.flags.get("overwrite") is False and current != var:
            raise CommandError(f"{info.plural}/{name} '{var['name']}' already has a value "
                               f"({current.get('value', '')}), and --overwrite is false")
        current.clear()
        current.update(var)
    if env:
        container["env"] = env
    else:
        container.pop("env", None)


def _listing(inv: Invocation, obj: dict, containers: list[dict], namespace: str) -> str:
    text = ""
    for container in containers:
        text += f'# {obj["kind"]} {obj["metadata"]["name"]}, container {container["name"]}\n'
        for var in container.get("env") or []:
            source = var.get("valueFrom")
            if source is None:
                text += f'{var["name"]}={var.get("value", "")}\n'
            elif inv.flags.get("resolve"):
                text += f'{var["name"]}={_resolve(inv, obj, container, source, namespace)}\n'
            else:
                text += f'# {var["name"]} from {_described(source)}\n'
    return text


def _described(source: dict) -> str:
    if "configMapKeyRef" in source:
        ref = source["configMapKeyRef"]
        return f'configmap {ref.get("name", "")}, key {ref.get("key", "")}'
    if "secretKeyRef" in source:
        ref = source["secretKeyRef"]
        return f'secret {ref.get("name", "")}, key {ref.get("key", "")}'
    if "fieldRef" in source:
        return f'field path {source["fieldRef"].get("fieldPath", "")}'
    if "resourceFieldRef" in source:
        return f'resource field {source["resourceFieldRef"].get("resource", "")}'
    return "an unknown source"


def _resolve(inv: Invocation, obj: dict, container: dict, source: dict, namespace: str) -> str:
    """A reference's value as ``--resolve`` reads it."""
    if "configMapKeyRef" in source or "secretKeyRef" in source:
        secret = "secretKeyRef" in source
        ref = source["secretKeyRef" if secret else "configMapKeyRef"]
        data = inv.api.get("secrets" if secret else "configmaps", ref.get("name", ""), namespace).get("data") or {}
        value = data.get(ref.get("key", ""), "")
        return base64.b64decode(value).decode("utf-8", "replace") if secret else value
    if "fieldRef" in source:
        path = source["fieldRef"].get("fieldPath", "").split(".")
        return str(dig(obj, *path, default="") or "")
    ref = source["resourceFieldRef"]
    kind, _, resource = ref.get("resource", "").partition(".")
    amount = dig(container, "resources", kind, resource)
    if amount is None:
        return ""
    value = parse_quantity(amount).as_float() / parse_quantity(ref.get("divisor") or "1").as_float()
    return str(math.ceil(value))
