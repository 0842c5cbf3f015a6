"""``kubectl run``: one Pod labelled ``run=NAME`` (kubectl 1.32's pod generator).

``run NAME --image=… [--port] [--labels] [--env] [--annotations] [--restart] [--privileged]
[--image-pull-policy] [--command] [-- ARGS…]``; ``--expose --port=N`` also creates a ClusterIP
Service of the same name (printed first); ``--dry-run=client|server -o yaml`` prints instead of
creating.

``--rm -i`` (or ``-it``) runs a one-shot pod: the simulator lets time pass until the container
has exited, prints what it wrote, deletes the pod and prints ``pod "NAME" deleted`` — what a
terminal shows when kubectl attaches to the pod. ``-i`` alone attaches without deleting. A
container that fails ends the command with ``pod NS/NAME terminated (Error)`` and its exit code.

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=1, seed=0)
>>> print(c.kubectl("run tmp --rm -i --image=busybox --restart=Never -- echo hello", echo=False), end="")
hello
pod "tmp" deleted
"""

from __future__ import annotations

from ... import defaults
from ...api import typed
from ...api.objects import copy_json, dig
from ...errors import APIError
from ...runtime.reference import is_reference
from ..flags import Flag
from . import printing
from .apply import dry_run_mode, dry_run_suffix
from . import klog
from .command import CommandError, Invocation, RawError, kind_slash_name
from . import record
from .record import cause_of
from .overrides import go_json, override

RUN_FLAGS = (
    Flag("image", "", "string", "", "The image for the container to run."),
    Flag("port", "", "string", "", "The port that this container exposes."),
    Flag("labels", "l", "string", "", "Comma separated labels to apply to the pod."),
    Flag("env", "", "stringArray", [], "Environment variables to set in the container."),
    Flag("restart", "", "string", "Always", "The restart policy for this Pod: Always, OnFailure, Never."),
    Flag("command", "", "bool", False, "Use the extra arguments as the command instead of args."),
    Flag("image-pull-policy", "", "string", "", "The image pull policy for the container."),
    Flag("dry-run", "", "string", "none", "Must be \"none\", \"server\", or \"client\".", no_value="unchanged"),
    Flag("output", "o", "string", "", "Output format."),
    Flag("annotations", "", "stringArray", [], "Annotations to apply to the pod."),
    Flag("rm", "", "bool", False, "Delete the pod after it exits (interactive only)."),
    Flag("stdin", "i", "bool", False, "Keep stdin open on the container."),
    Flag("tty", "t", "bool", False, "Allocate a TTY for the container."),
    Flag("expose", "", "bool", False, "Create a ClusterIP service associated with the pod (needs --port)."),
    Flag("privileged", "", "bool", False, "Run the container in privileged mode."),
    Flag("attach", "", "bool", False, "Wait for the Pod to start running, and then attach to the Pod."),
    Flag("quiet", "q", "bool", False, "If true, suppress prompt messages."),
    Flag("pod-running-timeout", "", "duration", "1m0s", "The length of time to wait until at least one pod is running."),
    Flag("overrides", "", "string", "", "An inline JSON override for the generated object."),
    Flag("override-type", "", "string", "merge", "The method used to override the generated object: json, merge, or strategic."),
    Flag("allow-missing-template-keys", "", "bool", True, "Ignore any errors in templates when a field or map key is missing."),
    Flag("template", "", "string", "", "Template string or path to template file to use when -o=go-template, -o=go-template-file."),
    Flag("show-managed-fields", "", "bool", False, "If true, keep the managedFields when printing objects in JSON or YAML format."),
    Flag("save-config", "", "bool", False, "Save the configuration of the object in its annotation."),
    Flag("field-manager", "", "string", "kubectl-run", "Name of the manager used to track field ownership."),
    Flag("leave-stdin-open", "", "bool", False, "Leave stdin open after the first attach completes."),
    # the delete flags of --rm
    Flag("cascade", "", "string", "background", "Cascading strategy for the deletion of --rm."),
    Flag("filename", "f", "stringSlice", [], "to use to replace the resource."),
    Flag("force", "", "bool", False, "Immediate deletion of --rm's pod."),
    Flag("grace-period", "", "int", -1, "Period of time in seconds given to the resource to terminate gracefully."),
    Flag("kustomize", "k", "string", "", "Process a kustomization directory."),
    Flag("recursive", "R", "bool", False, "Process the directory used in -f, --filename recursively."),
    Flag("timeout", "", "duration", "0s", "The length of time to wait before giving up on a delete."),
    Flag("wait", "", "bool", False, "If true, wait for resources to be gone before returning."),
)

