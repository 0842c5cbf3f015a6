"""What a handler of the served endpoint answers: an HTTP status, a body and its content type.

Shared by the REST handlers (:mod:`k8scourse.serve.rest`) and the OpenAPI documents
(:mod:`k8scourse.serve.openapi`), so neither has to import the other.

>>> Reply(200, {"kind": "Status"}).content_type
'application/json'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JSON = "application/json"


@dataclass
class Reply:
    """An HTTP answer: status, body (a dict is sent as JSON), content type and extra headers."""
    status: int
    body: Any
    content_type: str = JSON
    headers: dict = field(default_factory=dict)
