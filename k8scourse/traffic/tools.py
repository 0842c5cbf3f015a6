r"""The network tools a student types inside a pod: ``curl``, ``wget``, ``nslookup``, ``dig``, ``getent``.

Each takes its argv and returns :class:`ToolResult` (stdout, stderr, exit status) with what the
real tool prints, going through the traffic model (:mod:`k8scourse.traffic.model`):

* ``curl`` 8 — the body; errors ``curl: (6) Could not resolve host: x``, ``curl: (7) Failed to
  connect to my-service port 80 after 1 ms: Couldn't connect to server``, ``curl: (28) …``;
  ``-s``/``-S``, ``-i``, ``-I``, ``-v``, ``-o FILE`` (``/dev/null``), ``-w '%{http_code}'``, ``-f``,
  ``-m``/``--connect-timeout``;
* busybox ``wget -qO- URL`` (and ``-O FILE``, ``-T``): ``wget: bad address 'x'``, ``wget: can't
  connect to remote host (10.96.0.5): Connection refused``, ``wget: server returned error:
  HTTP/1.1 404 Not Found``;
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

from .model import CONNECT_TIMEOUT_MS, Response, traffic_source_conf

_REASONS = {200: "OK", 301: "Moved Permanently", 304: "Not Modified", 403: "Forbidden", 404: "Not Found",
            500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}


@dataclass
class ToolResult:
    out: str = ""
    err: str = ""
    code: int = 0


def curl_error(host: str, port: int, kind: str, elapsed: int) -> str:
    if kind in ("timeout",):
        return f"curl: (28) Failed to connect to {host} port {port} after {elapsed} ms: Couldn't connect to server"
    return f"curl: (7) Failed to connect to {host} port {port} after {elapsed} ms: Couldn't connect to server"


def _status_line(resp: Response) -> str:
    return f"HTTP/1.1 {resp.status} {_REASONS.get(resp.status, '')}".rstrip()


def curl(traffic, source: str, namespace: str, args: list[str]) -> ToolResult:
    silent = show_errors = include = head = verbose = fail = False
    output = write_out = None
    max_ms = None
    urls = []
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a.startswith("-") and not a.startswith("--") and len(a) >= 2 and all(ch in "sSiIvLfk" for ch in a[1:]):
            flags = a[1:]
        elif a in ("--silent", "--show-error", "--include", "--head", "--verbose", "--location", "--fail",
                   "--insecure"):
            flags = {"--silent": "s", "--show-error": "S", "--include": "i", "--head": "I", "--verbose": "v",
                     "--location": "L", "--fail": "f", "--insecure": "k"}[a]
        elif a in ("-o", "--output", "-w", "--write-out", "-m", "--max-time", "--connect-timeout", "-H",
                   "--header", "-A", "--user-agent", "-X", "--request"):
            if i >= len(args):
                return ToolResult(err=f"curl: option {a}: requires parameter\ncurl: try 'curl --help' or "
                                      f"'curl --manual' for more information\n", code=2)
            value = args[i]
            i += 1
            if a in ("-o", "--output"):
                output = value
            elif a in ("-w", "--write-out"):
                write_out = value
            elif a in ("-m", "--max-time", "--connect-timeout"):
                try:
                    max_ms = int(float(value) * 1000)
                except ValueError:
                    return ToolResult(err=f"curl: option {a}: expected a proper numerical parameter\n", code=2)
            continue
        elif a.startswith("-"):
            return ToolResult(err=f"curl: option {a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' "
                                  f"for more information\n", code=2)
        else:
            urls.append(a)
            continue
        silent |= "s" in flags
        show_errors |= "S" in flags
        include |= "i" in flags
        head |= "I" in flags
        verbose |= "v" in flags
        fail |= "f" in flags
    if not urls:
        return ToolResult(err="curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more "
                              "information\n", code=2)
    result = ToolResult()
    for url in urls:
        resp = traffic.request(source, url, namespace, advance=False)
        if resp.kind == "bad-source":
            return ToolResult(err=resp.error + "\n", code=1)
        if max_ms is not None and resp.kind in ("timeout", "dns-timeout", "unreachable") and resp.elapsed_ms > max_ms:
            resp.elapsed_ms = max_ms + 1
            traffic.cluster.run(seconds=resp.elapsed_ms / 1000)
            msg = f"curl: (28) Connection timed out after {resp.elapsed_ms} milliseconds" \
                if resp.kind != "dns-timeout" else f"curl: (28) Resolving timed out after {resp.elapsed_ms} milliseconds"
            result.code = 28
            if not silent or show_errors:
                result.err += msg + "\n"
            continue
        if resp.elapsed_ms >= 1000:
            traffic.cluster.run(seconds=resp.elapsed_ms / 1000)
        if verbose and resp.address:
            result.err += f"*   Trying {resp.address}:{resp.port}...\n"
        code, msg = 0, ""
        if resp.kind in ("unresolved", "dns-timeout"):
            code, msg = 6, f"curl: (6) Could not resolve host: {resp.host}"
        elif resp.kind in ("refused", "unreachable"):
            code, msg = 7, curl_error(resp.host, resp.port, resp.kind, resp.elapsed_ms)
        elif resp.kind == "timeout":
            code, msg = 28, curl_error(resp.host, resp.port, "timeout", CONNECT_TIMEOUT_MS)
        elif resp.kind == "tls":
            code, msg = 35, f"curl: (35) {resp.error}"
        elif resp.kind == "bad-response":
            code, msg = 1, "curl: (1) Received HTTP/0.9 when not allowed"
        if code:
            result.code = code
            if not silent or show_errors:
                result.err += msg + "\n"
            if write_out:
                result.out += _write_out(write_out, 0)
            continue
        if verbose:
            result.err += (f"* Connected to {resp.host} ({resp.address}) port {resp.port}\n"
                           f"> {'HEAD' if head else 'GET'} {resp.path} HTTP/1.1\n> Host: {resp.host}"
                           f"{'' if resp.port == 80 else f':{resp.port}'}\n> User-Agent: curl/8.5.0\n> Accept: */*\n>\n"
                           f"< {_status_line(resp)}\n" + "".join(f"< {k}: {v}\n" for k, v in resp.headers) + "<\n")
        if fail and resp.status >= 400:
            result.code = 22
            if not silent or show_errors:
                result.err += f"curl: (22) The requested URL returned error: {resp.status}\n"
            continue
        text = ""
        if include or head:
            text += _status_line(resp) + "\r\n" + "".join(f"{k}: {v}\r\n" for k, v in resp.headers) + "\r\n"
        if not head:
            text += resp.body
        if output is None or output == "-":
            result.out += text
        if write_out:
            result.out += _write_out(write_out, resp.status)
    return result


def _write_out(fmt: str, status: int) -> str:
    return fmt.replace("%{http_code}", f"{status:03d}").replace("\\n", "\n")


def wget(traffic, source: str, namespace: str, args: list[str]) -> ToolResult:
    quiet, output, urls, timeout_ms = False, None, [], None
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a in ("-q", "--quiet"):
            quiet = True
        elif a in ("-qO-", "-qO", "-O-", "-O", "-T", "--timeout") or a.startswith("-O") or a.startswith("-T"):
            quiet |= a.startswith("-q")
            inline = a[3:] if a.startswith("-qO") else a[2:] if a.startswith(("-O", "-T")) and len(a) > 2 else ""
            if not inline:
                if i >= len(args):
                    return ToolResult(err=f"wget: option requires an argument -- '{a[-1]}'\n", code=1)
                inline = args[i]
                i += 1
            if "T" in a:
                timeout_ms = int(float(inline) * 1000) if inline.replace(".", "").isdigit() else None
            else:
                output = inline
        elif a.startswith("-"):
            continue
        else:
            urls.append(a)
    if not urls:
        return ToolResult(err="BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"
                              "Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n", code=1)
    result = ToolResult()
    for url in urls:
        resp = traffic.request(source, url, namespace, agent="Wget", advance=False)
        if resp.kind == "bad-source":
            return ToolResult(err=resp.error + "\n", code=1)
        waited = resp.elapsed_ms if timeout_ms is None else min(resp.elapsed_ms, timeout_ms)
        if waited >= 1000:
            traffic.cluster.run(seconds=waited / 1000)
        if not quiet and resp.address:
            result.err += f"Connecting to {resp.host}{'' if resp.host == resp.address else f' ({resp.address}:{resp.port})'}\n"
        if resp.kind in ("unresolved", "dns-timeout"):
            result.err += f"wget: bad address '{resp.host}'\n"
        elif resp.kind in ("refused", "unreachable"):
            why = "Connection refused" if resp.kind == "refused" else "Host is unreachable"
            result.err += f"wget: can't connect to remote host ({resp.address}): {why}\n"
        elif resp.kind == "timeout":
            result.err += "wget: download timed out\n" if timeout_ms is not None else \
                f"wget: can't connect to remote host ({resp.address}): Connection timed out\n"
        elif resp.kind != "response":
            result.err += "wget: server returned error: HTTP/0.9\n"
        elif resp.status >= 400:
            result.err += f"wget: server returned error: {_status_line(resp)}\n"
        else:
            to_stdout = output in ("-", None) and output == "-"
            if to_stdout:
                result.out += resp.body
            if not quiet:
                result.err += (f"{'writing to stdout' if to_stdout else 'saving to ' + repr(output or 'index.html')}\n"
                               f"{'-' if to_stdout else (output or 'index.html'):<20} 100% |"
                               f"{'*' * 32}|   {len(resp.body.encode())}  0:00:00 ETA\n"
                               f"{'written to stdout' if to_stdout else repr(output or 'index.html') + ' saved'}\n")
            continue
        result.code = 1
    return result


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
