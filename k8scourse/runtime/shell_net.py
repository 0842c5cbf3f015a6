"""``wget``, ``curl`` and ``nc`` inside a container: requests through the pod's network namespace.

A container's shell sends a request through its pod's :class:`~k8scourse.runtime.sandbox.PodNetwork`:
``localhost``, ``127.0.0.1`` and the pod's own IP reach whichever container of the pod listens on
the port (the lecture's pod: container A on 8080 does ``wget -qO- localhost:7001`` and gets B's
answer); another pod's IP or a name goes to the cluster's traffic model when one is wired in
(``ContainerRuntime.remote``: DNS, Services, kube-proxy, NetworkPolicy), and otherwise fails as an
unknown name does. What ``curl`` and ``wget`` print is the one HTTP client of the simulator
(:mod:`k8scourse.runtime.http_client`), so a pod, a node and the outside print the same bytes.

``nc -z [-v] [-w SECONDS] HOST PORT`` only connects (the readiness checks of init containers:
``until nc -z db 5432; do sleep 1; done``): status 0 when something accepts, 1 when refused, when
the name does not resolve or when NetworkPolicy drops the SYN (after ``-w`` seconds, or Linux's
connect timeout). With ``-v``, BusyBox's nc prints ``web (10.96.0.5:80) open``; OpenBSD's (in
images that install ``netcat-openbsd``) ``Connection to web (10.96.0.5) 80 port [tcp/http]
succeeded!`` and ``nc: connect to web port 80 (tcp) failed: Connection refused`` — both recorded
from the real tools.

Deliberate differences: nc without ``-z`` (sending data) is not modelled and says so; a shell that is
not in a pod (a Dockerfile ``RUN``) has no network: the tools fail as without a route.
"""

from __future__ import annotations

from ..i18n import t
from .http_client import Reply, curl, split_url, status_line, wget  # noqa: F401 - status_line re-exported

CONNECT_TIMEOUT_MS = 134_167           # Linux tcp_syn_retries=6
# /etc/services names nc -v shows (netcat-openbsd).
_SERVICES = {21: "ftp", 22: "ssh", 25: "smtp", 53: "domain", 80: "http", 443: "https", 3306: "mysql",
             5432: "postgresql", 6379: "redis", 8080: "http-alt", 11211: "memcache", 27017: "mongodb"}
_NC_USAGE = ("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\n"
             "nc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen\n")


class NetCommands:
    """Network commands of :class:`~k8scourse.runtime.shell.Shell` (see the module docstring)."""

    def _transport(self, url: str, method: str, agent: str):
        scheme, host, port, path = split_url(url)
        if self.net is None:
            return Reply(host, port, path, kind="unresolved" if not host.replace(".", "").isdigit() else "unreachable",
                         address="" if not host.replace(".", "").isdigit() else host, elapsed_ms=3070)
        return self.net.request(host, port, path, self.clock_ms(), agent, scheme=scheme)

    def _client(self, gen):
        """Run an HTTP client generator as shell steps (its output in lines)."""
        result = None
        try:
            while True:
                step = gen.send(result)
                result = None
                kind = step[0]
                if kind in ("stdout", "stderr"):
                    lines = step[1].split("\n")
                    for line in lines[:-1]:
                        yield ("out" if kind == "stdout" else "err", line)
                    if lines[-1]:                   # no newline at the end (curl -w '%{http_code}'): a partial line
                        yield ("out" if kind == "stdout" else "err", lines[-1], "")
                elif kind == "file":
                    why = self._write_denied(step[1])
                    if why:
                        yield self.err(f"wget: can't open '{step[1]}': {why}")
                        gen.close()
                        return 1
                    yield ("fs", step[1], step[2], False)
                else:
                    result = yield step
        except StopIteration as stop:
            return stop.value

    def c_wget(self, args):
        return (yield from self._client(wget(args, self._transport, gnu="wget:gnu" in self.extras)))

    def c_curl(self, args):
        return (yield from self._client(curl(args, self._transport)))

    def c_nc(self, args):
        zero = verbose = False
        wait_ms, words, i = None, [], 0
        openbsd = "netcat-openbsd" in self.extras
        while i < len(args):
            a = args[i]
            i += 1
            if a.startswith("-") and len(a) > 1:
                for j, c in enumerate(a[1:], 1):
                    if c == "z":
                        zero = True
                    elif c == "v":
                        verbose = True
                    elif c in "nu46":
                        continue
                    elif c == "w":
                        value = a[j + 1:] or (args[i] if i < len(args) else "")
                        i += 0 if a[j + 1:] else 1
                        wait_ms = int(value) * 1000 if value.isdigit() else None
                        break
                    else:
                        yield self.err(t("tool.option_not_modelled", tool="nc", option="-" + c))
                        return 1
            else:
                words.append(a)
        if len(words) < 2:
            yield self.err(_NC_USAGE.rstrip("\n") if not openbsd else "usage: nc [-46CDdFhklNnrStUuvZz] [-I length] "
                           "[-i interval] [-M ttl]")
            return 1
        if not zero:
            yield self.err(t("tool.option_not_modelled", tool="nc", option="(without -z)"))
            return 1
        host, port_text = words[0], words[1]
        if not port_text.isdigit():
            yield self.err(f"nc: port range not valid" if openbsd else f"nc: bad port '{port_text}'")
            return 1
        port = int(port_text)
        yield ("sync", None)
        result = self.net.connect(host, port, self.clock_ms()) if self.net is not None else Reply(
            host, port, "", kind="unresolved")
        kind = result.kind
        waited = result.elapsed_ms
        if kind in ("timeout", "dns-timeout") and wait_ms is not None:
            waited = min(waited, wait_ms)
        if waited >= 1000:
            yield ("sleep", waited)
        if kind == "connected":
            if verbose:
                shown = f"{host} ({result.address})" if host != result.address else host
                yield self.err(f"Connection to {shown} {port} port [tcp/{_SERVICES.get(port, '*')}] succeeded!"
                               if openbsd else f"{host} ({result.address}:{port}) open")
            return 0
        if kind in ("unresolved", "dns-timeout"):
            yield self.err(f'nc: getaddrinfo for host "{host}" port {port}: Name or service not known' if openbsd
                           else f"nc: bad address '{host}'")
            return 1
        if openbsd and verbose:
            why = {"refused": "failed: Connection refused", "unreachable": "failed: No route to host"}.get(
                kind, "timed out: Operation now in progress")
            yield self.err(f"nc: connect to {host} port {port} (tcp) {why}")
        return 1
