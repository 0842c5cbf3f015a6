"""Name hashes of controllers: ``pod-template-hash`` and ``controller-revision-hash``.

Upstream hashes the Go struct of a pod template (a Deployment's, or a DaemonSet/StatefulSet
revision's data) with FNV-32a, adds the collision count, prints the 32-bit number in decimal and
maps every digit character through the name alphabet (``rand.SafeEncodeString``). So its hashes are
made of the ten characters ``4 5 6 7 8 9 b c d f``.

Deliberate difference: the Go struct printing cannot be reproduced from JSON, so the object's
canonical JSON (sorted keys) is hashed with SHA-256 instead; its first 32 bits, folded into the
ten-digit range, go through the same digit mapping. The value differs from a real cluster's for the
same template, but it is stable from run to run and machine to machine, ten characters long and of
the same alphabet.

>>> object_hash({"metadata": {"labels": {"app": "web"}}, "spec": {"containers": []}})
'5559847b68'
>>> object_hash({"metadata": {"labels": {"app": "web"}}, "spec": {"containers": []}}, collision_count=1)
'797f57bd56'
>>> object_hash({"metadata": {"creationTimestamp": None, "labels": {"app": "web"}}, "spec": {"containers": []}})
'5559847b68'
>>> safe_encode("0123456789")      # upstream maps each digit's byte value: '0' (48) → '4'
'456789bcdf'
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .names import NAME_SUFFIX_ALPHABET

_NULL_STAMP = '"creationTimestamp":null'


def safe_encode(text: str) -> str:
    """``rand.SafeEncodeString``: every byte mapped through the alphabet (no vowels, no look-alikes)."""
    return "".join(NAME_SUFFIX_ALPHABET[ord(ch) % len(NAME_SUFFIX_ALPHABET)] for ch in text)


def object_hash(obj: Any, collision_count: int | None = None) -> str:
    """The hash a controller names the objects it makes from ``obj`` with."""
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"))
    # a template's "creationTimestamp": null is an encoding artefact (never set by anyone): names
    # stay what they were before the API server showed it
    if _NULL_STAMP in text:
        text = text.replace(_NULL_STAMP + ",", "").replace("," + _NULL_STAMP, "").replace(_NULL_STAMP, "")
    if collision_count:
        text += f"#{collision_count}"
    number = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")
    number = 1_000_000_000 + number % 3_294_967_296          # ten decimal digits, like a large uint32
    return safe_encode(str(number))
