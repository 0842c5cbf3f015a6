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
            for line in result.out.splitlines():
                yield ("out", line)
            if result.err:
                for line in result.err.splitlines():
                    yield ("err", line)
            return result.code
        return (yield from super().command(argv))


def _tool(ctx: dict, name: str, args: list[str]):
    """A network tool run through the traffic model from the pod (``tools.ToolResult``)."""
    traffic, source, ns = ctx["traffic"], ctx["source"], ctx["namespace"]
    if name == "nslookup":
        return tools.nslookup(traffic, source, ns, args, busybox=ctx["busybox"])
    if name == "wget":
        return tools.wget(traffic, source, ns, args, gnu=ctx["gnu_wget"])
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
    kubelet = (getattr(inv.cluster, "kubelets", {}) or {}).get(node)
    worker = next((w for w in (kubelet.workers.values() if kubelet else []) if w.name == name
                   and w.namespace == inv.namespace and not w.gone), None)
    record = kubelet.runtime.current(worker.uid, container) if worker is not None else None
    if record is None or not record.running or record.program is None:
        raise CommandError(f'unable to upgrade connection: container not found ("{container}")')
    return _run(inv, pod, record, argv, kubelet.runtime.files(worker.uid, container))


def _run(inv: Invocation, pod: dict, record, argv: list[str], live=None) -> int:
    """Run ``argv`` in the container; ``live`` is its file tree (writes land there, so the other
    containers sharing a volume see them)."""
    cluster = inv.cluster
    sim = cluster.sim
    traffic = traffic_of(cluster)
    image = record.image
    base = argv[0].rsplit("/", 1)[-1]
    busybox = image.userland in ("busybox", "alpine") and "nslookup:bind" not in image.tools
    tool_set = {t for t in _TOOLS if image_has(image.userland, image.tools, t)}
    if not image_has(image.userland, image.tools, base):
        inv.out.out(f'OCI runtime exec failed: exec failed: unable to start container process: exec: "{argv[0]}": '
                    f'executable file not found in $PATH: unknown\n')
        inv.warn("command terminated with exit code 126")
        return 126
    overlay = {} if live is not None else traffic.exec_files.setdefault(record.container_id, {})
    files = dict(live) if live is not None else dict(record.program.files_at(sim.now_ms))
    files.update({"/etc/resolv.conf": traffic.source(f"pod/{pod['metadata']['name']}", inv.namespace).conf.text()
                  if dig(pod, "status", "phase") == "Running" else "",
                  "/etc/hosts": _hosts_file(pod), "/etc/hostname": record.hostname + "\n"})
    files.update({k: v for k, v in overlay.items() if v is not None})
    for gone in [k for k, v in overlay.items() if v is None]:
        files.pop(gone, None)
    ctx = {"traffic": traffic, "source": f"pod/{pod['metadata']['name']}", "namespace": inv.namespace,
           "tools": tool_set, "busybox": busybox, "gnu_wget": "wget:gnu" in image.tools}
    env = {k: v for k, v in record.program.env.items() if not k.startswith("_")}
    if base in tool_set:            # run directly: the tool's bytes as they are (no trailing newline added)
        result = _tool(ctx, base, argv[1:])
        inv.out.out(result.out)
        inv.out.err(result.err)
        if result.code:
            inv.warn(f"command terminated with exit code {result.code}")
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
            inv.out.out("".join(out_lines))
            out_lines = []
            inv.out.err(step[1] + "\n")
        elif kind == "sleep":
            waited += step[1]
            if waited > _MAX_EXEC_MS:
                break
            cluster.run(seconds=step[1] / 1000)
        elif kind == "forever":
            inv.out.out("".join(out_lines))
            raise CommandError("the command never ends (the simulator cannot follow it: time only moves when "
                               "asked); run something that finishes")
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
                inv.out.out("".join(out_lines))
                out_lines = []
                verb = "remove" if content is None else "create"
                inv.out.err(f"sh: can't {verb} {path}: Read-only file system\n")
                read_only_failed = True
    inv.out.out("".join(out_lines))
    status = shell.status or (1 if read_only_failed else 0)
    if status:
        inv.warn(f"command terminated with exit code {status}")
    return status
