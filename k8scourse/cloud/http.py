"""``curl`` from the student's machine to things with a public address in the subscription.

Models what a student sees when they ``curl`` an Azure Container Instance (the lecture: create
``microsoft/aci-helloworld`` with ``--ip-address public``, ``curl`` the IP, read *Welcome to Azure
Container Instances!*). A URL's host is resolved through *resolvers*: ACI registers one that
answers for container groups' public IPs and ``<label>.<region>.azurecontainer.io`` FQDNs; other
parts of the simulator (AKS LoadBalancer Services) may add theirs with :func:`register_resolver`.

What curl prints, and its exit codes, follow curl 8 — the simulator's one HTTP client
(:mod:`k8scourse.runtime.http_client`), here with the resolvers as its transport:

* a page: the body, as the server sent it (``-i`` adds the status line and headers, ``-I`` only
  those);
* a name nothing answers for: ``curl: (6) Could not resolve host: nope.eastus.azurecontainer.io``;
* an address that answers but has nothing listening on the port (container not started yet,
  exited, or listening elsewhere): ``curl: (7) Failed to connect to 20.1.2.3 port 80 after 0 ms:
  Couldn't connect to server``;
* an address nobody answers on (a stopped group's released IP, a port the group does not expose,
  a private IP seen from outside): the connection times out after Linux's default SYN retries,
  ``curl: (28) Failed to connect to 20.1.2.3 port 80 after 134167 ms: Couldn't connect to server``
  — and those 134 s of simulated time pass.

Deliberate differences: only ``http://`` (plain HTTP, GET/HEAD); ``-o FILE`` writes ``az.files``;
the client address servers log is a fixed Azure-internal address.

>>> page("nginx").splitlines()[3]
'<title>Welcome to nginx!</title>'
>>> split_url("http://20.1.2.3:8080/x")
('http', '20.1.2.3', 8080, '/x')
"""

from __future__ import annotations

import shlex
import sys
from dataclasses import dataclass, field
from typing import Callable

from ..result import CommandResult, Output
from ..runtime import http_client
from ..runtime.http_client import Reply, split_url
from ..runtime.pages import (ACI_HELLOWORLD, BASE_FILES, HTTPD, NGINX, SITES, page,  # noqa: F401 - re-exported
                              server_header)

# Linux's default connect timeout (tcp_syn_retries = 6: 1+2+4+8+16+32+64 s, plus scheduling slack).
CONNECT_TIMEOUT_MS = 134_167
# The address servers see the student's request come from (ACI's front end NATs it).
CLIENT_ADDRESS = "10.240.255.55"


@dataclass
class Answer:
    """What a resolved endpoint did with a request: a response, a refusal, or silence."""
    kind: str                      # "response", "refused", "timeout"
    status: int = 200
    body: str = ""
    headers: list = field(default_factory=list)


# A resolver: (azure, host, port, path) -> Answer, or None when the host is not its business.
Resolver = Callable[[object, str, int, str], "Answer | None"]
RESOLVERS: list[Resolver] = []


def register_resolver(resolver: Resolver) -> None:
    """Let another part of the simulator answer for its public addresses (called at import)."""
    if resolver not in RESOLVERS:
        RESOLVERS.append(resolver)


def curl(az, url: str, echo: bool = True) -> CommandResult:
    """``curl URL`` (or a whole command line ``curl -s -i URL``) from outside Azure.

    Bind as ``Azure.curl``; usable directly as ``curl(az, "20.1.2.3")``.
    """
    out = Output()
    code = _curl(az, url, out)
    result = out.result(code)
    if echo:
        sys.stdout.write(str(result))
    return result


def _curl(az, command: str, out: Output) -> int:
    try:
        words = shlex.split(command)
    except ValueError as exc:
        out.err(f"curl: (2) {exc}\n")
        return 2
    if words and words[0] == "curl":
        words = words[1:]

    def transport(url: str, method: str, agent: str) -> Reply:
        _, host, port, path = split_url(url)
        reply = Reply(host, port, path, address=host if _looks_like_ip(host) else "")
        answer = None
        for resolver in RESOLVERS:
            answer = resolver(az, host, port, "HEAD" if method == "HEAD" else path)
            if answer is not None:
                break
        if answer is None and not _looks_like_ip(host):
            reply.kind = "unresolved"
        elif answer is None or answer.kind == "timeout":
            reply.kind, reply.elapsed_ms = "timeout", CONNECT_TIMEOUT_MS
        elif answer.kind == "refused":
            reply.kind = "refused"
        else:
            reply.status, reply.body, reply.headers = answer.status, answer.body, list(answer.headers)
        return reply

    gen, result = http_client.curl(words, transport), None
    try:
        while True:
            step = gen.send(result)
            if step[0] == "stdout":
                out.out(step[1])
            elif step[0] == "stderr":
                out.err(step[1])
            elif step[0] == "sleep":
                az.run(seconds=step[1] / 1000)
            elif step[0] == "file":
                az.files[step[1]] = step[2]
    except StopIteration as stop:
        return stop.value


def _looks_like_ip(host: str) -> bool:
    parts = host.split(".")
    return len(parts) == 4 and all(p.isdigit() and int(p) < 256 for p in parts)
