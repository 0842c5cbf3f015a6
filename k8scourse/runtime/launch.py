"""From a container spec to the program it runs (what runc's ``exec`` of PID 1 decides).

The command line follows Kubernetes' rules: ``command`` replaces the image's ENTRYPOINT and
``args`` replaces its CMD; a ``command`` without ``args`` drops the CMD. The first word names the
program: entrypoint wrappers (``docker-entrypoint.sh``) hand over to the real binary, shells and
busybox applets become a :class:`~k8scourse.runtime.programs.ShellProgram`, the binaries of the
image families their program (``nginx``, ``redis-server``, ``python3`` …, whatever the tag), and a
binary the image does not have fails at start like runc does::

    failed to create containerd task: failed to create shim task: OCI runtime create failed: runc
    create failed: unable to start container process: error during container init: exec: "foo":
    executable file not found in $PATH: unknown

(the kubelet then shows ``StartError``, exit code 128, and backs off). A shell script that ends
in ``exec PROGRAM …`` hands PID 1 to that program the same way (:meth:`Program.become
<k8scourse.runtime.programs.base.Program.become>`).

Images the simulator has no family for run as a generic Linux image: a shell command runs in its
shell, any other command — and the image's own ENTRYPOINT/CMD, which the simulator does not know —
is a :class:`~k8scourse.runtime.programs.Daemon` that runs until stopped.

>>> from k8scourse.runtime.images import lookup
>>> argv_for(lookup("nginx:1.7.9"), None, None)
['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']
>>> argv_for(lookup("busybox"), ["sh", "-c"], ["echo hi"])
['sh', '-c', 'echo hi']
>>> type(make_program(lookup("busybox:1.36"), ["sleep", "3600"], None)).__name__
'ShellProgram'
>>> type(make_program(lookup("nginx:1.25-alpine"), None, None)).__name__, type(make_program(lookup("bitnami/kubectl"), None, ["get", "pods"])).__name__
('Nginx', 'Daemon')
"""

from __future__ import annotations

from .families import BINARIES as _HAS
from .images import ImageInfo
from .programs import PROGRAMS, Daemon, Program, ShellProgram
from .shell import COMMANDS, NOT_MODELLED

SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})
# The busybox applets and shell commands a container's shell runs (k8scourse.runtime.shell).
APPLETS = COMMANDS - SHELLS
# Programs of images without a shell or busybox (distroless / scratch based).
NO_SHELL = frozenset({"pause", "hello-app", "http-echo", "vish-stress", "coredns", "hello-world"})
_WRAPPERS = frozenset({"docker-entrypoint.sh", "/docker-entrypoint.sh", "/entrypoint.sh", "entrypoint.sh",
                       "tini", "/tini", "dumb-init", "/usr/bin/dumb-init", "docker-php-entrypoint"})
# Binary name -> program (k8scourse.runtime.programs.PROGRAMS): the same in every image that has it.
_BINARIES = {
    "nginx": "nginx", "httpd-foreground": "httpd", "apache2-foreground": "httpd", "httpd": "httpd",
    "redis-server": "redis", "mysqld": "mysql", "mariadbd": "mysql", "postgres": "postgres", "mongod": "server",
    "memcached": "server", "rabbitmq-server": "server", "pause": "pause", "hello-app": "hello-app",
    "http-echo": "http-echo", "agnhost": "agnhost", "coredns": "server", "hello": "hello-world",
    "perl": "perl", "perl5": "perl", "node": "node", "python": "python", "python3": "python",
}
class StartError(Exception):
    """The runtime could not start the process (exit code 128, reason StartError)."""


def argv_for(info: ImageInfo, command, args) -> list[str]:
    entry = list(command) if command else list(info.entrypoint)
    if args:
        rest = list(args)
    elif command:
        rest = []
    else:
        rest = list(info.cmd)
    return entry + rest


