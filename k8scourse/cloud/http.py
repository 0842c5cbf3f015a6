"""``curl`` from the student's machine to things with a public address in the subscription.

Models what a student sees when they ``curl`` an Azure Container Instance (the lecture: create
``microsoft/aci-helloworld`` with ``--ip-address public``, ``curl`` the IP, read *Welcome to Azure
Container Instances!*). A URL's host is resolved through *resolvers*: ACI registers one that
answers for container groups' public IPs and ``<label>.<region>.azurecontainer.io`` FQDNs; other
parts of the simulator (AKS LoadBalancer Services) may add theirs with :func:`register_resolver`.

What curl prints, and its exit codes, follow curl 8:

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

Deliberate differences: only ``http://`` (plain HTTP, GET/HEAD); ``-s``, ``-i``, ``-I``, ``-v``
(treated as ``-i``), ``-o FILE`` (writes ``az.files``) and ``-m SECONDS`` are understood; the
client address servers log is a fixed Azure-internal address.

>>> page("nginx").splitlines()[3]
'<title>Welcome to nginx!</title>'
>>> parse_url("http://20.1.2.3:8080/x")
('20.1.2.3', 8080, '/x')
"""

from __future__ import annotations

import shlex
import sys
from dataclasses import dataclass, field
from typing import Callable

from ..result import CommandResult, Output
from ..runtime.pages import (ACI_HELLOWORLD, BASE_FILES, HTTPD, NGINX, SITES, page,  # noqa: F401 - re-exported
                              server_header)

# Linux's default connect timeout (tcp_syn_retries = 6: 1+2+4+8+16+32+64 s, plus scheduling slack).
CONNECT_TIMEOUT_MS = 134_167
# The address servers see the student's request come from (ACI's front end NATs it).
CLIENT_ADDRESS = "10.240.255.55"
CURL_VERSION = "8.5.0"


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


def parse_url(url: str) -> tuple[str, int, str]:
    """(host, port, path) of ``[http://]host[:port][/path]``."""
    rest = url.split("://", 1)[1] if "://" in url else url
    hostport, slash, path = rest.partition("/")
    host, _, port = hostport.partition(":")
    return host, int(port) if port.isdigit() else 80, "/" + path if slash else "/"


_REASONS = {200: "OK", 304: "Not Modified", 404: "Not Found", 500: "Internal Server Error"}


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
    include = head = False
    output_file = None
    urls = []
    i = 0
    while i < len(words):
        w = words[i]
        i += 1
        if w in ("-s", "--silent", "-S", "-L", "--location", "-sS", "-sL"):
            continue
        if w in ("-i", "--include", "-v", "--verbose", "-si", "-is"):
            include = True
        elif w in ("-I", "--head", "-sI"):
            head = True
        elif w in ("-o", "--output", "-m", "--max-time", "--connect-timeout"):
            if i >= len(words):
                out.err(f"curl: option {w}: requires parameter\n")
                return 2
            if w in ("-o", "--output"):
                output_file = words[i]
            i += 1
        elif w.startswith("-"):
            out.err(f"curl: option {w}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n")
            return 2
        else:
            urls.append(w)
    if not urls:
        out.err("curl: no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n")
        return 2
    code = 0
    for url in urls:
        if "://" in url and not url.startswith("http://"):
            out.err(f"curl: (1) Protocol \"{url.split('://', 1)[0]}\" not supported\n")
            code = 1
            continue
        host, port, path = parse_url(url)
        answer = None
        for resolver in RESOLVERS:
            answer = resolver(az, host, port, "HEAD" if head else path)
            if answer is not None:
                break
        if answer is None:
            if _looks_like_ip(host):
                answer = Answer("timeout")
            else:
                out.err(f"curl: (6) Could not resolve host: {host}\n")
                code = 6
                continue
        if answer.kind == "refused":
            out.err(f"curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server\n")
            code = 7
            continue
        if answer.kind == "timeout":
            az.run(seconds=CONNECT_TIMEOUT_MS / 1000)
            out.err(f"curl: (28) Failed to connect to {host} port {port} after {CONNECT_TIMEOUT_MS} ms: "
                    f"Couldn't connect to server\n")
            code = 28
            continue
        header = "".join(f"{k}: {v}\r\n" for k, v in answer.headers)
        status_line = f"HTTP/1.1 {answer.status} {_REASONS.get(answer.status, '')}\r\n"
        text = ""
        if include or head:
            text += status_line + header + "\r\n"
        if not head:
            text += answer.body
        if output_file:
            az.files[output_file] = text
        else:
            out.out(text)
    return code


def _looks_like_ip(host: str) -> bool:
    parts = host.split(".")
    return len(parts) == 4 and all(p.isdigit() and int(p) < 256 for p in parts)
