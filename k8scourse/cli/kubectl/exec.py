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
from ...runtime.launch import SHELLS
from ...runtime.filesystem import ReadOnlyError
from ...runtime.shell import Shell, image_has
from ...traffic import traffic_of
from ...traffic import tools
from ..flags import Flag
from .command import CommandError, Invocation

EXEC_FLAGS = (
    Flag("container", "c", "string", "", "Container name. If omitted, the first container in the pod will be chosen"),
    Flag("stdin", "i", "bool", False, "Pass stdin to the container"),
    Flag("tty", "t", "bool", False, "Stdin is a TTY"),
    Flag("quiet", "q", "bool", False, "Only print output from the remote session"),
    Flag("pod-running-timeout", "", "string", "1m0s", "The length of time to wait until at least one pod is running"),
)
_TOOLS = {"curl", "wget", "nslookup", "dig", "getent"}
_MAX_EXEC_MS = 24 * 3600 * 1000


def _hosts_file(pod: dict) -> str:
    spec = pod.get("spec") or {}
    ip = dig(pod, "status", "podIP", default="")
    name = spec.get("hostname") or pod["metadata"]["name"]
    names = name
    if spec.get("subdomain"):
        names = f"{name}.{spec['subdomain']}.{pod['metadata']['namespace']}.svc.cluster.local\t{name}"
    return ("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
            "fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n"
            f"{ip}\t{names}\n")