def _not_found(word: str) -> StartError:
    return StartError(
        "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create "
        "failed: unable to start container process: error during container init: exec: "
        f'"{word}": executable file not found in $PATH: unknown')


def _has(info: ImageInfo, base: str) -> bool:
    """Whether the image has the binary ``base`` (its family's own, or a server the family runs)."""
    if base in _HAS.get(info.program, ()):
        return True
    return base.startswith("python3.") and info.program == "python" or (
        info.program in ("server", "daemon") and _BINARIES.get(base) == "server")


def make_program(info: ImageInfo, command=None, args=None, env: dict | None = None, started_ms: int = 0,
                 now_unix_ms=None, hostname: str = "localhost", identity=None) -> Program:
    """The :class:`Program` a container of image ``info`` runs; :class:`StartError` if it cannot."""
    argv = argv_for(info, command, args)
    env = {**dict(info.env), **(env or {})}
    kw = dict(started_ms=started_ms, env=env, now_unix_ms=now_unix_ms, hostname=hostname, version=info.version)
    generic = info.program in ("generic", "daemon")
    while argv and argv[0] in _WRAPPERS and len(argv) > 1:
        argv = argv[1:]
    if not argv:
        if generic:
            return _with(Daemon(argv=[], **kw), identity)
        raise StartError("failed to create containerd task: failed to create shim task: OCI runtime create "
                         "failed: runc create failed: unable to start container process: error during "
                         "container init: no command specified: unknown")
    word = argv[0]
    base = word.rsplit("/", 1)[-1]

    def spawn(new_argv: list[str], new_env: dict):
        """``exec`` from the shell: the program replacing it (None when the image lacks the binary)."""
        try:
            return make_program(info, new_argv, None, new_env, started_ms, now_unix_ms, hostname, identity)
        except StartError:
            return None

    if base in SHELLS or base in APPLETS:
        if not info.shell:
            raise _not_found(word)
        if base in SHELLS:
            rest = argv[1:]
            while rest and rest[0] in ("-e", "-x", "-eu", "-ex", "-l"):
                rest = rest[1:]
            if rest[:1] == ["-c"] and len(rest) > 1:
                return _with(ShellProgram(argv=argv, script=rest[1], spawn=spawn, **kw), identity)
            if rest and not rest[0].startswith("-"):
                return _with(ShellProgram(argv=argv, script=f"echo \"{base}: can't open '{rest[0]}': "
                                                            f"No such file or directory\"; exit 2", **kw), identity)
            return _with(ShellProgram(argv=argv, script="", **kw), identity)
        return _with(ShellProgram(argv=argv, spawn=spawn, **kw), identity)
    if base == "stress" and _has(info, "stress"):
        cls = PROGRAMS["stress" if info.program == "stress" else "vish-stress"]
        return _with(cls(argv=argv, **kw), identity)
    if base == "node" and info.program == "aci-helloworld":
        return _with(PROGRAMS["aci-helloworld"](argv=argv, **kw), identity)
    if base == "node" and info.program == "hello-app":
        return _with(PROGRAMS["hello-app"](argv=argv, **{**kw, "env": {"PORT": "8080", **env}}), identity)
    kind = _BINARIES.get(base) or ("python" if base.startswith("python3.") else None)
    if kind == "nginx" and info.program == "echoserver":
        kind = "echoserver"
    if kind is not None and (_has(info, base) or generic):
        cls = PROGRAMS[kind]
        if kind == "server":
            return _with(cls(argv=argv, ports=info.ports if not generic else (), **kw), identity)
        return _with(cls(argv=argv, **kw), identity)
    if generic:
        return _with(Daemon(argv=argv, **kw), identity)
    if info.shell and base in NOT_MODELLED:
        return _with(ShellProgram(argv=argv, spawn=spawn, **kw), identity)
    raise _not_found(word)


def _with(program: Program, identity) -> Program:
    if identity is not None:
        program.identity = identity
    return program
