"""A command run in a running container (the container runtime's ``ExecSync``), with its pod's network.

The kubelet answers ``/exec/<namespace>/<pod>/<container>`` (what the API server proxies
``pods/exec`` to, :mod:`k8scourse.kubelet.server`) by running the command here: in the container's
context — its environment, hostname, files and its pod's network. ``curl``/``wget`` go through the
cluster's traffic model (DNS with the pod's search path, the node's kube-proxy rules, the target
pod's program), ``nslookup``/``dig``/``getent`` through the cluster DNS (:mod:`.tools`),
``cat /etc/resolv.conf`` shows the file the kubelet wrote, and everything else (``ls``, ``cat``,
``echo``, ``env``, ``hostname``, ``sh -c "…"``) is the runtime's shell subset
(:mod:`k8scourse.runtime.shell`). ``sleep`` lets simulated time pass.

It sits at the traffic layer because a container's network tools need the traffic model, which the
kubelet below it does not see; the composition root hands :func:`run_in_container` to the kubelets'
servers.

Deliberate differences: files written by exec are kept per container instance but are not seen by
the container's own program; a command that never ends (``sleep infinity``, ``tail -f``) is refused
(:class:`NeverEnds`).

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=1, seed=0)
>>> _ = c.kubectl("run web --image=nginx:1.27", echo=False); c.run(seconds=30)
>>> out = []
>>> c.api.pod_exec("default", "web", "web", ["cat", "/etc/hostname"], lambda stream, text: out.append(text))
0
>>> print("".join(out), end="")
web
"""

from __future__ import annotations

from .. import defaults
from ..api.objects import dig
from ..runtime.filesystem import ReadOnlyError
from ..runtime.launch import SHELLS
from ..runtime.shell import Shell, image_has
from . import tools, traffic_of

TOOLS = {"curl", "wget", "nslookup", "dig", "getent"}      # the network tools that reach the traffic model


class NeverEnds(Exception):
    """The command would run forever (``sleep infinity``): the simulator cannot follow it."""


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
        if name in TOOLS:
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


def run_in_container(cluster, namespace: str, pod: dict, record, argv: list[str], live, emit) -> int:
    """Run ``argv`` in the container (the runtime's side of exec): ``emit("out"|"err", text)`` gets
    its output as it comes, the exit status is returned. ``live`` is the container's file tree
    (writes land there, so the other containers sharing a volume see them)."""
    sim = cluster.sim
    traffic = traffic_of(cluster)
    image = record.image
    base = argv[0].rsplit("/", 1)[-1]
    busybox = image.userland in ("busybox", "alpine") and "nslookup:bind" not in image.tools
    tool_set = {t for t in TOOLS if image_has(image.userland, image.tools, t)}
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
            if waited > defaults.EXEC_MAX_SLEEP_MS:
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
