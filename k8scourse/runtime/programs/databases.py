"""Database servers: Redis, MySQL and PostgreSQL as their official images behave.

Each prints its real start-up lines, listens when ready (MySQL after initialising its data
directory, 12 s; PostgreSQL 3 s), answers its ``exec`` health commands (``redis-cli ping``,
``mysqladmin ping``, ``pg_isready``), refuses to start without a password (MySQL, PostgreSQL), and
fails like the real server when its port is already bound in the pod (exit 1): Redis ``# Failed
listening on port 6379 (tcp), aborting.``, MySQL ``[MY-010262] [Server] Can't start server: Bind on
TCP/IP port: Address already in use``, PostgreSQL ``FATAL:  could not create any TCP/IP sockets``.
An HTTP GET on their ports is a malformed answer, as an HTTP probe reports it.

>>> r = Redis(started_ms=0); r.run_until(0); r.exec(["redis-cli", "ping"], 0, 1000)
(0, 'PONG')
"""

from __future__ import annotations

from .base import MiB, Server, stamp


class Redis(Server):
    name = "redis"

    def release(self) -> str:
        """The Redis release of the image's tag (``7`` → ``7.4.8``); 7.2.4 for tags the data has no release for."""
        return self.version if self.version[:1].isdigit() and self.version.count(".") == 2 else "7.2.4"
    idle = (2.0, 8 * MiB)
    ports = (6379,)

    def start_lines(self):
        t = stamp(self.wall(), "%d %b %Y %H:%M:%S.000")
        return [f"1:C {t} # WARNING Memory overcommit must be enabled!",
                f"1:C {t} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
                f"1:C {t} * Redis version={self.release()}, bits=64, commit=00000000, modified=0, pid=1, just started",
                f"1:M {t} * monotonic clock: POSIX clock_gettime",
                f"1:M {t} * Running mode=standalone, port=6379.",
                f"1:M {t} * Server initialized",
                f"1:M {t} * Ready to accept connections tcp"]

    def respond(self, port, path, now_ms):
        return "net/http: HTTP/1.x transport connection broken: malformed HTTP response \"-ERR wrong number of arguments for 'get' command\""

    def bind_error_steps(self, port, denied=False):
        t = stamp(self.wall(), "%d %b %Y %H:%M:%S.000")
        return [("out", f"1:M {t} # Warning: Could not create server TCP listening socket *:{port}: bind: Address "
                        f"already in use"), ("out", f"1:M {t} # Failed listening on port {port} (tcp), aborting."),
                ("exit", 1)]

    def exec_hook(self, argv, now_ms):
        if argv[:1] == ["redis-cli"]:
            return (0, "PONG") if self.tcp_open(6379, now_ms) else (
                1, "Could not connect to Redis at 127.0.0.1:6379: Connection refused")
        return None


class _Database(Server):
    """A database image: refuses to start without a password, initialises, then listens."""
    password_vars: tuple = ()
    missing: list = []

    def steps(self):
        if not any(self.env.get(v) for v in self.password_vars):
            for line in self.missing_password_lines():
                yield ("out", line)
            yield ("exit", 1)
            return
        yield from super().steps()

    def missing_password_lines(self) -> list[str]:
        return []

    def respond(self, port, path, now_ms):
        return "net/http: HTTP/1.x transport connection broken: malformed HTTP response"


