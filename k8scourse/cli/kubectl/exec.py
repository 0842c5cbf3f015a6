"""``kubectl exec POD [-c CONTAINER] [-it] -- COMMAND [ARGS…]``: run a command in a running container.

The command runs in the container's context — its environment, hostname, files, and its pod's
network: ``curl``/``wget`` go through the cluster's traffic model (DNS with the pod's search path,
the node's kube-proxy rules, the target pod's program), ``nslookup``/``dig``/``getent`` through
the cluster DNS (:mod:`k8scourse.traffic.tools`), ``cat /etc/resolv.conf`` shows the file the
kubelet wrote (``search``/``nameserver``/``options ndots:5``), and everything else (``ls``, ``cat``,
``echo``, ``env``, ``hostname``, ``sh -c "…"``) is the runtime's shell subset
(:mod:`k8scourse.runtime.shell`). ``sleep`` lets simulated time pass.

Errors as kubectl and the kubelet report them: ``Error from server (NotFound): pods "x" not
found``; ``Error from server (BadRequest): pod web does not have a host assigned``; ``error: cannot
exec into a container in a completed pod; current phase is Succeeded``; ``error: unable to upgrade
connection: container not found ("web")`` (not running yet); a binary the image lacks: ``OCI runtime
exec failed: exec failed: unable to start container process: exec: "curl": executable file not
found in $PATH: unknown`` and ``command terminated with exit code 126``; a non-zero status:
``command terminated with exit code N``.

Deliberate differences: ``-i``/``-t`` are accepted but nothing is interactive (a shell without a
command, ``kubectl exec -it web -- sh``, returns at once); which programs an image has is the
runtime's model of its userland (:mod:`k8scourse.runtime.shell`: BusyBox images have ``wget`` and
``nslookup`` but no ``curl``; Debian-based ones such as ``nginx`` have ``curl`` but no ``wget``,
``ps`` or ``nc``); files written by exec are kept per container instance but are not seen by the
container's own program; a command that never ends (``sleep infinity``, ``tail -f``) is refused.
"""

from __future__ import annotations

from ...api.objects import dig
from ...errors import APIError
from ...traffic.container_exec import NeverEnds
from ..flags import Flag
from .command import CommandError, Invocation, RawError

EXEC_FLAGS = (
    Flag("container", "c", "string", "", "Container name. If omitted, the first container in the pod will be chosen"),
    Flag("stdin", "i", "bool", False, "Pass stdin to the container"),
    Flag("tty", "t", "bool", False, "Stdin is a TTY"),
    Flag("quiet", "q", "bool", False, "Only print output from the remote session"),
    Flag("pod-running-timeout", "", "string", "1m0s", "The length of time to wait until at least one pod is running"),
)
def upgrade_refused(exc: APIError) -> Exception:
    """kubectl's words when the kubelet refuses the upgraded connection; other API errors as they are."""
    if exc.code == 400 and exc.message.startswith("container not found"):
        return CommandError(f"unable to upgrade connection: {exc.message}")
    return exc


def _container(inv: Invocation, pod: dict, name: str) -> str:
    specs = dig(pod, "spec", "containers", default=[])
    container = inv.flags.get("container") or ""
    if container:
        return container            # the API server checks it against the pod's spec
    annotated = dig(pod, "metadata", "annotations", "kubectl.kubernetes.io/default-container")
    if annotated and any(c["name"] == annotated for c in specs):
        return annotated
    container = specs[0]["name"]
    if len(specs) > 1 and not inv.flags.get("quiet"):
        inv.warn(f'Defaulted container "{container}" out of: {", ".join(c["name"] for c in specs)}')
    return container


def run_exec(inv: Invocation) -> int:
    if not inv.args:
        raise CommandError("expected 'exec POD_NAME COMMAND [ARG1] [ARG2] ... [ARGN]'.\nPOD_NAME and COMMAND "
                           "are required arguments for the exec command", usage_of="exec")
    dash = inv.extra.get("args_len_at_dash", -1)
    if dash == 0:
        raise CommandError("pod, type/name or --filename must be specified")
    target = inv.args[0]
    if dash > 0:
        argv = inv.args[dash:]
    elif len(inv.args) > 1:
        raise RawError("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] "
                       "instead\nSee 'kubectl exec -h' for help and examples")
    else:
        argv = []
    if not argv:
        raise CommandError("you must specify at least one command for the container")
    kind, _, name = target.rpartition("/")
    if kind and kind not in ("pod", "pods", "po"):
        from .logs import pod_for_object
        pod = pod_for_object(inv, kind, name, attach=True)
        name = pod["metadata"]["name"]
    else:
        pod = inv.api.get("pods", name, inv.namespace)
    phase = dig(pod, "status", "phase", default="Pending")
    if phase in ("Succeeded", "Failed"):
        raise CommandError(f"cannot exec into a container in a completed pod; current phase is {phase}")
    container = _container(inv, pod, name)

    def emit(stream: str, text: str) -> None:
        (inv.out.out if stream == "out" else inv.out.err)(text)
    try:
        status = inv.api.pod_exec(inv.namespace, name, container, argv, emit)
    except NeverEnds:
        raise CommandError("the command never ends (the simulator cannot follow it: time only moves when "
                           "asked); run something that finishes") from None
    except APIError as exc:
        raise upgrade_refused(exc) from None
    if status:
        inv.warn(f"command terminated with exit code {status}")
    return status
