r"""``curl`` and ``wget``: one HTTP client for every place a learner types them.

A container's shell (:mod:`k8scourse.runtime.shell_net`), ``kubectl exec`` and the cluster's
``curl`` from a node or from outside (:mod:`k8scourse.traffic.tools`), and ``az.curl`` from the
student's machine (:mod:`k8scourse.cloud.http`) all parse the command line and print the answer
here; they differ only in the *transport* that carries the request — a callable
``transport(url, method, agent)`` returning what became of it (an object with ``kind``
(``response``, ``refused``, ``unreachable``, ``timeout``, ``unresolved``, ``dns-timeout``,
``bad-response``, ``tls``, ``bad-source``), ``status``, ``body``, ``headers``, ``address``,
``host``, ``port``, ``path``, ``elapsed_ms`` and ``error``). The same command line against the same
situation therefore prints the same bytes from a pod, from a node and from outside.

:func:`curl` and :func:`wget` are generators of steps: ``("sync", None)`` (about to use the
network: the caller brings the clock up to now), ``("stdout", text)``, ``("stderr", text)`` (raw
bytes, not lines), ``("sleep", ms)`` (time the request took, when a second or more), ``("file",
path, text)`` (``-o FILE`` / ``-O FILE``); their return value is the exit status.

What they print is curl 8.5 and BusyBox 1.36 ``wget``:

* curl: the body as sent (``-i`` adds the status line and headers with their CRLFs, ``-I`` only
  those, ``-v`` the exchange on stderr), ``-o FILE``, ``-w '%{http_code}'``, ``-f``, ``-s``/``-S``,
  ``-m``/``--connect-timeout``; errors ``curl: (6) Could not resolve host: web``, ``curl: (7) Failed
  to connect to web port 80 after 1 ms: Couldn't connect to server``, ``curl: (22) The requested
  URL returned error: 404``, ``curl: (28) Connection timed out after 2001 milliseconds``; option
  errors ``curl: option -x: is unknown`` (exit 2);
* wget: ``Connecting to web (10.96.0.5:80)``, ``saving to 'index.html'``, the progress line,
  ``'index.html' saved`` (``-q`` silences them, ``-O-`` writes the body to stdout); ``wget: bad
  address 'web'``, ``wget: can't connect to remote host (10.96.0.5): Connection refused``,
  ``wget: server returned error: HTTP/1.1 404 Not Found``, ``wget: download timed out`` (``-T``).

Deliberate differences: GET and HEAD only (another ``-X`` method or ``-d`` data is refused with a
clear "not modelled" error), HTTP/1.1 without redirects, proxies or TLS (an ``https://`` URL to a
plain-HTTP port fails as curl does: ``(35) … wrong version number``).

>>> split_url("localhost:7001"), split_url("http://10.244.0.5/x?y=1"), split_url("https://web")
(('http', 'localhost', 7001, '/'), ('http', '10.244.0.5', 80, '/x?y=1'), ('https', 'web', 443, '/'))
>>> out = run(curl(["-s", "-o", "/dev/null", "-w", "%{http_code}", "http://web"], lambda u, m, a: Reply("web", 80, "/", status=404)))
>>> out
(0, '404', '', [])
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import t

CURL_VERSION = "8.5.0"
CURL_AGENT = f"curl/{CURL_VERSION}"
WGET_AGENT = "Wget"
BUSYBOX_BANNER = "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary."
REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 304: "Not Modified", 400: "Bad Request",
           401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Not Allowed", 500: "Internal Server Error",
           502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Time-out"}
_CURL_HELP = "curl: try 'curl --help' or 'curl --manual' for more information\n"
_CURL_FLAGS = {"-s": "s", "--silent": "s", "-S": "S", "--show-error": "S", "-i": "i", "--include": "i", "-I": "I",
               "--head": "I", "-v": "v", "--verbose": "v", "-L": "L", "--location": "L", "-f": "f", "--fail": "f",
               "-k": "k", "--insecure": "k", "-4": "", "-6": "", "--compressed": "", "-N": "", "--no-buffer": ""}
_CURL_VALUED = {"-o", "--output", "-w", "--write-out", "-m", "--max-time", "--connect-timeout", "-H", "--header",
                "-A", "--user-agent", "-X", "--request", "-d", "--data", "--data-raw", "-u", "--user", "-e",
                "--referer", "--retry", "-x", "--proxy"}


@dataclass
class Reply:
    """What became of one request (the shape every transport answers with)."""
    host: str
    port: int
    path: str
    kind: str = "response"
    status: int = 0
    body: str = ""
    headers: list = field(default_factory=list)
    address: str = ""
    elapsed_ms: int = 0
    error: str = ""
    status_text: str = ""          # the server's own status line, when not ``HTTP/1.1 <code> <reason>``


def split_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path) of ``[scheme://]host[:port][/path]`` (scheme and port optional)."""
    scheme, _, rest = url.rpartition("://")
    scheme = scheme or "http"
    hostport, slash, path = rest.partition("/")
    host, _, port = hostport.partition(":")
    default = 443 if scheme == "https" else 80
    return scheme, host, int(port) if port.isdigit() else default, "/" + path if slash else "/"