# How long (simulated seconds) an attached `kubectl run -i` waits for its container to finish.
_ATTACH_LIMIT_S = 600


def _usage_error(message: str) -> RawError:
    """kubectl run's usage errors end with its own hint line."""
    return RawError(f"error: {message}\nSee 'kubectl run -h' for help and examples")


def _pairs(text_items: list[str], what: str) -> dict:
    out = {}
    for pair in text_items:
        key, eq, value = pair.partition("=")
        if not eq:
            raise CommandError(f"invalid {what}: {pair}")
        out[key] = value
    return out


def _pod(inv: Invocation, name: str, image: str, extra: list[str], restart: str) -> dict:
    labels = {"run": name}
    if inv.flags.get("labels"):
        labels = {}
        for pair in inv.flags["labels"].split(","):
            key, eq, value = pair.partition("=")
            if not eq:
                raise CommandError(f"unexpected label spec: {pair}")
            labels[key] = value
    container: dict = {"name": name, "image": image}
    if extra:
        container["command" if inv.flags.get("command") else "args"] = list(extra)
    if inv.flags.get("port"):
        port = inv.flags["port"]
        digits = port[1:] if port[:1] in ("+", "-") else port
        if not (digits.isascii() and digits.isdigit()):        # the generator's strconv.Atoi
            raise CommandError(f'strconv.Atoi: parsing "{port}": invalid syntax')
        container["ports"] = [{"containerPort": int(port)}]
    env = [{"name": k, "value": v} for k, v in _pairs(inv.flags.get("env") or [], "env").items()]
    if env:
        container["env"] = env
    if inv.flags.get("image-pull-policy"):
        container["imagePullPolicy"] = inv.flags["image-pull-policy"]
    if inv.flags.get("privileged"):
        container["securityContext"] = {"privileged": True}
    md: dict = {"labels": labels, "name": name}
    if inv.explicit_namespace:
        md["namespace"] = inv.namespace
    annotations = dict(a.partition("=")[::2] for a in inv.flags.get("annotations") or [])
    if annotations:
        md["annotations"] = annotations
    return {"apiVersion": "v1", "kind": "Pod", "metadata": md,
            "spec": {"containers": [container], "dnsPolicy": "ClusterFirst", "restartPolicy": restart}}


def _service(inv: Invocation, name: str, labels: dict) -> dict:
    port = int(inv.flags["port"])
    md: dict = {"name": name}
    if inv.explicit_namespace:
        md["namespace"] = inv.namespace
    return {"apiVersion": "v1", "kind": "Service", "metadata": md,
            "spec": {"ports": [{"port": port, "protocol": "TCP", "targetPort": port}], "selector": dict(labels)}}


