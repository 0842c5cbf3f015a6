"""What kubectl prints when the API server refuses its connections (the control plane is stopped).

Recorded with the real kubectl 1.32 against a closed port. Most commands end with a line that has
no ``error:`` prefix — ``The connection to the server <host:port> was refused - did you specify the
right host or port?`` — after the discovery client has logged its failure a number of times that
depends on the command (klog lines such as ``E1207 13:26:20.077530   20810 memcache.go:265]
"Unhandled Error" err="couldn't get current server API group list: Get \\"https://…/api?timeout=32s\\":
dial tcp …: connect: connection refused"``); when the name does not resolve at all (a stopped or
deleted AKS cluster), ``Unable to connect to the server: dial tcp: lookup <name> on <DNS server>:53: no such host``. Commands that write without discovery say what they
failed to write (``error: failed to create deployment: Post "…": dial tcp …``); ``-f`` with
validation fails downloading the OpenAPI document; ``version`` prints the client's part first.

The klog lines carry the simulated wall time and a fixed process id (the real ones: the machine's
time and kubectl's pid).

>>> refusing = "dial tcp 20.1.2.3:443: connect: connection refused"
>>> lines = refused("get", ["pods"], {}, "example.azmk8s.io:443", refusing, 1772442000000)
>>> lines[1].count("memcache.go:265"), lines[1].splitlines()[-1]
(5, 'The connection to the server example.azmk8s.io:443 was refused - did you specify the right host or port?')
>>> print(refused("create", ["configmap", "c"], {}, "h:443", refusing, 0)[1], end="")
error: failed to create configmap: Post "https://h:443/api/v1/namespaces/default/configmaps?fieldManager=kubectl-create&fieldValidation=Strict": dial tcp 20.1.2.3:443: connect: connection refused
"""

from __future__ import annotations

from ... import defaults
from . import klog
from .create_errors import CREATED, SERVICE_TYPES

# How many times each command's discovery client logs the refused connection before giving up
# (kubectl 1.32, measured); commands not listed log none.
DISCOVERY_LOGS = {
    "get": 5, "describe": 5, "delete": 5, "label": 5, "annotate": 5, "patch": 5, "expose": 5, "autoscale": 5,
    "edit": 5, "cluster-info": 5,
    "logs": 4, "exec": 4, "attach": 4, "scale": 4, "rollout": 4, "wait": 4, "cordon": 4, "uncordon": 4,
    "drain": 4, "set": 4, "port-forward": 4, "debug": 4, "certificate": 4,
    "auth": 2, "explain": 2, "taint": 2,             # auth: can-i (whoami logs none)
    "run": 1, "api-resources": 1, "api-versions": 1, "diff": 1,
}

_CLUSTER_SCOPED = {"priorityclasses", "clusterrolebindings"}


def refused(command: str, args: list[str], flags: dict, host: str, dial: str, now_ms: int) -> tuple[str, str, int]:
    """(stdout, stderr, exit code) of ``kubectl <command> <args>`` while the API server does not answer.

    ``host`` is the server's host:port as the kubeconfig names it, ``dial`` the dialer's error
    (``dial tcp 20.1.2.3:443: connect: connection refused``, or ``dial tcp: lookup …: no such host``
    when the name does not resolve: then kubectl says ``Unable to connect to the server: <dial>``)."""
    if "connection refused" in dial:
        message = f"The connection to the server {host} was refused - did you specify the right host or port?\n"
    else:
        message = f"Unable to connect to the server: {dial}\n"
    namespace = flags.get("namespace") or "default"
    sub = args[0] if args else ""
    if command in ("apply", "create", "replace", "diff") and (flags.get("filename") or (command == "create" and not sub)):
        if flags.get("validate") in (False, "false", "ignore") or command == "diff":
            source = (flags.get("filename") or ["-"])[0] if isinstance(flags.get("filename"), list) else flags.get("filename")
            log = _klog(1, host, dial, now_ms)
            return "", log + f'error: unable to recognize "{source}": Get "https://{host}/api?timeout=32s": {dial}\n', \
                2 if command == "diff" else 1
        source = flags["filename"][0] if isinstance(flags.get("filename"), list) else flags.get("filename")
        return "", (f'error: error validating "{source}": error validating data: failed to download openapi: '
                    f'Get "https://{host}/openapi/v2?timeout=32s": {dial}; if you choose to ignore these errors, '
                    f'turn validation off with --validate=false\n'), 1
    if command == "create":
        return "", _create(args, namespace, host, dial, now_ms, message), 1
    if command == "version":
        return (f"Client Version: v{defaults.KUBECTL_VERSION}\nKustomize Version: {defaults.KUSTOMIZE_VERSION}\n",
                message, 1)
    if command == "api-versions":
        return "", _klog(1, host, dial, now_ms) + (
            f'error: couldn\'t get available api versions from server: Get "https://{host}/api?timeout=32s": {dial}\n'), 1
    logged = 0 if command == "auth" and sub != "can-i" else DISCOVERY_LOGS.get(command, 0)   # whoami: no discovery
    log = _klog(logged, host, dial, now_ms)
    if command == "api-resources":
        return "NAME   SHORTNAMES   APIVERSION   NAMESPACED   KIND\n", log + message, 1
    if command == "cluster-info":
        return "", log + "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n" + message, 1
    if command == "auth" and sub == "can-i":
        return "", log + "Warning: the server doesn't have a resource type '" + (args[2] if len(args) > 2 else "") \
            + "'\n\n" + message, 1
    return "", log + message, 1


def _create(args: list[str], namespace: str, host: str, dial: str, now_ms: int, message: str) -> str:
    sub = args[0] if args else ""
    if sub in ("namespace", "ns"):
        return message
    if sub in ("role", "clusterrole"):
        return _klog(2, host, dial, now_ms) + message
    if sub == "job" and any(a.startswith("--from") for a in args):
        return _klog(4, host, dial, now_ms) + message
    if sub == "token" and len(args) > 1:
        return (f'error: failed to create token: Post "https://{host}/api/v1/namespaces/{namespace}/serviceaccounts/'
                f'{args[1]}/token": {dial}\n')
    query = "?fieldManager=kubectl-create&fieldValidation=Strict"
    if sub == "secret":
        return f'error: failed to create secret Post "https://{host}/api/v1/namespaces/{namespace}/secrets{query}": {dial}\n'
    if sub in ("service", "svc") and len(args) > 1 and args[1] in SERVICE_TYPES:
        return (f'error: failed to create {SERVICE_TYPES[args[1]]} service: Post "https://{host}/api/v1/namespaces/'
                f'{namespace}/services{query}": {dial}\n')
    if sub in CREATED:
        what, prefix, plural = CREATED[sub]
        where = f"{prefix}/{plural}" if plural in _CLUSTER_SCOPED else f"{prefix}/namespaces/{namespace}/{plural}"
        return f'error: failed to create {what}: Post "https://{host}/{where}{query}": {dial}\n'
    return message


def _klog(times: int, host: str, dial: str, now_ms: int) -> str:
    """The discovery client's klog lines (``E<mmdd> <hh:mm:ss.micro> <pid> memcache.go:265] …``)."""
    text = (f'"Unhandled Error" err="couldn\'t get current server API group list: Get '
            f'\\"https://{host}/api?timeout=32s\\": {dial}"')
    return "".join(klog.line(now_ms + i, "memcache.go:265", "E", text) + "\n" for i in range(times))