def status_line(status: int, reply=None) -> str:
    """The status line of an answer (the server's own wording when the transport kept it)."""
    own = getattr(reply, "status_text", "") if reply is not None else ""
    return own or f"HTTP/1.1 {status} {REASONS.get(status, '')}".rstrip()


def run(gen) -> tuple[int, str, str, list]:
    """Drive a client generator without a clock: (exit status, stdout, stderr, files written)."""
    out, err, files = [], [], []
    try:
        while True:
            step = next(gen)
            if step[0] == "stdout":
                out.append(step[1])
            elif step[0] == "stderr":
                err.append(step[1])
            elif step[0] == "file":
                files.append(step[1:])
    except StopIteration as stop:
        return stop.value, "".join(out), "".join(err), files


# ---------------------------------------------------------------------------------------------- curl
@dataclass
class CurlOptions:
    flags: str = ""
    output: str | None = None
    write_out: str | None = None
    max_ms: int | None = None
    method: str = "GET"
    urls: list = field(default_factory=list)


def parse_curl(args: list[str]) -> CurlOptions | tuple[int, str]:
    """curl's command line, or (exit status, its complaint)."""
    opts = CurlOptions()
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a in _CURL_FLAGS:
            opts.flags += _CURL_FLAGS[a]
        elif a in _CURL_VALUED or (a[:2] in _CURL_VALUED and len(a) > 2 and not a.startswith("--")):
            value = a[2:] if len(a) > 2 and not a.startswith("--") else None
            name = a[:2] if value is not None else a
            if value is None:
                if i >= len(args):
                    return 2, f"curl: option {a}: requires parameter\n" + _CURL_HELP
                value = args[i]
                i += 1
            if name in ("-o", "--output"):
                opts.output = value
            elif name in ("-w", "--write-out"):
                opts.write_out = value
            elif name in ("-m", "--max-time", "--connect-timeout"):
                try:
                    opts.max_ms = int(float(value) * 1000)
                except ValueError:
                    return 2, f"curl: option {name}: expected a proper numerical parameter\n" + _CURL_HELP
            elif name in ("-X", "--request"):
                opts.method = value.upper()
            elif name in ("-d", "--data", "--data-raw"):
                opts.method = "POST" if opts.method == "GET" else opts.method
        elif a.startswith("-") and not a.startswith("--") and len(a) > 2 and all("-" + c in _CURL_FLAGS for c in a[1:]):
            opts.flags += "".join(_CURL_FLAGS["-" + c] for c in a[1:])
        elif a.startswith("-") and not a.startswith("--") and len(a) > 2 and \
                all("-" + c in _CURL_FLAGS for c in a[1:-1]) and "-" + a[-1] in _CURL_VALUED:
            opts.flags += "".join(_CURL_FLAGS["-" + c] for c in a[1:-1])
            args = args[:i] + ["-" + a[-1]] + args[i:]
        elif a.startswith("-") and a != "-":
            return 2, f"curl: option {a}: is unknown\n" + _CURL_HELP
        else:
            opts.urls.append(a)
    if not opts.urls:
        return 2, "curl: no URL specified!\n" + _CURL_HELP
    if "I" in opts.flags:
        opts.method = "HEAD"
    return opts


def curl_connect_error(host: str, port: int, kind: str, elapsed: int) -> tuple[int, str]:
    """(exit status, message) of a connection curl could not make."""
    code = 28 if kind == "timeout" else 7
    return code, f"curl: ({code}) Failed to connect to {host} port {port} after {elapsed} ms: Couldn't connect to server"


def _write_out(fmt: str, status: int, reply) -> str:
    text = fmt.replace("%{http_code}", f"{status:03d}").replace("%{response_code}", f"{status:03d}")
    text = text.replace("%{remote_ip}", getattr(reply, "address", "") or "")
    text = text.replace("%{size_download}", str(len((getattr(reply, "body", "") or "").encode()) if status else 0))
    return text.replace("\\n", "\n").replace("\\t", "\t")