def run_run(inv: Invocation) -> int:
    """The checks in kubectl's order: required flags (cobra), the dry-run and output flags
    (``Complete``), then ``Run``'s usage checks, then the generator's own errors."""
    image = inv.flags.get("image")
    if not image:                       # cobra checks required flags before the command runs
        raise klog.required_flag(inv.now_unix_ms(), "image")
    mode = dry_run_mode(inv)
    output = inv.flags.get("output") or ""
    if not output and inv.flags.get("template"):
        output = "go-template"          # --template alone selects the go-template printer
    printing.check_output_format(output)
    if not inv.args:
        raise _usage_error("NAME is required for run")
    name, extra = inv.args[0], inv.args[1:]
    from .wait import parse_go_duration
    if parse_go_duration(inv.flags.get("pod-running-timeout") or "1m0s") <= 0:
        raise _usage_error("--pod-running-timeout must be higher than zero")
    if not is_reference(image):         # kubectl run checks the reference grammar (not the upper case rule)
        raise CommandError(f'Invalid image name "{image}": invalid reference format')
    if inv.flags.get("tty") and not inv.flags.get("stdin"):
        raise _usage_error("-i/--stdin is required for containers with -t/--tty=true")
    if inv.flags.get("expose") and not inv.flags.get("port"):
        raise _usage_error("--port must be set when exposing a service")
    restart = inv.flags.get("restart") or "Always"
    if restart not in ("Always", "OnFailure", "Never"):
        raise _usage_error(f"invalid restart policy: {restart}")
    attach = bool(inv.flags.get("stdin") or inv.flags.get("attach"))
    if inv.flags.get("rm") and not attach:
        raise _usage_error("--rm should only be used for attached containers")
    if attach and mode != "none":
        raise _usage_error("--dry-run=[server|client] can't be used with attached containers options "
                           "(--attach, --stdin, or --tty)")
    policy = inv.flags.get("image-pull-policy") or ""
    if policy not in ("", "Always", "IfNotPresent", "Never"):
        raise _usage_error(f"invalid image pull policy: {policy}")
    pod = _pod(inv, name, image, extra, restart)
    if inv.flags.get("overrides"):      # the Pod only: the Service of --expose is never overridden
        pod = _overridden(inv, pod, mode)
    service = _service(inv, name, _pod(inv, name, image, extra, restart)["metadata"]["labels"]) \
        if inv.flags.get("expose") else None
    # kubectl creates the pod, then creates and prints the service, then prints the pod; a service it
    # could not create is reported after the pod
    created = _create(inv, pod, mode)
    failure = None
    if service is not None:
        try:
            _show(inv, _create(inv, service, mode), mode, output, first=True)
        except APIError as exc:
            failure = exc
    if not (attach and not output):
        _show(inv, created, mode, output, first=False, after_service=service is not None and failure is None)
    if failure is not None:
        raise failure
    if attach and mode == "none":
        return _attach(inv, pod["metadata"].get("name") or name)
    return 0


def _create(inv: Invocation, obj: dict, mode: str) -> dict:
    """One generated object with the change cause of ``--record``, sent (or completed client side)."""
    record.annotate(obj, cause_of(inv))
    if mode == "client":
        return typed.complete(obj)
    sent = with_saved_config(obj) if inv.flags.get("save-config") else obj
    return inv.api.create(sent, inv.namespace, dry_run=(mode == "server"), user="kubectl")


def _show(inv: Invocation, obj: dict, mode: str, output: str, first: bool, after_service: bool = False) -> None:
    if not output:
        info = inv.api.registry.for_kind(obj["apiVersion"], obj["kind"])
        inv.print(f"{kind_slash_name(info, obj['metadata']['name'])} created{dry_run_suffix(mode)}")
        return
    text = printing.format_objects(inv, [obj], output, single=True, typed=True)
    if output.startswith("yaml"):       # kubectl separates the service and the pod so
        text = text + "---\n" if first else ("---\n" + text if after_service else text)
    inv.out.out(text)


def with_saved_config(obj: dict) -> dict:
    """``--save-config``: the object as kubectl's Go encoder writes it, in its last-applied annotation."""
    out = copy_json(obj)
    md = out.setdefault("metadata", {})
    text = go_json(typed.ordered(typed.complete(obj))) + "\n"
    md["annotations"] = {**(md.get("annotations") or {}), defaults.LAST_APPLIED_ANNOTATION: text}
    return out


