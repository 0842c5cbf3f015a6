"""Web servers and the test images that answer HTTP (databases: :mod:`.databases`).

Each one prints the start-up lines its real image prints (nginx's entrypoint notices, Apache's
``AH00094`` line, Redis' ``Ready to accept connections``), opens its port when it is ready, answers
HTTP GETs the way its default configuration does (nginx serves ``/`` and ``/50x.html``, anything
else is 404; a probe on a port nothing listens on is refused), writes an access-log line per
request, and stops on SIGTERM the way the image's stop signal makes it stop.

Web servers serve files from their document root in the container's file tree (nginx
``/usr/share/nginx/html``, httpd ``/usr/local/apache2/htdocs``): the image's page until a volume is
mounted over the root or a file is written there; a missing file is 404; a directory without
``index.html`` is 403 for nginx and an ``Index of /`` listing for httpd (the official config has
``Options Indexes``). Logs follow the official images: nginx's ``/var/log/nginx/access.log`` and
``error.log`` are symlinks to ``/dev/stdout``/``/dev/stderr`` (so ``kubectl logs`` shows them) —
but a volume mounted on ``/var/log/nginx`` hides the symlinks and nginx writes real files there,
which a logger container sharing the volume can ``tail``; httpd logs to ``/proc/self/fd/1`` and
``/proc/self/fd/2`` whatever is mounted, and only writes ``logs/httpd.pid``. A port already
bound in the pod makes the server fail as it really does (see :mod:`k8scourse.runtime.sandbox`).

Notable real behaviours kept on purpose: the lecture's pod declares ``containerPort: 8090`` but
nginx listens on 80 (``containerPort`` is informational), so a probe on 8090 is refused; nginx
before 1.19 has no entrypoint script and logs nothing at start-up; ``mysql`` and ``postgres``
refuse to start without a root/superuser password in their environment; ``node`` as PID 1 ignores
SIGTERM (no handler), so the ACI hello-world container is SIGKILLed at the end of the grace period.

>>> from k8scourse.runtime.programs import Program
>>> n = Nginx(started_ms=0, version="1.7.9"); n.run_until(0)
>>> n.http_get(80, "/", 10), n.http_get(80, "/healthz", 10), n.http_get(8090, "/", 10)
(200, 404, None)
"""

from __future__ import annotations

import re

from ..pages import doc_file
from .base import MiB, Server, stamp

# The release ``nginx:latest`` stood for at the simulator's epoch (official-images, 2026-02-27).
CURRENT_NGINX = "1.29.5"


