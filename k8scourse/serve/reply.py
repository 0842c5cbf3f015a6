"""What a handler of the served endpoint answers: an HTTP status, a body and its content type.

Shared by the REST handlers (:mod:`k8scourse.serve.rest`) and the OpenAPI documents
(:mod:`k8scourse.serve.openapi`), so neither has to import the other.

>>> Reply(200, {"kind": "Status"}).content_type
'application/json'
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..api.typed import ordered

JSON = "application/json"


def encode(body: Any) -> bytes:
    """A JSON body as kube-apiserver's encoder writes it: objects in their Go struct's field order,
    compact, ``<``, ``>`` and ``&`` escaped as Go escapes them, and a final newline."""
    text = json.dumps(ordered(body), separators=(",", ":"), ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n").encode()


@dataclass
class Reply:
    """An HTTP answer: status, body (a dict is sent as JSON), content type and extra headers."""
    status: int
    body: Any
    content_type: str = JSON
    headers: dict = field(default_factory=dict)
