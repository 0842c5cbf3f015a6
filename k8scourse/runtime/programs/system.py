"""Processes that are not servers of a known protocol: pause, hello-world, and unknown daemons.

* :class:`Pause` — ``/pause``: sleeps until signalled (the sandbox's infrastructure container).
* :class:`HelloWorld` — Docker's ``hello-world``: prints its greeting (the text of
  ``docker-library/hello-world``, amd64 build) and exits 0, so a pod running it ends
  ``Completed`` and, restarted, in ``CrashLoopBackOff``.
* :class:`Daemon` — the image's own long-running process, which the simulator does not know (an
  official image without a family — ``haproxy``, ``traefik`` — or a generic image run without a
  command): it runs until stopped, listens on nothing the simulator can answer for, and leaves a
  note saying so.

>>> h = HelloWorld(started_ms=0, argv=["/hello"]); h.run_until(10)
>>> h.exit_code, h.lines(10)[1][1]
(0, 'Hello from Docker!')
"""

from __future__ import annotations

from .base import MiB, Program

HELLO = """
Hello from Docker!
This message shows that your installation appears to be working correctly.

To generate this message, Docker took the following steps:
 1. The Docker client contacted the Docker daemon.
 2. The Docker daemon pulled the "hello-world" image from the Docker Hub.
    (amd64)
 3. The Docker daemon created a new container from that image which runs the
    executable that produces the output you are currently reading.
 4. The Docker daemon streamed that output to the Docker client, which sent it
    to your terminal.

To try something more ambitious, you can run an Ubuntu container with:
 $ docker run -it ubuntu bash

Share images, automate workflows, and more with a free Docker ID:
 https://hub.docker.com/

For more examples and ideas, visit:
 https://docs.docker.com/get-started/
"""


class Pause(Program):
    """``/pause``: sleeps until signalled (the sandbox's infrastructure container)."""
    name = "pause"
    sigterm = (0, 0)
    idle = (0.0, 300 * 1024)

    def steps(self):
        yield ("forever",)


class HelloWorld(Program):
    name = "hello-world"
    idle = (0.0, 200 * 1024)

    def steps(self):
        for line in HELLO.split("\n")[:-1]:
            yield ("out", line)
        yield ("exit", 0)


class Daemon(Program):
    """An image's own process the simulator does not model: runs until stopped (SIGTERM: exit 0)."""
    name = "daemon"
    sigterm = (100, 0)
    idle = (1.0, 20 * MiB)

    def steps(self):
        yield ("note", f"the process of this image ({' '.join(self.argv) or 'its ENTRYPOINT/CMD'}) is not "
                       f"modelled by the simulator: it runs until stopped")
        yield ("forever",)
