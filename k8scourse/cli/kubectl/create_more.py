"""More ``kubectl create`` generators: secrets (generic from literals, files, folders and env files;
tls; docker-registry), ``ingress``, ``pdb`` and ``priorityclass``, built as kubectl 1.32 builds them.

* ``create secret tls NAME --cert=FILE --key=FILE`` → type ``kubernetes.io/tls`` with ``tls.crt``
  and ``tls.key``;
* ``create secret docker-registry NAME --docker-server --docker-username --docker-password
  [--docker-email]`` → type ``kubernetes.io/dockerconfigjson``, one ``.dockerconfigjson`` key;
* ``create ingress NAME --rule=host/path=svc:port[,tls[=secret]] [--class] [--default-backend]``:
  a path ending in ``*`` is a ``Prefix`` path, otherwise ``Exact``; a named port is a port name;
* ``create pdb NAME --selector=… --min-available=N|--max-unavailable=N%``;
* ``create priorityclass NAME --value=N [--description] [--global-default] [--preemption-policy]``.

>>> parse_env_file("# note\\nA=1\\n  B=two \\n\\n", "app.env")
[('A', '1'), ('B', 'two ')]
>>> ingress_rule("example.com/api*=api:8080,tls=web-tls")["path"]
{'backend': {'service': {'name': 'api', 'port': {'number': 8080}}}, 'path': '/api', 'pathType': 'Prefix'}
"""

from __future__ import annotations

import base64
import json
import os
import re

from ..flags import Flag
from .command import CommandError, Invocation

MORE_FLAGS = (
    Flag("from-env-file", "", "stringSlice", [], "Specify the path to a file to read lines of key=val pairs."),
    Flag("cert", "", "string", "", "Path to PEM encoded public key certificate."),
    Flag("key", "", "string", "", "Path to private key associated with given certificate."),
    Flag("docker-server", "", "string", "https://index.docker.io/v1/", "Server location for Docker registry"),
    Flag("docker-username", "", "string", "", "Username for Docker registry authentication"),
    Flag("docker-password", "", "string", "", "Password for Docker registry authentication"),
    Flag("docker-email", "", "string", "", "Email for Docker registry"),
    Flag("class", "", "string", "", "Ingress Class to be used"),
    Flag("rule", "", "stringArray", [], "Rule in format host/path=service:port[,tls=secretname]."),
    Flag("default-backend", "", "string", "", "Default service for backend, in format of svcname:port"),
    Flag("annotation", "", "stringArray", [], "Annotation to insert in the ingress object, in the format annotation=value"),
    Flag("min-available", "", "string", "", "The minimum number or percentage of available pods this budget requires."),
    Flag("max-unavailable", "", "string", "", "The maximum number or percentage of unavailable pods this budget requires."),
    Flag("value", "", "int", 0, "the value of this priority class."),
    Flag("description", "", "string", "", "description is an arbitrary string that usually provides guidelines."),
    Flag("global-default", "", "bool", False, "global-default specifies whether this PriorityClass should be considered as the default priority."),
    Flag("preemption-policy", "", "string", "PreemptLowerPriority", "preemption-policy is the policy for preempting pods with lower priority."),
)

_ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
_ENV_HELP = ("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or "
             "'.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', "
             "regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')")

SECRET_HELP = """Create a secret with specified type.

 A docker-registry type secret is for accessing a container registry.

 A generic type secret indicate an Opaque secret type.

 A tls type secret holds TLS certificate and its associated key.

Available Commands:
  docker-registry   Create a secret for use with a Docker registry
  generic           Create a secret from a local file, directory, or literal value
  tls               Create a TLS secret

Usage:
  kubectl create secret (docker-registry | generic | tls) [options]

Use "kubectl create secret <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
"""


def _path(inv: Invocation, name: str) -> str:
    cwd = inv.extra.get("cwd")
    return name if os.path.isabs(name) or not cwd else os.path.join(cwd, name)