class Nginx(Server):
    name = "nginx"
    sigterm = (100, 0)           # STOPSIGNAL SIGQUIT: graceful shutdown, exit 0
    idle = (0.0, 3_500_000)
    ports = (80,)

    def full_version(self) -> str:
        """The release the image's tag stands for (``1.25`` → ``1.25.5``, see the registry data)."""
        return self.version if self.version[:1].isdigit() else CURRENT_NGINX

    def modern(self) -> bool:
        """nginx 1.19 and later images have the ``/docker-entrypoint.sh`` that logs at start-up."""
        parts = [int(p) for p in re.findall(r"\d+", self.full_version())[:2]] + [0, 0]
        return (parts[0], parts[1]) >= (1, 19)

    def start_lines(self):
        if not self.modern():
            return []
        t = stamp(self.wall(), "%Y/%m/%d %H:%M:%S")
        ep = "/docker-entrypoint.sh"
        return [
            f"{ep}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
            f"{ep}: Looking for shell scripts in /docker-entrypoint.d/",
            f"{ep}: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
            *(["10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
               "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf"]
              if not self._denied("/etc/nginx/conf.d/default.conf") else
              ["10-listen-on-ipv6-by-default.sh: info: can not modify /etc/nginx/conf.d/default.conf "
               "(read-only file system?)"]),
            f"{ep}: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
            f"{ep}: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
            f"{ep}: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
            f"{ep}: Configuration complete; ready for start up",
            f'{t} [notice] 1#1: using the "epoll" event method',
            f"{t} [notice] 1#1: nginx/{self.full_version()}",
            f"{t} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) ",
            f"{t} [notice] 1#1: OS: Linux 5.15.0-1079-azure",
            f"{t} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576",
            f"{t} [notice] 1#1: start worker processes",
            f"{t} [notice] 1#1: start worker process 29",
            f"{t} [notice] 1#1: start worker process 30",
        ]

    def _denied(self, path: str) -> str:
        """errno text of a write to ``path`` by this process ("" when allowed): read-only root, not root."""
        if not self.rootfs:
            return ""
        mount = self.files.mount_of(path)
        if mount is not None:
            return "30: Read-only file system" if mount.read_only else ""
        if self.identity.read_only_root:
            return "30: Read-only file system"
        return "" if self.identity.may_write(path) else "13: Permission denied"

    def _emerg(self, text: str, level: str = "emerg"):
        """An error during start-up: to the error log and, as ``nginx: [level] …``, to stderr."""
        yield self._error_log(f"{stamp(self.wall(), '%Y/%m/%d %H:%M:%S')} [{level}] 1#1: {text}")
        yield ("out", f"nginx: [{level}] {text}")

    def steps(self):
        notices = [line for line in self.start_lines() if " [notice] " in line]
        for line in self.start_lines():
            if " [notice] " not in line:
                yield ("out", line)
        if self.identity.uid != 0:              # the config's "user nginx;" needs root
            yield from self._emerg('the "user" directive makes sense only if the master process runs with '
                                   'super-user privileges, ignored in /etc/nginx/nginx.conf:2', "warn")
        if self.rootfs:                         # ngx_create_paths: the temp directories, owned by "nginx"
            why = self._denied("/var/cache/nginx/client_temp")
            if why:
                yield from self._emerg(f'mkdir() "/var/cache/nginx/client_temp" failed ({why})')
                yield ("exit", 1)
                return
            if self.identity.uid == 0 and "CHOWN" not in self.identity.effective():
                yield from self._emerg('chown("/var/cache/nginx/client_temp", 101) failed (1: Operation not permitted)')
                yield ("exit", 1)
                return
        for port in self.ports:                 # bind() comes before the notices in ngx_init_cycle
            yield ("listen", port)
        if self._logs_to_files():               # ngx_init_cycle opens (creates) its log files
            yield ("fs", "/var/log/nginx/access.log", "", True)
            yield ("fs", "/var/log/nginx/error.log", "", True)
        for line in notices[:5]:
            yield self._error_log(line)
        why = self._denied("/var/run/nginx.pid")
        if why:                                 # ngx_create_pidfile, before the worker processes start
            yield from self._emerg(f'open() "/var/run/nginx.pid" failed ({why})')
            yield ("exit", 1)
            return
        for line in notices[5:]:
            yield self._error_log(line)
        yield ("forever",)

    def _logs_to_files(self) -> bool:
        """A volume mounted on /var/log/nginx hides the image's symlinks to stdout/stderr."""
        if getattr(self, "_log_files", None) is None:
            self._log_files = self.rootfs and self.files.mount_of("/var/log/nginx/access.log") is not None
        return self._log_files

    def _error_log(self, line: str):
        return ("fs", "/var/log/nginx/error.log", line + "\n", True) if self._logs_to_files() else ("out", line)

    def bind_error_steps(self, port, denied=False):
        if denied:                              # EACCES is not retried (ngx_open_listening_sockets)
            text = f"bind() to 0.0.0.0:{port} failed (13: Permission denied)"
            yield self._error_log(f"{stamp(self.wall(), '%Y/%m/%d %H:%M:%S')} [emerg] 1#1: {text}")
            yield ("out", f"nginx: [emerg] {text}")
            yield ("exit", 1)
            return
        addresses = [f"0.0.0.0:{port}"] + ([f"[::]:{port}"] if self.modern() else [])
        for _ in range(5):                      # ngx_open_listening_sockets: 5 tries, 500 ms apart
            for address in addresses:
                text = f"bind() to {address} failed (98: Address already in use)"
                yield self._error_log(f"{stamp(self.wall(), '%Y/%m/%d %H:%M:%S')} [emerg] 1#1: {text}")
                yield ("out", f"nginx: [emerg] {text}")
            yield self._error_log(f"{stamp(self.wall(), '%Y/%m/%d %H:%M:%S')} [notice] 1#1: try again to bind() "
                                  f"after 500ms")
            yield ("sleep", 500)
        yield self._error_log(f"{stamp(self.wall(), '%Y/%m/%d %H:%M:%S')} [emerg] 1#1: still could not bind()")
        yield ("out", "nginx: [emerg] still could not bind()")
        yield ("exit", 1)

    def respond(self, port, path, now_ms):
        if not self.rootfs:
            return 200 if path.split("?", 1)[0] in ("/", "/index.html", "/50x.html") else 404
        target = doc_file("nginx", path)
        files = self.files.at(now_ms)
        if target in files:
            return 200
        return 403 if target.endswith("/index.html") and files.is_dir(target.rsplit("/", 1)[0]) else 404

    def access_log(self, now_ms, client, path, status):
        t = stamp(self.wall(now_ms), "%d/%b/%Y:%H:%M:%S +0000")
        size = {200: 615, 403: 153}.get(status, 153)
        if status == 200 and self.rootfs:
            size = len((self.files.read(doc_file("nginx", path), now_ms) or "").encode())
        agent = self.env.get("_PROBE_AGENT", "kube-probe/1.32")
        line = f'{client or "10.244.0.1"} - - [{t}] "GET {path} HTTP/1.1" {status} {size} "-" "{agent}" "-"'
        if self._logs_to_files():
            self.files.write("/var/log/nginx/access.log", line + "\n", append=True, t=now_ms)
        else:
            self._emit(now_ms, line)

    def on_stop_lines(self, now_ms: int) -> list[str]:
        if not self.modern():
            return []
        t = stamp(self.wall(now_ms), "%Y/%m/%d %H:%M:%S")
        return [f"{t} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down",
                f"{t} [notice] 29#29: gracefully shutting down", f"{t} [notice] 29#29: exiting",
                f"{t} [notice] 29#29: exit", f"{t} [notice] 1#1: exit"]