class MySQL(_Database):
    name = "mysql"
    sigterm = (2000, 0)
    idle = (4.0, 190 * MiB)
    ports = (3306,)
    listen_delay_ms = 12_000         # first start initialises the data directory
    password_vars = ("MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD")

    def missing_password_lines(self):
        t = stamp(self.wall(), "%Y-%m-%d %H:%M:%S+00:00")
        return [f"{t} [Note] [Entrypoint]: Entrypoint script for MySQL Server {self._full()} started.",
                f"{t} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified",
                "    You need to specify one of the following as an environment variable:",
                "    - MYSQL_ROOT_PASSWORD", "    - MYSQL_ALLOW_EMPTY_PASSWORD", "    - MYSQL_RANDOM_ROOT_PASSWORD"]

    def bind_error_steps(self, port, denied=False):
        t = stamp(self.wall(), "%Y-%m-%dT%H:%M:%S.000000Z")
        return [("out", f"{t} 0 [ERROR] [MY-010262] [Server] Can't start server: Bind on TCP/IP port: Address "
                        f"already in use"),
                ("out", f"{t} 0 [ERROR] [MY-010257] [Server] Do you already have another mysqld server running on "
                        f"port: {port} ?"),
                ("out", f"{t} 0 [ERROR] [MY-010119] [Server] Aborting"), ("exit", 1)]

    def _full(self) -> str:
        """The package version the entrypoint names: 5.6/5.7 as their last builds, 8.x as the tag's release."""
        for prefix, full in (("5.6", "5.6.51-1debian9"), ("5.7", "5.7.44-1.el7")):
            if self.version.startswith(prefix):
                return full
        return f"{self.version}-1.el8" if self.version[:1].isdigit() and self.version.count(".") == 2 else "8.0.36-1.el8"

    def start_lines(self):
        t = stamp(self.wall(), "%Y-%m-%d %H:%M:%S+00:00")
        return [f"{t} [Note] [Entrypoint]: Entrypoint script for MySQL Server {self._full()} started.",
                f"{t} [Note] [Entrypoint]: Initializing database files"]

    def ready_lines(self):
        t = stamp(self.wall(), "%Y-%m-%dT%H:%M:%S.000000Z")
        return [f"{t} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. "
                f"Version: '{self._full().split('-')[0]}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  "
                f"MySQL Community Server - GPL."]

    def exec_hook(self, argv, now_ms):
        if argv[:1] in (["mysqladmin"], ["mysql"]):
            return (0, "mysqld is alive") if self.tcp_open(3306, now_ms) else (
                1, "mysqladmin: connect to server at 'localhost' failed")
        return None


class Postgres(_Database):
    name = "postgres"
    sigterm = (500, 0)
    idle = (2.0, 28 * MiB)
    ports = (5432,)
    listen_delay_ms = 3_000
    password_vars = ("POSTGRES_PASSWORD",)

    def missing_password_lines(self):
        return ["Error: Database is uninitialized and superuser password is not specified.",
                "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
                "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".", "",
                "       You may also use \"POSTGRES_HOST_AUTH_METHOD=trust\" to allow all",
                "       connections without a password. This is *not* recommended.", "",
                "       See PostgreSQL documentation about \"trust\":",
                "       https://www.postgresql.org/docs/current/auth-trust.html"]

    def ready_lines(self):
        t = stamp(self.wall(), "%Y-%m-%d %H:%M:%S.000 UTC")
        return [f"{t} [1] LOG:  database system is ready to accept connections"]

    def bind_error_steps(self, port, denied=False):
        t = stamp(self.wall(), "%Y-%m-%d %H:%M:%S.000 UTC")
        return [("out", f'{t} [1] LOG:  could not bind IPv4 address "0.0.0.0": Address already in use'),
                ("out", f"{t} [1] HINT:  Is another postmaster already running on port {port}? If not, wait a few "
                        f"seconds and retry."),
                ("out", f'{t} [1] WARNING:  could not create listen socket for "*"'),
                ("out", f"{t} [1] FATAL:  could not create any TCP/IP sockets"),
                ("out", f"{t} [1] LOG:  database system is shut down"), ("exit", 1)]

    def steps(self):
        if self.env.get("POSTGRES_HOST_AUTH_METHOD") == "trust":
            self.env["POSTGRES_PASSWORD"] = "trust"
        yield from super().steps()

    def exec_hook(self, argv, now_ms):
        if argv[:1] == ["pg_isready"]:
            ok = self.tcp_open(5432, now_ms)
            return (0, "/var/run/postgresql:5432 - accepting connections") if ok else (
                2, "/var/run/postgresql:5432 - no response")
        return None
