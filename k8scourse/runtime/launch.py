"""From a container spec to the program it runs (what runc's ``exec`` of PID 1 decides).

The command line follows Kubernetes' rules: ``command`` replaces the image's ENTRYPOINT and
``args`` replaces its CMD; a ``command`` without ``args`` drops the CMD. The first word names the
program: entrypoint wrappers (``docker-entrypoint.sh``) hand over to the real binary, shells and
busybox applets become a :class:`~k8scourse.runtime.workloads.ShellProgram`, known binaries their
program, and a binary the image does not have fails at start like runc does::

    failed to create containerd task: failed to create shim task: OCI runtime create failed: runc
    create failed: unable to start container process: exec: "foo": executable file not found in
    $PATH: unknown

(the kubelet then shows ``StartError``, exit code 128, and backs off.)

>>> from k8scourse.runtime.images import lookup
>>> argv_for(lookup("nginx:1.7.9"), None, None)
['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']
>>> argv_for(lookup("busybox"), ["sh", "-c"], ["echo hi"])
['sh', '-c', 'echo hi']
>>> type(make_program(lookup("busybox:1.36"), ["sleep", "3600"], None)).__name__
'ShellProgram'
"""

from __future__ import annotations

from . import servers, workloads
from .images import ImageInfo
from .programs import Program
from .shell import NOT_MODELLED

SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})
APPLETS = frozenset({"echo", "sleep", "true", "false", "date", "cat", "touch", "rm", "ls", "printenv", "env",
                     "hostname", "printf", "seq", "tail", "test", "[", "exit", "mkdir", "pwd", "expr", "uname",
                     "wc", "head", "tee", "grep"})
# Images without a shell or busybox (distroless / scratch based).
NO_SHELL = frozenset({"pause", "hello-app", "http-echo", "vish-stress", "coredns"})
_WRAPPERS = frozenset({"docker-entrypoint.sh", "/docker-entrypoint.sh", "/entrypoint.sh", "entrypoint.sh",
                       "tini", "/tini", "dumb-init", "/usr/bin/dumb-init"})
_BINARIES = {
    "nginx": "nginx", "httpd-foreground": "httpd", "apache2-foreground": "httpd", "httpd": "httpd",
    "redis-server": "redis", "mysqld": "mysql", "postgres": "postgres", "mongod": "server",
    "rabbitmq-server": "server", "pause": "pause", "hello-app": "hello-app", "http-echo": "http-echo",
    "agnhost": "agnhost", "coredns": "server",
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


def make_program(info: ImageInfo, command=None, args=None, env: dict | None = None, started_ms: int = 0,
                 now_unix_ms=None, hostname: str = "localhost") -> Program:
    """The :class:`Program` a container of image ``info`` runs; :class:`StartError` if it cannot."""
    argv = argv_for(info, command, args)
    env = {**dict(info.env), **(env or {})}
    version = info.reference.rsplit(":", 1)[-1]
    kw = dict(started_ms=started_ms, env=env, now_unix_ms=now_unix_ms, hostname=hostname, version=version)
    while argv and argv[0] in _WRAPPERS and len(argv) > 1:
        argv = argv[1:]
    if not argv:
        raise StartError("failed to create containerd task: failed to create shim task: OCI runtime create "
                         "failed: runc create failed: unable to start container process: error during "
                         "container init: no command specified: unknown")
    word = argv[0]
    base = word.rsplit("/", 1)[-1]
    has_shell = info.program not in NO_SHELL
    if base in SHELLS or base in APPLETS:
        if not has_shell:
            raise _not_found(word)
        if base in SHELLS:
            rest = argv[1:]
            while rest and rest[0] in ("-e", "-x", "-eu", "-ex", "-l"):
                rest = rest[1:]
            if rest[:1] == ["-c"] and len(rest) > 1:
                return workloads.ShellProgram(argv=argv, script=rest[1], **kw)
            if rest and not rest[0].startswith("-"):
                return workloads.ShellProgram(argv=argv, script=f"echo \"{base}: can't open '{rest[0]}': "
                                                                f"No such file or directory\"; exit 2", **kw)
            return workloads.ShellProgram(argv=argv, script="", **kw)
        return workloads.ShellProgram(argv=argv, **kw)
    if base in ("perl", "perl5"):
        return workloads.Perl(argv=argv, **kw)
    if base in ("python", "python3") or base.startswith("python3."):
        return workloads.Python(argv=argv, **kw)
    if base == "stress" and word != "/stress":
        return workloads.Stress(argv=argv, **kw)
    if base == "stress" or info.program == "vish-stress":
        return workloads.VishStress(argv=argv, **kw)
    if base == "node":
        if info.program == "aci-helloworld":
            return servers.AciHelloWorld(argv=argv, **kw)
        return servers.HelloApp(argv=argv, **{**kw, "env": {"PORT": "8080", **env}})
    kind = _BINARIES.get(base)
    if kind == "nginx" and info.program == "echoserver":
        kind = "echoserver"
    if kind is not None:
        cls = servers.server_for(kind)
        if issubclass(cls, servers.Server) and kind == "server":
            return cls(argv=argv, ports=info.ports, **kw)
        return cls(argv=argv, **kw)
    if has_shell and base in NOT_MODELLED:
        return workloads.ShellProgram(argv=argv, **kw)
    raise _not_found(word)
