"""``wget`` and ``curl`` inside a container: HTTP through the pod's network namespace.

A container's shell sends a request through its pod's :class:`~k8scourse.runtime.sandbox.PodNetwork`:
``localhost``, ``127.0.0.1`` and the pod's own IP reach whichever container of the pod listens on
the port (the lecture's pod: container A on 8080 does ``wget -qO- localhost:7001`` and gets B's
answer); another pod's IP or a name goes to the cluster's traffic model when one is wired in
(``ContainerRuntime.remote``: DNS, Services, kube-proxy), and otherwise fails as an unknown name
does (``curl: (6) Could not resolve host: x``, ``wget: bad address 'x'``). The answers are the
servers' own (:mod:`k8scourse.runtime.pages`), and the server writes its access-log line with the
client address it sees (``127.0.0.1`` on localhost).

What the tools print is busybox ``wget`` 1.36 and ``curl`` 8: ``wget: can't connect to remote host
(127.0.0.1): Connection refused``, ``wget: server returned error: HTTP/1.1 404 Not Found``,
``curl: (7) Failed to connect to localhost port 7001 after 0 ms: Couldn't connect to server``,
``curl: (22) The requested URL returned error: 404`` (``-f``). Flags: wget ``-q -O FILE|- -T S``;
curl ``-s -S -f -i -I -o FILE -w %{http_code} -m S``.

Deliberate differences: HTTP/1.1 GET only, no redirects, TLS or proxies; busybox images have no
``curl`` (``sh: curl: not found``); a shell that is not in a pod (a Dockerfile ``RUN``) treats the
tools as succeeding at once, leaving a note.
"""

from __future__ import annotations

_REASONS = {200: "OK", 301: "Moved Permanently", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error",
            502: "Bad Gateway", 503: "Service Unavailable"}


def split_url(url: str) -> tuple[str, int, str]:
    """(host, port, path) of ``http://host:port/path`` (scheme and port optional).

    >>> split_url("localhost:7001"), split_url("http://10.244.0.5/x?y=1"), split_url("https://web")
    (('localhost', 7001, '/'), ('10.244.0.5', 80, '/x?y=1'), ('web', 443, '/'))
    """
    scheme, _, rest = url.rpartition("://")
    hostport, slash, path = rest.partition("/")
    host, _, port = hostport.partition(":")
    default = 443 if scheme == "https" else 80
    return host, int(port) if port.isdigit() else default, "/" + path if slash else "/"


def status_line(status: int) -> str:
    return f"HTTP/1.1 {status} {_REASONS.get(status, '')}".rstrip()