def parse_env_file(text: str, name: str) -> list[tuple[str, str]]:
    """``KEY=value`` lines (leading blanks dropped, ``#`` comments and empty lines skipped)."""
    pairs = []
    for raw in text.splitlines():
        line = raw.lstrip()
        if not line or line.startswith("#"):
            continue
        key, eq, value = line.partition("=")
        if not _ENV_NAME.match(key):
            raise CommandError(f'"{key}" is not a valid key name: {_ENV_HELP}')
        if not eq:
            value = os.environ.get(key, "")     # a bare name takes the variable from kubectl's environment
        pairs.append((key, value))
    return pairs


def sources(inv: Invocation) -> dict[str, str]:
    """The key → text pairs of ``--from-literal``, ``--from-file`` (files and folders) and
    ``--from-env-file``, with kubectl's errors."""
    envs = inv.flags.get("from-env-file") or []
    if envs and (inv.flags.get("from-file") or inv.flags.get("from-literal")):
        raise CommandError("from-env-file cannot be combined with from-file or from-literal")
    data: dict[str, str] = {}
    for name in envs:
        try:
            with open(_path(inv, name), encoding="utf-8") as fh:
                text = fh.read()
        except OSError:
            raise CommandError(f"error reading {name}: no such file or directory") from None
        data.update(parse_env_file(text, name))
    for spec in inv.flags.get("from-file") or []:
        key, eq, file_path = spec.partition("=")
        if not eq:
            file_path, key = spec, ""
        full = _path(inv, file_path)
        if os.path.isdir(full) and not key:
            for entry in sorted(os.listdir(full)):
                if os.path.isfile(os.path.join(full, entry)):
                    with open(os.path.join(full, entry), encoding="utf-8") as fh:
                        data[entry] = fh.read()
            continue
        try:
            with open(full, encoding="utf-8") as fh:
                data[key or os.path.basename(file_path)] = fh.read()
        except OSError:
            raise CommandError(f"error reading {file_path}: no such file or directory") from None
    for pair in inv.flags.get("from-literal") or []:
        key, eq, value = pair.partition("=")
        if not eq or not key:
            raise CommandError(f"invalid literal source {pair}, expected key=value")
        data[key] = value
    return data


def _b64(text: str | bytes) -> str:
    return base64.b64encode(text.encode() if isinstance(text, str) else text).decode()


def secret_tls(inv: Invocation, meta: dict) -> dict:
    cert, key = inv.flags.get("cert") or "", inv.flags.get("key") or ""
    if not cert or not key:
        raise CommandError("key and cert must be specified")
    data = {}
    for field, name in (("tls.crt", cert), ("tls.key", key)):
        try:
            with open(_path(inv, name), "rb") as fh:
                data[field] = _b64(fh.read())
        except OSError:
            raise CommandError(f"Cannot read file {name}, open {name}: no such file or directory") from None
    return {"apiVersion": "v1", "kind": "Secret", "metadata": meta, "data": data, "type": "kubernetes.io/tls"}


def secret_docker(inv: Invocation, meta: dict) -> dict:
    server, user = inv.flags.get("docker-server") or "", inv.flags.get("docker-username") or ""
    password, email = inv.flags.get("docker-password") or "", inv.flags.get("docker-email") or ""
    if not inv.flags.get("from-file") and not (user and password and server):
        raise CommandError("either --from-file or the combination of --docker-username, --docker-password "
                           "and --docker-server is required")
    entry = {"username": user, "password": password}
    if email:
        entry["email"] = email
    entry["auth"] = _b64(f"{user}:{password}")
    config = json.dumps({"auths": {server: entry}}, separators=(",", ":"))
    return {"apiVersion": "v1", "kind": "Secret", "metadata": meta, "data": {".dockerconfigjson": _b64(config)},
            "type": "kubernetes.io/dockerconfigjson"}


def _backend(spec: str) -> dict:
    service, _, port = spec.partition(":")
    return {"service": {"name": service, "port": {"number": int(port)} if port.isdigit() else {"name": port}}}