class EchoServer(Nginx):
    name = "echoserver"
    ports = (8080,)

    def start_lines(self):
        return []

    def respond(self, port, path, now_ms):
        return 200


class Httpd(Server):
    name = "httpd"

    def release(self) -> str:
        """Apache's release in the image's tag (``2.4`` → ``2.4.66``); 2.4.58 when the tag has none."""
        return self.version if self.version.startswith("2.4.") else "2.4.58"
    sigterm = (100, 0)           # STOPSIGNAL SIGWINCH: graceful stop
    idle = (1.0, 10 * MiB)
    ports = (80,)

    def start_lines(self):
        t = stamp(self.wall(), "%a %b %d %H:%M:%S.000000 %Y")
        ip = self.env.get("_POD_IP", "10.244.0.2")
        return [f"AH00558: httpd: Could not reliably determine the server's fully qualified domain name, "
                f"using {ip}. Set the 'ServerName' directive globally to suppress this message",
                f"AH00558: httpd: Could not reliably determine the server's fully qualified domain name, "
                f"using {ip}. Set the 'ServerName' directive globally to suppress this message",
                f"[{t}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/{self.release()} (Unix) configured -- "
                f"resuming normal operations",
                f"[{t}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'"]

    def steps(self):
        lines = self.start_lines()
        yield ("out", lines[0])
        for port in self.ports:
            yield ("listen", port)
        yield ("fs", "/usr/local/apache2/logs/httpd.pid", "1\n", False)     # PidFile logs/httpd.pid
        for line in lines[1:]:
            yield ("out", line)
        yield ("forever",)

    def bind_error_steps(self, port, denied=False):
        why = "(13)Permission denied" if denied else "(98)Address already in use"
        return [("out", f"{why}: AH00072: make_sock: could not bind to address [::]:{port}"),
                ("out", f"{why}: AH00072: make_sock: could not bind to address 0.0.0.0:{port}"),
                ("out", "no listening sockets available, shutting down"), ("out", "AH00015: Unable to open logs"),
                ("exit", 1)]

    def respond(self, port, path, now_ms):
        if not self.rootfs:
            return 200 if path.split("?", 1)[0] in ("/", "/index.html") else 404
        target = doc_file("httpd", path)
        files = self.files.at(now_ms)
        if target in files or target.endswith("/index.html") and files.is_dir(target.rsplit("/", 1)[0]):
            return 200
        return 404

    def access_log(self, now_ms, client, path, status):
        # CustomLog /proc/self/fd/1 common: always the container's stdout
        t = stamp(self.wall(now_ms), "%d/%b/%Y:%H:%M:%S +0000")
        size = 45 if status == 200 else 196
        if status == 200 and self.rootfs:
            size = len((self.files.read(doc_file("httpd", path), now_ms) or "").encode()) or size
        self._emit(now_ms, f'{client or "10.244.0.1"} - - [{t}] "GET {path} HTTP/1.1" {status} {size}')