def curl(args: list[str], transport, agent: str = CURL_AGENT):
    """``curl ARGS`` through ``transport`` (see the module docstring); returns the exit status."""
    opts = parse_curl(args)
    if isinstance(opts, tuple):
        yield ("stderr", opts[1])
        return opts[0]
    quiet_errors = "s" in opts.flags and "S" not in opts.flags
    if opts.method not in ("GET", "HEAD"):
        yield ("stderr", t("tool.http_method_not_modelled", tool="curl", method=opts.method) + "\n")
        return 2
    code = 0
    for url in opts.urls:
        scheme = url.split("://", 1)[0].lower() if "://" in url else "http"
        if scheme not in ("http", "https"):
            code = 1
            if not quiet_errors:
                yield ("stderr", f'curl: (1) Protocol "{scheme}" not supported\n')
            continue
        yield ("sync", None)
        reply = transport(url, opts.method, agent)
        kind = reply.kind
        if kind == "bad-source":
            yield ("stderr", reply.error + "\n")
            return 1
        if opts.max_ms is not None and kind in ("timeout", "dns-timeout", "unreachable") and \
                reply.elapsed_ms > opts.max_ms:
            waited = opts.max_ms + 1
            yield ("sleep", waited)
            code = 28
            what = "Resolving" if kind == "dns-timeout" else "Connection"
            if not quiet_errors:
                yield ("stderr", f"curl: (28) {what} timed out after {waited} milliseconds\n")
            if opts.write_out:
                yield ("stdout", _write_out(opts.write_out, 0, reply))
            continue
        if reply.elapsed_ms >= 1000:
            yield ("sleep", reply.elapsed_ms)
        if "v" in opts.flags and reply.address:
            yield ("stderr", f"*   Trying {reply.address}:{reply.port}...\n")
        rc, msg = 0, ""
        if kind in ("unresolved", "dns-timeout"):
            rc, msg = 6, f"curl: (6) Could not resolve host: {reply.host}"
        elif kind in ("refused", "unreachable", "timeout"):
            rc, msg = curl_connect_error(reply.host, reply.port, kind, reply.elapsed_ms)
        elif kind == "tls":
            rc, msg = 35, f"curl: (35) {reply.error}"
        elif kind == "bad-response":
            rc, msg = 1, "curl: (1) Received HTTP/0.9 when not allowed"
        if rc:
            code = rc
            if not quiet_errors:
                yield ("stderr", msg + "\n")
            if opts.write_out:
                yield ("stdout", _write_out(opts.write_out, 0, reply))
            continue
        if "v" in opts.flags:
            host_header = reply.host + ("" if reply.port == 80 else f":{reply.port}")
            yield ("stderr", f"* Connected to {reply.host} ({reply.address}) port {reply.port}\n"
                             f"> {opts.method} {reply.path} HTTP/1.1\n> Host: {host_header}\n"
                             f"> User-Agent: {agent}\n> Accept: */*\n>\n< {status_line(reply.status, reply)}\n"
                             + "".join(f"< {k}: {v}\n" for k, v in reply.headers) + "<\n")
        if "f" in opts.flags and reply.status >= 400:
            code = 22
            if not quiet_errors:
                yield ("stderr", f"curl: (22) The requested URL returned error: {reply.status}\n")
            continue
        text = ""
        if "i" in opts.flags or opts.method == "HEAD":
            text += status_line(reply.status, reply) + "\r\n" + "".join(f"{k}: {v}\r\n" for k, v in reply.headers) + "\r\n"
        if opts.method != "HEAD":
            text += reply.body
        if opts.output is None or opts.output == "-":
            yield ("stdout", text)
        elif opts.output != "/dev/null":
            yield ("file", opts.output, text)
        if opts.write_out:
            yield ("stdout", _write_out(opts.write_out, reply.status, reply))
    return code


# ---------------------------------------------------------------------------------------------- wget
@dataclass
class WgetOptions:
    quiet: bool = False
    output: str | None = None
    timeout_ms: int | None = None
    spider: bool = False
    headers: bool = False
    urls: list = field(default_factory=list)


