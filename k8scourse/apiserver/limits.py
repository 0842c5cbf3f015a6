"""The API server's request size limit: a body over 3 MiB is refused before it is decoded.

kube-apiserver reads at most ``--max-request-bytes`` (3 MiB, 3,145,728 bytes) of a create, update
or patch body and answers a longer one with ``413 RequestEntityTooLarge`` ``Request entity too
large: limit is 3145728`` — before decoding, so this comes ahead of every validation (a 4 MiB
ConfigMap gets this answer, not the 1 MiB ``Too long`` one). The size counted here is the compact
JSON a client sends.

>>> check_request_size({"data": {"a": "x" * 10}})
>>> try:
...     check_request_size({"data": {"a": "x" * (3 * 1024 * 1024)}})
... except APIError as exc:
...     print(exc.code, exc.kubectl_text())
413 Error from server (RequestEntityTooLarge): Request entity too large: limit is 3145728
"""

from __future__ import annotations

import json
from typing import Any

from .. import defaults
from ..errors import APIError


def too_large() -> APIError:
    """The answer to a body over the limit (``errors.NewRequestEntityTooLargeError``)."""
    return APIError("RequestEntityTooLarge", 413,
                    f"Request entity too large: limit is {defaults.MAX_REQUEST_BODY_BYTES}")


def check_request_size(body: Any) -> None:
    """Raise :func:`too_large` when ``body`` encodes to more than the limit."""
    if isinstance(body, (bytes, str)):
        size = len(body.encode() if isinstance(body, str) else body)
    else:
        size = len(json.dumps(body, separators=(",", ":"), ensure_ascii=False, default=str).encode())
    if size > defaults.MAX_REQUEST_BODY_BYTES:
        raise too_large()