class HelloApp(Server):
    """gcr.io/google-samples/hello-app: a Go server on $PORT (8080) answering every path."""
    name = "hello-app"
    sigterm = (0, 2)                 # Go runtime as PID 1 without a handler: exits with status 2
    idle = (0.0, 2_600_000)
    ports = (8080,)

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        port = self.env.get("PORT", "")
        if port.isdigit():
            self.ports = (int(port),)

    def start_lines(self):
        return [f"{stamp(self.wall(), '%Y/%m/%d %H:%M:%S')} Server listening on port {self.ports[0]}"]

    def access_log(self, now_ms, client, path, status):
        self._emit(now_ms, f"{stamp(self.wall(now_ms), '%Y/%m/%d %H:%M:%S')} Serving request: {path}")

    def bind_error_steps(self, port, denied=False):             # log.Fatal(http.ListenAndServe(…))
        why = "permission denied" if denied else "address already in use"
        return [("out", f"{stamp(self.wall(), '%Y/%m/%d %H:%M:%S')} listen tcp :{port}: bind: {why}"), ("exit", 1)]


class HttpEcho(Server):
    """hashicorp/http-echo: answers every path with ``-text``; listens on ``-listen`` (:5678)."""
    name = "http-echo"
    sigterm = (0, 0)
    idle = (0.0, 3 * MiB)
    ports = (5678,)

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        for arg in self.argv[1:]:
            if arg.lstrip("-").startswith("listen=") and arg.rsplit(":", 1)[-1].isdigit():
                self.ports = (int(arg.rsplit(":", 1)[-1]),)

    def start_lines(self):
        t = stamp(self.wall(), "%Y/%m/%d %H:%M:%S")
        return [f"{t} [INFO] server is listening on :{self.ports[0]}"]

    def bind_error_steps(self, port, denied=False):
        why = "permission denied" if denied else "address already in use"
        return [("out", f"{stamp(self.wall(), '%Y/%m/%d %H:%M:%S')} [ERR] server exited with error: listen tcp "
                        f":{port}: bind: {why}"), ("exit", 1)]


class AciHelloWorld(Server):
    """The ACI quick-start image: a Node.js app on port 80; node as PID 1 ignores SIGTERM."""
    name = "aci-helloworld"
    sigterm = None
    idle = (1.0, 38 * MiB)
    ports = (80,)

    def start_lines(self):
        return ["listening on port 80"]

    def bind_error_steps(self, port, denied=False):
        why = "EACCES: permission denied" if denied else "EADDRINUSE: address already in use"
        return [("out", "node:events:497"), ("out", "      throw er; // Unhandled 'error' event"),
                ("out", "      ^"), ("out", ""), ("out", f"Error: listen {why} :::{port}"), ("exit", 1)]

    def respond(self, port, path, now_ms):
        return 200 if path.split("?", 1)[0] in ("/", "/index.html") else 404

    def access_log(self, now_ms, client, path, status):
        self._emit(now_ms, f"{client or '10.244.0.1'} - - [{stamp(self.wall(now_ms), '%a, %d %b %Y %H:%M:%S GMT')}]"
                           f' "GET {path} HTTP/1.1" {status} - "-" "kube-probe/1.32"')


class Agnhost(Server):
    """registry.k8s.io/e2e-test-images/agnhost: one binary, many test servers (first argument)."""
    name = "agnhost"
    sigterm = (0, 0)
    idle = (0.5, 11 * MiB)

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.mode = self.argv[1] if len(self.argv) > 1 else "pause"
        self.respond_varies = self.mode == "liveness"    # its answer changes with time alone
        flags = dict(arg.lstrip("-").split("=", 1) for arg in self.argv[2:] if "=" in arg)
        self.ports = {"netexec": (int(flags.get("http-port", 8080)),), "liveness": (8080,),
                      "serve-hostname": (int(flags.get("port", 9376)),),
                      "test-webserver": (int(flags.get("port", 80)),)}.get(self.mode, ())

    def start_lines(self):
        t = stamp(self.wall(), "%m%d %H:%M:%S.000000")
        if self.mode == "pause":
            return ["Paused"]
        if self.mode == "netexec":
            return [f"I{t}       1 log.go:245] Started HTTP server on port {self.ports[0]}"]
        if self.mode == "serve-hostname":
            return [f"I{t}       1 serve_hostname.go:92] Serving on port {self.ports[0]}."]
        return []

    def respond(self, port, path, now_ms):
        if self.mode == "liveness" and path.startswith("/healthz"):
            # healthy for the first 10 seconds after start, then HTTP 500 for ever
            return 200 if now_ms - self.started_ms <= 10_000 else 500
        return 200