def _overridden(inv: Invocation, obj: dict, mode: str) -> dict:
    """``--overrides``: the object patched and decoded again (see :mod:`.overrides`). Sent to the
    server, an object whose kind the override changed still goes to the generated kind's
    resource, which refuses it."""
    result = override(obj, inv.flags["overrides"], inv.flags.get("override-type") or "merge", inv)
    if mode != "client" and (result["apiVersion"], result["kind"]) != (obj["apiVersion"], obj["kind"]):
        if result["apiVersion"] != obj["apiVersion"]:
            message = (f"the API version in the data ({result['apiVersion']}) does not match the expected "
                       f"API version ({obj['apiVersion']})")
        else:
            message = (f'{result["kind"]} in version "{result["apiVersion"]}" cannot be handled as a '
                       f'{obj["kind"]}: no kind "{result["kind"]}" is registered for version '
                       f'"{result["apiVersion"]}" in scheme "pkg/api/legacyscheme/scheme.go:30"')
        raise APIError("BadRequest", 400, message)
    return result


def _terminated(inv: Invocation, name: str) -> dict | None:
    pod = inv.api.peek("pods", name, inv.namespace)
    for status in dig(pod or {}, "status", "containerStatuses", default=[]) or []:
        state = status.get("state") or {}
        if "terminated" in state:
            return state["terminated"]
        last = status.get("lastState") or {}
        if "terminated" in last:
            return last["terminated"]
    return None


def _started(inv: Invocation, name: str) -> bool:
    """Whether the container has run (running now, or terminated)."""
    pod = inv.api.peek("pods", name, inv.namespace)
    for status in dig(pod or {}, "status", "containerStatuses", default=[]) or []:
        state = status.get("state") or {}
        if "running" in state or "terminated" in state or "terminated" in (status.get("lastState") or {}):
            return True
    return False


def _ready(inv: Invocation, name: str) -> bool:
    pod = inv.api.peek("pods", name, inv.namespace)
    return dig(pod or {}, "status", "phase") == "Running" and any(
        c.get("type") == "Ready" and c.get("status") == "True" for c in dig(pod or {}, "status", "conditions", default=[]) or [])


def _remove(inv: Invocation, name: str) -> None:
    if inv.flags.get("rm"):
        inv.api.delete("pods", name, inv.namespace, user="kubectl")
        inv.cluster.wait_until(lambda: inv.api.peek("pods", name, inv.namespace) is None, 120)
        inv.print(f'pod "{name}" deleted')


def _attach(inv: Invocation, name: str) -> int:
    """kubectl waits (``--pod-running-timeout``) for the pod — ready, for ``--restart=Always``; started or
    done otherwise — then shows what the container writes until it exits; ``--rm`` deletes the pod."""
    from .wait import parse_go_duration
    timeout = parse_go_duration(inv.flags.get("pod-running-timeout") or "1m0s")
    always = (inv.flags.get("restart") or "Always") == "Always"
    if always:
        if not inv.cluster.wait_until(lambda: _ready(inv, name), timeout):
            _remove(inv, name)
            raise CommandError("timed out waiting for the condition")
        raise CommandError("attaching to a running container is not modelled by the simulator; the pod "
                           f"keeps running: read its output with kubectl logs {name}")
    if not inv.cluster.wait_until(lambda: _started(inv, name), timeout):
        _remove(inv, name)
        raise CommandError("timed out waiting for the condition")
    inv.cluster.wait_until(lambda: _terminated(inv, name) is not None, _ATTACH_LIMIT_S)
    ended = _terminated(inv, name)
    if ended is None:
        raise CommandError(f"the command in pod {inv.namespace}/{name} did not finish within "
                           f"{_ATTACH_LIMIT_S}s of simulated time (the simulator cannot attach for ever); "
                           f"read its output with kubectl logs {name}")
    try:
        inv.out.out(inv.api.pod_log(inv.namespace, name, name))
    except APIError:
        pass
    _remove(inv, name)
    if ended.get("exitCode"):
        # kubectl reports the failure and exits with the container's own exit code
        inv.warn(f"pod {inv.namespace}/{name} terminated ({ended.get('reason') or 'Error'})")
        return int(ended["exitCode"])
    return 0