_RULE = re.compile(r"^(?P<host>[^/=,]*)(?P<path>/[^=,]*)=(?P<svc>[^:,=]+):(?P<port>[^,=]+)"
                   r"(?P<tls>,tls(=(?P<secret>[^,=]*))?)?$")


def ingress_rule(spec: str) -> dict:
    """One ``--rule`` as {host, path entry, tls (None, "" or a secret name)}."""
    m = _RULE.match(spec)
    if not m:
        raise CommandError(f"rule {spec} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]")
    path, kind = m["path"], "Exact"
    if path.endswith("*"):
        path, kind = path[:-1], "Prefix"
    return {"host": m["host"], "path": {"backend": _backend(f"{m['svc']}:{m['port']}"), "path": path, "pathType": kind},
            "tls": (m["secret"] or "") if m["tls"] else None}


def ingress(inv: Invocation, meta: dict) -> dict:
    rules, default = inv.flags.get("rule") or [], inv.flags.get("default-backend") or ""
    if not rules and not default:
        raise CommandError("not enough information provided: every ingress has to either specify a "
                           "default-backend (which catches all traffic) or a list of rules (which catch "
                           "specific paths)")
    parsed = [ingress_rule(r) for r in rules]
    annotations = dict(a.partition("=")[::2] for a in inv.flags.get("annotation") or [])
    if annotations:
        meta["annotations"] = annotations
    spec: dict = {}
    if inv.flags.get("class"):
        spec["ingressClassName"] = inv.flags["class"]
    if default:
        spec["defaultBackend"] = _backend(default)
    out_rules: list[dict] = []
    for rule in parsed:
        for existing in out_rules:       # paths of one host share a rule
            if existing.get("host", "") == rule["host"]:
                existing["http"]["paths"].append(rule["path"])
                break
        else:
            entry: dict = {"host": rule["host"]} if rule["host"] else {}
            entry["http"] = {"paths": [rule["path"]]}
            out_rules.append(entry)
    if out_rules:
        spec["rules"] = out_rules
    tls: list[dict] = []
    for rule in parsed:
        if rule["tls"] is None:
            continue
        for existing in tls:
            if existing.get("secretName", "") == rule["tls"]:
                if rule["host"]:
                    existing.setdefault("hosts", []).append(rule["host"])
                break
        else:
            entry = {"hosts": [rule["host"]]} if rule["host"] else {}
            if rule["tls"]:
                entry["secretName"] = rule["tls"]
            tls.append(entry)
    if tls:
        spec["tls"] = tls
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": meta, "spec": spec}


def _int_or_string(value: str):
    return int(value) if value.isdigit() else value


def pdb(inv: Invocation, meta: dict) -> dict:
    selector = inv.flags.get("selector") or ""
    if not selector:
        raise CommandError("a selector must be specified")
    min_available, max_unavailable = inv.flags.get("min-available") or "", inv.flags.get("max-unavailable") or ""
    if not min_available and not max_unavailable:
        raise CommandError("one of min-available or max-unavailable must be specified")
    if min_available and max_unavailable:
        raise CommandError("min-available and max-unavailable cannot be both specified")
    match_labels = {}
    for part in selector.split(","):
        key, eq, value = part.partition("=")
        if not eq or not key:
            raise CommandError(f"set-based selectors ({selector}) are not modelled by the simulator's create pdb")
        match_labels[key] = value.lstrip("=")
    spec: dict = {}
    if min_available:
        spec["minAvailable"] = _int_or_string(min_available)
    if max_unavailable:
        spec["maxUnavailable"] = _int_or_string(max_unavailable)
    spec["selector"] = {"matchLabels": match_labels}
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": meta, "spec": spec}


def priorityclass(inv: Invocation, meta: dict) -> dict:
    pc: dict = {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": meta,
                "preemptionPolicy": inv.flags.get("preemption-policy") or "PreemptLowerPriority",
                "value": inv.flags.get("value") or 0}
    if inv.flags.get("description"):
        pc["description"] = inv.flags["description"]
    if inv.flags.get("global-default"):
        pc["globalDefault"] = True
    return pc