class _ExecShell(Shell):
    """The runtime's shell, with the network tools wired to the traffic model."""

    def __init__(self, ctx: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ctx = ctx

    def command(self, argv):
        name = argv[0].rsplit("/", 1)[-1]
        if name in SHELLS and len(argv) >= 3 and argv[1] == "-c" and self.has(name):
            sub = _ExecShell(self.ctx, self.vars, self.now_unix_ms, self.files, self.hostname, name, self.net,
                             self.clock_ms, self.absent, self.identity, None, self.pid1, self.userland, self.extras,
                             view=self.view)
            yield from sub.run(argv[2])
            return sub.status
        if name in _TOOLS:
            if name not in self.ctx["tools"]:
                yield ("out", f"{self.name}: {argv[0]}: not found")
                return 127
            result = _tool(self.ctx, name, argv[1:])
            for stream, text in (("out", result.out), ("err", result.err)):
                lines = text.split("\n")
                for line in lines[:-1]:
                    yield (stream, line)
                if lines[-1]:           # no newline at the end (a JSON body, -w '%{http_code}'): a partial line
                    yield (stream, lines[-1], "")
            return result.code
        return (yield from super().command(argv))


def _tool(ctx: dict, name: str, args: list[str]):
    """A network tool run through the traffic model from the pod (``tools.ToolResult``)."""
    traffic, source, ns = ctx["traffic"], ctx["source"], ctx["namespace"]
    if name == "nslookup":
        return tools.nslookup(traffic, source, ns, args, busybox=ctx["busybox"])
    if name == "wget":
        return tools.wget(traffic, source, ns, args, gnu=ctx["gnu_wget"], read=ctx.get("read"))
    if name == "curl":
        return tools.curl(traffic, source, ns, args, read=ctx.get("read"))
    return getattr(tools, name)(traffic, source, ns, args)


def _container(inv: Invocation, pod: dict, name: str) -> str:
    specs = dig(pod, "spec", "containers", default=[])
    container = inv.flags.get("container") or ""
    if container:
        known = [c["name"] for c in specs] + [c["name"] for c in dig(pod, "spec", "initContainers", default=[]) or []]
        if container not in known:
            raise APIError.bad_request(f"container {container} is not valid for pod {name}")
        return container
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
    target, argv = inv.args[0], inv.args[1:]
    kind, _, name = target.rpartition("/")
    if kind and kind not in ("pod", "pods", "po"):
        raise CommandError(f"cannot exec into {kind}/{name}: the simulator execs into pods only (kubectl exec pod/NAME)")
    if not argv:
        raise CommandError("you must specify at least one command for the container")
    pod = inv.api.get("pods", name, inv.namespace)
    phase = dig(pod, "status", "phase", default="Pending")
    if phase in ("Succeeded", "Failed"):
        raise CommandError(f"cannot exec into a container in a completed pod; current phase is {phase}")
    node = dig(pod, "spec", "nodeName")
    if not node:
        raise APIError.bad_request(f"pod {name} does not have a host assigned")
    container = _container(inv, pod, name)
    record, live = running_container(inv.cluster, inv.namespace, pod, container)
    return _run(inv, pod, record, argv, live)


def running_container(cluster, namespace: str, pod: dict, container: str):
    """The runtime's record of a running container and its file tree (the kubelet's side of exec);
    ``CommandError`` ``unable to upgrade connection: container not found`` when it is not running."""
    node = dig(pod, "spec", "nodeName")
    name = pod["metadata"]["name"]
    kubelet = (getattr(cluster, "kubelets", {}) or {}).get(node)
    worker = next((w for w in (kubelet.workers.values() if kubelet else []) if w.name == name
                   and w.namespace == namespace and not w.gone), None)
    record = kubelet.runtime.current(worker.uid, container) if worker is not None else None
    if record is None or not record.running or record.program is None:
        raise CommandError(f'unable to upgrade connection: container not found ("{container}")')
    return record, kubelet.runtime.files(worker.uid, container)


class NeverEnds(Exception):
    """The command would run forever (``sleep infinity``): the simulator cannot follow it."""


def _run(inv: Invocation, pod: dict, record, argv: list[str], live=None) -> int:
    """kubectl's side: the container's output, then ``command terminated with exit code N``."""
    def emit(stream: str, text: str) -> None:
        (inv.out.out if stream == "out" else inv.out.err)(text)
    try:
        status = run_in_container(inv.cluster, inv.namespace, pod, record, argv, live, emit)
    except NeverEnds:
        raise CommandError("the command never ends (the simulator cannot follow it: time only moves when "
                           "asked); run something that finishes") from None
    if status:
        inv.warn(f"command terminated with exit code {status}")
    return status


def run_in_container(cluster, namespace: str, pod: dict, record, argv: list[str], live, emit) -> int:
    """Run ``argv`` in the container (the runtime's side of exec): ``emit("out"|"err", text)`` gets
    its output as it comes, the exit status is returned. ``live`` is the container's file tree
    (writes land there, so the other containers sharing a volume see them)."""
    sim = cluster.sim
    traffic = traffic_of(cluster)
    image = record.image
    base = argv[0].rsplit("/", 1)[-1]
    busybox = image.userland in ("busybox", "alpine") and "nslookup:bind" not in image.tools
    tool_set = {t for t in _TOOLS if image_has(image.userland, image.tools, t)}
    if not image_has(image.userland, image.tools, base):
        emit("out", f'OCI runtime exec failed: exec failed: unable to start container process: exec: "{argv[0]}": '
                    f'executable file not found in $PATH: unknown\n')
        return 126
    overlay = {} if live is not None else traffic.exec_files.setdefault(record.container_id, {})
    files = dict(live) if live is not None else dict(record.program.files_at(sim.now_ms))
    files.update({"/etc/resolv.conf": traffic.source(f"pod/{pod['metadata']['name']}", namespace).conf.text()
                  if dig(pod, "status", "phase") == "Running" else "",
                  "/etc/hosts": _hosts_file(pod), "/etc/hostname": record.hostname + "\n"})
    files.update({k: v for k, v in overlay.items() if v is not None})
    for gone in [k for k, v in overlay.items() if v is None]:
        files.pop(gone, None)
    ctx = {"traffic": traffic, "source": f"pod/{pod['metadata']['name']}", "namespace": namespace,
           "tools": tool_set, "busybox": busybox, "gnu_wget": "wget:gnu" in image.tools,
           "read": files.get}          # curl --cacert reads its bundle from the container's files
    env = {k: v for k, v in record.program.env.items() if not k.startswith("_")}
    if base in tool_set:            # run directly: the tool's bytes as they are (no trailing newline added)
        result = _tool(ctx, base, argv[1:])
        emit("out", result.out)
        emit("err", result.err)
        return result.code
    program = record.program
    shell = _ExecShell(ctx, env, lambda: sim.clock.unix_ms(), files, record.hostname, "sh", program.net,
                       lambda: sim.now_ms, identity=program.identity, pid1=program, userland=image.userland,
                       tools=image.tools, view=live)
    out_lines, waited = [], 0
    read_only_failed = False
    for step in shell.run_argv(argv):
        kind = step[0]
        if kind == "out":
            out_lines.append(step[1] + ("" if len(step) > 2 else "\n"))
        elif kind == "err":
            emit("out", "".join(out_lines))
            out_lines = []
            emit("err", step[1] + "\n")
        elif kind == "sleep":
            waited += step[1]
            if waited > _MAX_EXEC_MS:
                break
            cluster.run(seconds=step[1] / 1000)
        elif kind == "forever":
            emit("out", "".join(out_lines))
            raise NeverEnds()
        elif kind == "fs":
            _, path, content, append = step
            try:
                if content is None:
                    if live is not None:
                        live.pop(path, None)
                    else:
                        overlay[path] = None
                    files.pop(path, None)
                else:
                    text = (files.get(path, "") if append else "") + content
                    if live is not None:
                        live[path] = text
                    else:
                        overlay[path] = text
                    files[path] = text
            except ReadOnlyError:
                # a read-only mount (readOnly: true, configMap, secret…): the shell's own message
                emit("out", "".join(out_lines))
                out_lines = []
                verb = "remove" if content is None else "create"
                emit("err", f"sh: can't {verb} {path}: Read-only file system\n")
                read_only_failed = True
    emit("out", "".join(out_lines))
    return shell.status or (1 if read_only_failed else 0)
