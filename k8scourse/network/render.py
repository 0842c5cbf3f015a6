"""Text in the layouts of iproute2 (``ip addr``/``ip link``/``ip route``), ``docker ps`` and ``crictl``.

* ``ip addr`` — ``N: name[@ifM]: <FLAGS> mtu … qdisc … [master BR] state … group default [qlen …]``,
  then ``link/ether MAC brd ff:ff:ff:ff:ff:ff [link-netnsid K]``, ``inet A/P [brd B] scope S NAME``
  with ``valid_lft forever preferred_lft forever``, and the ``inet6 fe80::…/64 scope link`` line;
* ``docker ps`` — ``CONTAINER ID   IMAGE   COMMAND   CREATED   STATUS   PORTS   NAMES`` columns three
  spaces apart, a command truncated to 20 characters with ``…`` and quoted, times as Docker's
  ``HumanDuration`` (``About a minute ago``, ``Up 5 minutes``), and the names the kubelet's dockershim
  gave: ``k8s_POD_<pod>_<namespace>_<uid>_0`` for the pause container, ``k8s_<container>_<pod>_…``;
* ``crictl ps`` / ``crictl pods`` — what one really types on an AKS node (containerd, no Docker):
  13-character IDs, columns padded to at least 20 characters (crictl's tabwriter).

>>> human_duration(0), human_duration(61_000), human_duration(300_000), human_duration(3_700_000)
('Less than a second', 'About a minute', '5 minutes', 'About an hour')
>>> docker_command(["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"])
'"/docker-entrypoint.…"'
"""

from __future__ import annotations

from ..api.duration import docker_human_duration as human_duration
from .topology import Interface, link_local


def ip_addr(interfaces: list[Interface]) -> str:
    lines = []
    for i in interfaces:
        lines += _link_lines(i)
        for addr, brd, scope in i.inet:
            label = i.name if scope != "host" else "lo"
            lines.append(f"    inet {addr}{f' brd {brd}' if brd else ''} scope {scope} {label}")
            lines.append("       valid_lft forever preferred_lft forever")
        if i.kind == "loopback":
            lines += ["    inet6 ::1/128 scope host", "       valid_lft forever preferred_lft forever"]
        else:
            lines += [f"    inet6 {link_local(i.mac)} scope link", "       valid_lft forever preferred_lft forever"]
    return "\n".join(lines) + "\n"


def ip_link(interfaces: list[Interface]) -> str:
    return "\n".join(line for i in interfaces for line in _link_lines(i)) + "\n"


def _link_lines(i: Interface) -> list[str]:
    master = f" master {i.master}" if i.master else ""
    qlen = f" qlen {i.qlen}" if i.qlen else ""
    head = f"{i.index}: {i.label}: <{i.flags}> mtu {i.mtu} qdisc {i.qdisc}{master} state {i.state} group default{qlen}"
    if i.kind == "loopback":
        link = "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00"
    else:
        link = f"    link/ether {i.mac} brd ff:ff:ff:ff:ff:ff" + (f" link-netnsid {i.netnsid}" if i.netnsid is not None else "")
    return [head, link]


def ip_route(routes: list[str]) -> str:
    return "".join(r + "\n" for r in routes)


def docker_command(argv: list[str]) -> str:
    text = " ".join(argv)
    return f'"{text[:19]}…"' if len(text) > 20 else f'"{text}"'


def table(rows: list[list[str]], minwidth: int = 0, pad: int = 3) -> str:
    """Go's tabwriter with ``padding`` spaces (the last column is not padded)."""
    widths = [max(minwidth, *(len(r[c]) + pad for r in rows)) for c in range(len(rows[0]))]
    return "".join("".join(cell.ljust(widths[c]) if c < len(row) - 1 else cell for c, cell in enumerate(row)).rstrip()
                   + "\n" for row in rows)


def docker_ps(entries: list[dict], now_ms: int) -> str:
    """``entries``: id, image, command (argv), created_ms, started_ms, name — newest first."""
    rows = [["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]]
    for e in sorted(entries, key=lambda e: (-e["created_ms"], e["name"])):
        rows.append([e["id"][:12], e["image"], docker_command(e["command"]),
                     human_duration(now_ms - e["created_ms"]) + " ago",
                     "Up " + human_duration(now_ms - e["started_ms"]), "", e["name"]])
    return table(rows)


def crictl_ps(entries: list[dict], now_ms: int) -> str:
    rows = [["CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID", "POD"]]
    for e in sorted(entries, key=lambda e: (-e["created_ms"], e["name"])):
        if e.get("pause"):
            continue
        rows.append([e["id"][:13], e["image"], human_duration(now_ms - e["created_ms"]) + " ago", "Running",
                     e["container"], str(e["attempt"]), e["sandbox"][:13], e["pod"]])
    return table(rows, minwidth=20, pad=3)


def crictl_pods(entries: list[dict], now_ms: int) -> str:
    rows = [["POD ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME"]]
    for e in sorted(entries, key=lambda e: (-e["created_ms"], e["name"])):
        if not e.get("pause"):
            continue
        rows.append([e["id"][:13], human_duration(now_ms - e["created_ms"]) + " ago", "Ready", e["pod"],
                     e["namespace"], "0", "(default)"])
    return table(rows, minwidth=20, pad=3)
