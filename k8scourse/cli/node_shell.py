"""A root shell on a node (as after ``kubectl debug node/…`` and ``chroot /host``): the student's
shell (:mod:`k8scourse.cli.shell`) with the node's own commands — ``ip``, ``crictl``,
``iptables-save`` from :func:`k8scourse.network.node_command`, ``ps aux``, ``cat /etc/os-release``.
"""

from __future__ import annotations

import datetime as _dt
from typing import Callable

from ..result import CommandResult
from .shell import CommandShell, Tool, plain, quote, run_script

# /etc/os-release of the AKS node image (Ubuntu 22.04, defaults.NODE_OS_IMAGE): Ubuntu's own file.
OS_RELEASE = """PRETTY_NAME="Ubuntu 22.04.5 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.5 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=jammy
"""
# What a node answers through k8scourse.network.node_command (its network, containerd, kube-proxy).
_NODE_TOOLS = ("ip", "crictl", "iptables-save", "docker")
# The node's own daemons under systemd, as ``ps`` lists them (user, command line).
_NODE_DAEMONS = (("root", "/sbin/init"), ("root", "[kthreadd]"), ("root", "/lib/systemd/systemd-journald"),
                 ("root", "/lib/systemd/systemd-udevd"), ("systemd+", "/lib/systemd/systemd-networkd"),
                 ("systemd+", "/lib/systemd/systemd-resolved"), ("root", "sshd: /usr/sbin/sshd -D [listener] "
                                                                          "0 of 10-100 startups"),
                 ("root", "/usr/bin/containerd"), ("root", "/usr/local/bin/kubelet"))
_PS_HEADER = "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND"


def _ps_start(cluster, started_ms: int) -> str:
    """procps' START column: the time of day within 24 hours, else month and day."""
    unix_ms = cluster.sim.clock.epoch_unix_ms + started_ms
    when = _dt.datetime.fromtimestamp(unix_ms / 1000, tz=_dt.timezone.utc)
    return when.strftime("%H:%M") if cluster.sim.now_ms - started_ms < 86_400_000 else when.strftime("%b%d")


def node_ps(cluster, node: str, args: list[str]) -> CommandResult:
    """``ps aux`` (``ps -ef`` too, in the same columns) on a node: systemd's daemons, containerd,
    the kubelet, and per pod a ``containerd-shim-runc-v2``, its ``/pause`` and each running
    container's command line. Deliberate difference: %CPU, %MEM, VSZ, RSS and TIME are not modelled
    (shown as 0)."""
    from ..network.commands import _entries       # the node's sandboxes and containers, as crictl sees them
    rows = [(user, "Ss" if i == 0 else "S", 0, argv) for i, (user, argv) in enumerate(_NODE_DAEMONS)]
    for entry in sorted(_entries(cluster, node), key=lambda e: (e["created_ms"], not e.get("pause"))):
        started = entry.get("started_ms", entry["created_ms"])
        if entry.get("pause"):
            rows.append(("root", "Sl", started, "/usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id "
                         f"{entry['id']} -address /run/containerd/containerd.sock"))
            rows.append(("65535", "Ss", started, "/pause"))
        else:
            rows.append(("root", "Ss", started, " ".join(entry["command"])))
    lines = [_PS_HEADER]
    for pid, (user, stat, started, argv) in enumerate(rows, 1):
        pid_shown = pid if pid <= len(_NODE_DAEMONS) else 1000 + pid * 7
        lines.append(f"{user:<8} {pid_shown:>7} {0.0:>4.1f} {0.0:>4.1f} {0:>6} {0:>5} {'?':<8} {stat:<4} "
                     f"{_ps_start(cluster, started):>5} {'0:00':>6} {argv}")
    text = "\n".join(lines) + "\n"
    return CommandResult(text, text, "", 0)


def node_script(cluster, node: str, script: str, sink: Callable[[str], None] | None = None) -> CommandResult:
    """Run ``script`` in a root shell on ``node`` (as after ``kubectl debug node/…`` and ``chroot /host``):
    ``ip``, ``crictl``, ``iptables-save``, ``ps aux`` from the node's state, ``cat /etc/os-release``,
    the text tools.
    An unknown node fails as kubectl does (``Error from server (NotFound): nodes "x" not found``).

    >>> from k8scourse import Cluster
    >>> c = Cluster(nodes=1, seed=0)
    >>> node = sorted(c.kubelets)[0]
    >>> print(node_script(c, node, "cat /etc/os-release | grep PRETTY; hostname"), end="")  # doctest: +ELLIPSIS
    PRETTY_NAME="Ubuntu 22.04.5 LTS"
    aks-nodepool1-...
    >>> r = node_script(c, "nope", "ip addr"); print(r, end=""); r.exit_code
    Error from server (NotFound): nodes "nope" not found
    1
    """
    from ..network import node_command
    if cluster is None or cluster.api.peek("nodes", node) is None:
        text = f'Error from server (NotFound): nodes "{node}" not found\n'
        if sink is not None:
            sink(text)
        return CommandResult(text, "", text, 1)

    def tool(name: str) -> Tool:
        return plain(lambda args, stdin: node_command(cluster, node, quote([name, *args])))

    tools = {name: tool(name) for name in _NODE_TOOLS}
    tools["ps"] = plain(lambda args, stdin: node_ps(cluster, node, args))
    shell = CommandShell(tools, env={"HOME": "/root", "USER": "root", "PWD": "/"}, hostname=node,
                         files={"/etc/os-release": OS_RELEASE, "/etc/hostname": node + "\n"})
    with cluster.engine.lock:
        return run_script(script, tools, advance=lambda s: cluster.run(seconds=s), sink=sink, shell=shell)




__all__ = ["OS_RELEASE", "node_ps", "node_script"]