class NetCommands:
    """Network commands of :class:`~k8scourse.runtime.shell.Shell` (see the module docstring)."""

    def _request(self, url: str, agent: str):
        """Generator: the response object (kind, status, body, address, host, port, elapsed_ms)."""
        yield ("sync", None)
        host, port, path = split_url(url)
        resp = self.net.request(host, port, path, self.clock_ms(), agent)
        if resp.elapsed_ms >= 1000:
            yield ("sleep", resp.elapsed_ms)
        return resp

    def _not_in_pod(self, name: str):
        self.notes.append(f"{name} is not modelled by the simulator: treated as succeeding at once")
        return 0

    def c_wget(self, args):
        if self.net is None:
            return self._not_in_pod("wget")
        quiet, output, urls, i = False, None, [], 0
        while i < len(args):
            a = args[i]
            i += 1
            if a in ("-q", "--quiet"):
                quiet = True
            elif a.startswith("-") and ("O" in a or "T" in a) and not a.startswith("--"):
                quiet |= "q" in a
                value = a[a.index("O" if "O" in a else "T") + 1:]
                if not value and i < len(args):
                    value, i = args[i], i + 1
                if "O" in a:
                    output = value
            elif not a.startswith("-"):
                urls.append(a)
        if not urls:
            yield ("out", "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.")
            return 1
        status = 0
        for url in urls:
            resp = yield from self._request(url, "Wget")
            host = resp.host
            if not quiet and resp.address:
                yield ("out", f"Connecting to {host}:{resp.port} ({resp.address}:{resp.port})")
            if resp.kind in ("unresolved", "dns-timeout"):
                yield ("out", f"wget: bad address '{host}'")
            elif resp.kind == "refused":
                yield ("out", f"wget: can't connect to remote host ({resp.address or host}): Connection refused")
            elif resp.kind == "unreachable":
                yield ("out", f"wget: can't connect to remote host ({resp.address or host}): Host is unreachable")
            elif resp.kind != "response":
                yield ("out", "wget: download timed out" if resp.kind == "timeout" else "wget: error getting response")
            elif resp.status >= 400:
                yield ("out", f"wget: server returned error: {status_line(resp.status)}")
            else:
                name = output or (split_url(url)[2].rstrip("/").rsplit("/", 1)[-1].split("?")[0] or "index.html")
                if name == "-":
                    if not quiet:
                        yield ("out", "writing to stdout")
                    for line in resp.body.splitlines():
                        yield ("out", line)
                    if not quiet:
                        yield ("out", "written to stdout")
                    continue
                if self._read_only(name):
                    yield ("out", f"wget: can't open '{name}': Read-only file system")
                    status = 1
                    continue
                if not quiet:
                    yield ("out", f"saving to '{name}'")
                yield ("fs", name, resp.body, False)
                if not quiet:
                    yield ("out", f"'{name}' saved")
                continue
            status = 1
        return status

    def c_curl(self, args):
        if self.net is None:
            return self._not_in_pod("curl")
        flags, output, write_out, urls, i = "", None, None, [], 0
        while i < len(args):
            a = args[i]
            i += 1
            if a in ("-o", "--output", "-w", "--write-out", "-m", "--max-time", "--connect-timeout", "-H", "-A",
                     "-X"):
                value = args[i] if i < len(args) else ""
                i += 1
                output = value if a in ("-o", "--output") else output
                write_out = value if a in ("-w", "--write-out") else write_out
            elif a.startswith("--"):
                flags += {"--silent": "s", "--show-error": "S", "--fail": "f", "--include": "i",
                          "--head": "I"}.get(a, "")
            elif a.startswith("-"):
                flags += a[1:]
            else:
                urls.append(a)
        if not urls:
            yield ("out", "curl: no URL specified!")
            return 2
        code = 0
        for url in urls:
            resp = yield from self._request(url, "curl/8.5.0")
            msg, rc = "", 0
            if resp.kind in ("unresolved", "dns-timeout"):
                msg, rc = f"curl: (6) Could not resolve host: {resp.host}", 6
            elif resp.kind in ("refused", "unreachable"):
                msg, rc = (f"curl: (7) Failed to connect to {resp.host} port {resp.port} after "
                           f"{0 if resp.kind == 'refused' else resp.elapsed_ms} ms: Couldn't connect to server"), 7
            elif resp.kind == "timeout":
                msg, rc = (f"curl: (28) Failed to connect to {resp.host} port {resp.port} after {resp.elapsed_ms} "
                           f"ms: Couldn't connect to server"), 28
            elif resp.kind != "response":
                msg, rc = "curl: (1) Received HTTP/0.9 when not allowed", 1
            elif "f" in flags and resp.status >= 400:
                msg, rc = f"curl: (22) The requested URL returned error: {resp.status}", 22
            if rc:
                code = rc
                if "s" not in flags or "S" in flags:
                    yield ("out", msg)
                continue
            text = ""
            if "i" in flags or "I" in flags:
                text = status_line(resp.status) + "\n" + "".join(f"{k}: {v}\n" for k, v in resp.headers) + "\n"
            if "I" not in flags:
                text += resp.body
            if output and output != "-":
                if output != "/dev/null":
                    yield ("fs", output, text, False)
            else:
                for line in text.splitlines():
                    yield ("out", line)
            if write_out:
                yield ("out", write_out.replace("%{http_code}", f"{resp.status:03d}").replace("\\n", ""))
        return code
