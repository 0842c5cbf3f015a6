"""What a container does once started: the process behind PID 1, one module per program family.

* :mod:`.base` — :class:`Program` (a timeline of steps in simulated time) and :class:`Server`;
* :mod:`.web` — nginx, httpd, the echo/hello servers, agnhost;
* :mod:`.databases` — Redis, MySQL/MariaDB, PostgreSQL;
* :mod:`.languages` — perl, python, node;
* :mod:`.shells` — a shell script or a busybox applet as PID 1;
* :mod:`.stress` — the memory/CPU hogs of the resource examples;
* :mod:`.system` — pause, hello-world, and daemons the simulator does not model.

:data:`PROGRAMS` maps a family's program name (:mod:`k8scourse.runtime.families`) to its class;
:func:`k8scourse.runtime.launch.make_program` picks one from the container's command line.
Modules depend only on :mod:`.base` (and the shell), never on each other.

>>> sorted(PROGRAMS)[:4]
['aci-helloworld', 'agnhost', 'coredns', 'daemon']
"""

from __future__ import annotations

from .base import MiB, Program, Server, stamp
from .databases import MySQL, Postgres, Redis
from .languages import Node, Perl, Python, pi_digits
from .shells import ShellProgram
from .stress import Stress, VishStress
from .system import Daemon, HelloWorld, Pause
from .web import AciHelloWorld, Agnhost, EchoServer, HelloApp, Httpd, HttpEcho, Nginx

PROGRAMS: dict[str, type[Program]] = {
    "nginx": Nginx, "echoserver": EchoServer, "httpd": Httpd, "redis": Redis, "mysql": MySQL,
    "postgres": Postgres, "pause": Pause, "hello-app": HelloApp, "http-echo": HttpEcho,
    "aci-helloworld": AciHelloWorld, "agnhost": Agnhost, "server": Server, "daemon": Daemon,
    "hello-world": HelloWorld, "perl": Perl, "python": Python, "node": Node, "stress": Stress,
    "vish-stress": VishStress, "coredns": Server,
}

__all__ = ["PROGRAMS", "AciHelloWorld", "Agnhost", "Daemon", "EchoServer", "HelloApp", "HelloWorld", "Httpd",
           "HttpEcho", "MiB", "MySQL", "Nginx", "Node", "Perl", "Postgres", "Program", "Python", "Redis", "Server",
           "ShellProgram", "Stress", "VishStress", "pi_digits", "stamp"]