def parse_wget(args: list[str]) -> WgetOptions | tuple[int, str]:
    """BusyBox wget's command line, or (exit status, its complaint)."""
    opts = WgetOptions()
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a in ("-q", "--quiet"):
            opts.quiet = True
        elif a == "--spider":
            opts.spider = True
        elif a in ("-S", "--server-response"):
            opts.headers = True
        elif a.startswith("--output-document=") or a.startswith("--timeout="):
            value = a.split("=", 1)[1]
            if a.startswith("--timeout="):
                opts.timeout_ms = int(float(value) * 1000) if value.replace(".", "", 1).isdigit() else None
            else:
                opts.output = value
        elif a.startswith("-") and len(a) > 1 and not a.startswith("--"):
            j = 1
            while j < len(a):
                c = a[j]
                j += 1
                if c == "q":
                    opts.quiet = True
                elif c == "S":
                    opts.headers = True
                elif c in ("O", "T", "Y", "U", "P", "o"):
                    value = a[j:]
                    if not value:
                        if i >= len(args):
                            return 1, f"wget: option requires an argument -- '{c}'\n" + BUSYBOX_BANNER + "\n\n" + \
                                "Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n"
                        value = args[i]
                        i += 1
                    if c == "O":
                        opts.output = value
                    elif c == "T":
                        opts.timeout_ms = int(float(value) * 1000) if value.replace(".", "", 1).isdigit() else None
                    break
                elif c not in "cs":
                    return 1, f"wget: invalid option -- '{c}'\n" + BUSYBOX_BANNER + "\n\n" + \
                        "Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n"
        elif a.startswith("--"):
            continue
        else:
            opts.urls.append(a)
    if not opts.urls:
        return 1, BUSYBOX_BANNER + "\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n"
    return opts


def _progress(name: str, size: int) -> str:
    return f"{name:<20} 100% |{'*' * 32}| {size:>5}  0:00:00 ETA\n"


def wget(args: list[str], transport, agent: str = WGET_AGENT, gnu: bool = False):
    """BusyBox ``wget ARGS`` through ``transport``; returns the exit status.

    ``gnu``: the image has GNU Wget instead (the full language images): with ``-q`` it prints the
    same body and nothing else, and exits 4 (network failure) or 8 (error response); its chatty
    output without ``-q`` is not modelled.
    """
    opts = parse_wget(args)
    if isinstance(opts, tuple):
        yield ("stderr", opts[1])
        return opts[0]
    if gnu and not opts.quiet:
        yield ("stderr", t("tool.option_not_modelled", tool="wget (GNU Wget)", option="without -q") + "\n")
        return 2
    code = 0
    for url in opts.urls:
        yield ("sync", None)
        reply = transport(url, "HEAD" if opts.spider else "GET", agent)
        if reply.kind == "bad-source":
            yield ("stderr", reply.error + "\n")
            return 1
        waited = reply.elapsed_ms if opts.timeout_ms is None else min(reply.elapsed_ms, opts.timeout_ms)
        if waited >= 1000:
            yield ("sleep", waited)
        shown = url.split("://", 1)[-1].split("/", 1)[0]
        if gnu:
            if reply.kind != "response":
                code = 4
            elif reply.status >= 400:
                code = 8
            elif opts.output in ("-", None) and opts.output == "-":
                yield ("stdout", reply.body)
            else:
                name = opts.output or (split_url(url)[3].split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "index.html")
                yield ("file", name, reply.body)
            continue
        if not opts.quiet and reply.address:
            yield ("stderr", f"Connecting to {shown} ({reply.address}:{reply.port})\n")
        kind = reply.kind
        if kind in ("unresolved", "dns-timeout"):
            yield ("stderr", f"wget: bad address '{shown}'\n")
        elif kind in ("refused", "unreachable"):
            why = "Connection refused" if kind == "refused" else "Host is unreachable"
            yield ("stderr", f"wget: can't connect to remote host ({reply.address}): {why}\n")
        elif kind == "timeout":
            yield ("stderr", "wget: download timed out\n" if opts.timeout_ms is not None else
                   f"wget: can't connect to remote host ({reply.address}): Connection timed out\n")
        elif kind != "response":
            yield ("stderr", "wget: server returned error: HTTP/0.9\n")
        elif reply.status >= 400:
            yield ("stderr", f"wget: server returned error: {status_line(reply.status, reply)}\n")
        else:
            if opts.headers:
                yield ("stderr", f"  {status_line(reply.status, reply)}\n" + "".join(f"  {k}: {v}\n" for k, v in reply.headers))
            if opts.spider:
                if not opts.quiet:
                    yield ("stderr", "remote file exists\n")
                continue
            name = opts.output or (split_url(url)[3].split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "index.html")
            size = len(reply.body.encode())
            if name == "-":
                if not opts.quiet:
                    yield ("stderr", "writing to stdout\n")
                yield ("stdout", reply.body)
                if not opts.quiet:
                    yield ("stderr", _progress("-", size) + "written to stdout\n")
                continue
            if not opts.quiet:
                yield ("stderr", f"saving to '{name}'\n")
            yield ("file", name, reply.body)
            if not opts.quiet:
                yield ("stderr", _progress(name, size) + f"'{name}' saved\n")
            continue
        code = 1
    return code
