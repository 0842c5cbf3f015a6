r"""The network tools a student types inside a pod: ``curl``, ``wget``, ``nslookup``, ``dig``, ``getent``.

Each takes its argv and returns :class:`ToolResult` (stdout, stderr, exit status) with what the
real tool prints, going through the traffic model (:mod:`k8scourse.traffic.model`):

* ``curl`` 8 and busybox ``wget`` — the simulator's one HTTP client
  (:mod:`k8scourse.runtime.http_client`: option parsing, errors, exit codes, output), carried by the
  traffic model from the source (a pod, a node, or ``outside``);
* ``nslookup NAME`` in BIND's format (``Server:\t\t10.96.0.10`` / ``Address:\t10.96.0.10#53``), or
  busybox's (``Address:\t10.96.0.10:53``) in busybox images; ``** server can't find x: NXDOMAIN``;
  ``;; connection timed out; no servers could be reached`` when DNS is down;
* ``dig [+short] [+search] NAME [TYPE]`` — dig ignores the search list unless ``+search``;
* ``getent hosts NAME`` — libc's answer (search path applies), exit 2 when not found.

Deliberate differences: one request per invocation, HTTP/1.1 only; ``-v`` shows the connection and
the response headers but not TLS; ``dig`` without ``+short`` prints the answer section only.

>>> curl_error("my-service", 80, "refused", 1)
"curl: (7) Failed to connect to my-service port 80 after 1 ms: Couldn't connect to server"
"""

from __future__ import annotations

from dataclasses import dataclass

from ..runtime import http_client
from ..runtime.http_client import curl_connect_error
from .model import traffic_source_conf


@dataclass
class ToolResult:
    out: str = ""
    err: str = ""
    code: int = 0


def curl_error(host: str, port: int, kind: str, elapsed: int) -> str:
    return curl_connect_error(host, port, kind, elapsed)[1]


def _run(traffic, source: str, namespace: str, gen) -> ToolResult:
    """Drive a :mod:`k8scourse.runtime.http_client` generator from ``source``: time passes on the cluster."""
    result, reply = ToolResult(), None
    try:
        while True:
            step = gen.send(reply)
            reply = None
            if step[0] == "stdout":
                result.out += step[1]
            elif step[0] == "stderr":
                result.err += step[1]
            elif step[0] == "sleep":
                traffic.cluster.run(seconds=step[1] / 1000)
    except StopIteration as stop:
        result.code = stop.value
    return result


def _transport(traffic, source: str, namespace: str):
    return lambda url, method, agent: traffic.request(source, url, namespace, agent=agent, advance=False)


def curl(traffic, source: str, namespace: str, args: list[str]) -> ToolResult:
    """``curl ARGS`` from ``source`` (a pod, a node or ``outside``); ``-o FILE`` writes nowhere."""
    return _run(traffic, source, namespace, http_client.curl(args, _transport(traffic, source, namespace)))


def wget(traffic, source: str, namespace: str, args: list[str], gnu: bool = False) -> ToolResult:
    """BusyBox ``wget ARGS`` from ``source`` (``gnu``: the image has GNU Wget)."""
    return _run(traffic, source, namespace, http_client.wget(args, _transport(traffic, source, namespace), gnu=gnu))


def nslookup(traffic, source: str, namespace: str, args: list[str], busybox: bool = False) -> ToolResult:
    names = [a for a in args if not a.startswith("-")]
    if not names:
        return ToolResult(err="Usage: nslookup HOST [DNS_SERVER]\n", code=1)
    name, qtype = names[0], next((a.split("=", 1)[1].upper() for a in args if a.startswith("-type=")), "A")
    src, conf = traffic_source_conf(traffic, source, namespace)
    if src is None:
        return ToolResult(err=conf + "\n", code=1)
    server = conf.nameservers[0] if conf.nameservers else "127.0.0.1"
    result, took = traffic.lookup(src, name, qtype)
    if took >= 1000:
        traffic.cluster.run(seconds=took * 1.5 / 1000)
    if result is None:
        return ToolResult(out=";; connection timed out; no servers could be reached\n\n", code=1)
    head = f"Server:\t\t{server}\nAddress:\t{server}{':' if busybox else '#'}53\n\n"
    if not result.ok:
        return ToolResult(out=head + f"** server can't find {name}: NXDOMAIN\n\n", code=1)
    body = "" if result.name.endswith("cluster.local") else "Non-authoritative answer:\n"
    for rname, rtype, value in result.answer.records:
        if rtype == "CNAME":
            body += f"{rname}\tcanonical name = {value}.\n"
        elif rtype == "A":
            body += f"Name:\t{rname}\nAddress: {value}\n"
        elif rtype == "SRV":
            body += f"{rname}\tservice = {value}\n"
    return ToolResult(out=head + body + "\n")


def dig(traffic, source: str, namespace: str, args: list[str]) -> ToolResult:
    short = "+short" in args
    search = "+search" in args
    words = [a for a in args if not a.startswith(("+", "@", "-"))]
    if not words:
        words = ["."]
    name = words[0]
    qtype = words[1].upper() if len(words) > 1 and words[1].upper() in ("A", "SRV", "CNAME", "AAAA") else "A"
    src, conf = traffic_source_conf(traffic, source, namespace)
    if src is None:
        return ToolResult(err=conf + "\n", code=1)
    result, took = traffic.lookup(src, name, qtype, search=search)
    if result is None:
        traffic.cluster.run(seconds=15)
        return ToolResult(out=";; connection timed out; no servers could be reached\n", code=9)
    records = result.answer.records if result.ok else []
    if short:
        return ToolResult(out="".join((v + "." if t == "CNAME" else v) + "\n" for _, t, v in records))
    lines = [f"; <<>> DiG 9.18.28 <<>> {' '.join(args)}", ";; global options: +cmd", ";; Got answer:",
             f";; ->>HEADER<<- opcode: QUERY, status: {result.answer.rcode if result.ok else 'NXDOMAIN'}", "",
             ";; QUESTION SECTION:", f";{result.name}.\t\t\tIN\t{qtype}", ""]
    if records:
        lines.append(";; ANSWER SECTION:")
        lines += [f"{n}.\t30\tIN\t{t}\t{v + '.' if t == 'CNAME' else v}" for n, t, v in records]
        lines.append("")
    lines.append(f";; SERVER: {conf.nameservers[0]}#53({conf.nameservers[0]}) (UDP)")
    return ToolResult(out="\n".join(lines) + "\n\n")


def getent(traffic, source: str, namespace: str, args: list[str]) -> ToolResult:
    if len(args) < 2 or args[0] not in ("hosts", "ahosts", "ahostsv4"):
        return ToolResult(err="Unknown database: " + (args[0] if args else "") + "\n", code=1)
    src, conf = traffic_source_conf(traffic, source, namespace)
    if src is None:
        return ToolResult(err=conf + "\n", code=1)
    result, took = traffic.lookup(src, args[1])
    if took >= 1000:
        traffic.cluster.run(seconds=took / 1000)
    if result is None or not result.ok or not result.addresses:
        return ToolResult(code=2)
    return ToolResult(out="".join(f"{ip:<15} {result.answer.records[-1][0]}\n" for ip in result.addresses))
