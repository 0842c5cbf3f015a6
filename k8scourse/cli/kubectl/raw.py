"""``--raw URI``: one request sent to the API server as it is, its answer printed as it came.

``kubectl get --raw /api/v1/namespaces`` sends a GET; ``create --raw URI -f FILE`` POSTs the file's
bytes untouched (no manifest parsing: the API server's decoder judges them), ``replace --raw`` PUTs
them and ``delete --raw URI`` sends a DELETE (with the file, if one is given, as its body). A
successful answer is printed byte for byte; an error answer is reported as kubectl reports any
server error, ``Error from server (Reason): message``.

Before sending, kubectl refuses what cannot go with a raw request, in this order:
``--edit``, more or less than one file (``--raw can only use a single local file or stdin``), a URL
as the file, ``-R``, ``-l`` (create only), ``-o``, and a URI that is not a path
(``--raw must be a valid URL path: parse "x": invalid URI for request``).
"""

from __future__ import annotations

import json
import os

from .command import CommandError, Invocation, RawError

_METHODS = {"get": "GET", "create": "POST", "replace": "PUT", "delete": "DELETE"}


def check(inv: Invocation) -> None:
    """kubectl's refusals for ``VERB --raw`` (see the module docstring for their order)."""
    verb = inv.command
    files = inv.flags.get("filename") or []
    if verb == "get":
        if inv.args:
            raise CommandError("arguments may not be passed when --raw is specified")
    else:
        if verb == "create" and inv.flags.get("edit"):
            raise CommandError("--raw and --edit are mutually exclusive")
        if len(files) > 1 or (verb != "delete" and len(files) != 1):
            raise CommandError("--raw can only use a single local file or stdin")
        if files and files[0].startswith(("http://", "https://")):
            raise CommandError("--raw cannot read from a url")
        if inv.flags.get("recursive"):
            raise CommandError("--raw and --recursive are mutually exclusive")
        if verb == "create" and inv.flags.get("selector"):
            raise CommandError("--raw and --selector (-l) are mutually exclusive")
    if inv.flags.get("output"):
        raise CommandError("--raw and --output are mutually exclusive")
    uri = inv.flags["raw"]
    if not uri.startswith("/"):
        raise CommandError(f'--raw must be a valid URL path: parse "{uri}": invalid URI for request')


def _body(inv: Invocation) -> bytes:
    """The one file's bytes (``-`` is standard input), read as Go's ``os.Open`` would."""
    files = inv.flags.get("filename") or []
    if not files:
        return b""
    name = files[0]
    if name == "-":
        return (inv.stdin or "").encode("utf-8")
    cwd = inv.extra.get("cwd")
    path = name if os.path.isabs(name) or not cwd else os.path.join(cwd, name)
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise CommandError(f"open {name}: no such file or directory") from None
    except IsADirectoryError:      # kubectl reads the file as the request body streams out
        raise RawError(f"Unable to connect to the server: read {name}: is a directory") from None
    except PermissionError:
        raise CommandError(f"open {name}: permission denied") from None


def run(inv: Invocation) -> int:
    """Check, send and print one ``--raw`` request."""
    check(inv)
    if inv.kubectl is None or inv.kubectl.raw_handler is None:
        raise CommandError(f"kubectl {inv.command} --raw is not modelled by this kubectl")
    body = _body(inv) if inv.command != "get" else b""     # get --raw ignores -f
    status, text = inv.kubectl.raw_handler(inv.cluster, inv.flags["raw"], inv.user,
                                           method=_METHODS[inv.command], body=body)
    if 200 <= status < 300:
        inv.out.out(text)
        return 0
    try:
        answer = json.loads(text)
    except ValueError:
        answer = {}
    answer = answer if isinstance(answer, dict) else {}
    reason = answer.get("reason") or "Unknown"
    raise RawError(f"Error from server ({reason}): {answer.get('message') or text.strip()}")
