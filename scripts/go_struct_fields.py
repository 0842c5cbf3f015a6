"""Build ``k8scourse/api/go_fields.json``: how Go's ``encoding/json`` writes Kubernetes' API types.

A real API server and kubectl's typed clients serialise Go structs: fields come out in the order the
struct declares them, and a field is left out only when its tag says ``omitempty`` *and* its value
is empty — a non-pointer struct is never empty, so ``status: {loadBalancer: {}}`` appears on every
Service. The table holds only those facts, read from the ``types.go`` files of the ``k8s.io/api``
and ``k8s.io/apimachinery`` releases of the simulated Kubernetes version:

* ``structs``: ``"<group/version>.<Type>"`` → ``[[json name, Go type, omitempty], …]`` in declaration
  order (an embedded struct tagged ``json:",inline"`` has the json name ``""``);
* ``named``: ``"<group/version>.<Type>"`` → the Go type it is defined as (``PodPhase`` → ``string``,
  ``ResourceList`` → ``map[ResourceName]resource.Quantity``).

Go types keep the package qualifier they are written with (``metav1.Time``, ``[]Container``,
``*int32``); :mod:`k8scourse.api.typed` resolves them. Run it with the two repositories' git
directories::

    python scripts/go_struct_fields.py API_GIT_DIR APIMACHINERY_GIT_DIR v0.32.9
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

API_GROUPS = ("core/v1", "apps/v1", "batch/v1", "autoscaling/v1", "autoscaling/v2", "policy/v1", "rbac/v1",
              "networking/v1", "storage/v1", "scheduling/v1", "coordination/v1", "discovery/v1", "node/v1",
              "certificates/v1", "admissionregistration/v1", "events/v1", "authentication/v1",
              "authorization/v1")
MACHINERY = {"meta/v1": "pkg/apis/meta/v1/types.go"}

_STRUCT = re.compile(r"^type (\w+) struct \{\s*$")
_NAMED = re.compile(r"^type (\w+) (\S.*?)\s*(//.*)?$")
_FIELD = re.compile(r"^\s*(?:(\w+)\s+)?([\w.\[\]*]+(?:\[[\w.]+\][\w.*\[\]]+)?)\s+`([^`]*)`")
_JSON_TAG = re.compile(r'json:"([^"]*)"')


def _types_go(git_dir: str, ref: str, path: str) -> str:
    return subprocess.run(["git", "--git-dir", git_dir, "show", f"{ref}:{path}"], capture_output=True,
                          text=True, check=True).stdout


def parse(text: str, group: str, structs: dict, named: dict) -> None:
    current = None
    for line in text.splitlines():
        code = line.split("//", 1)[0].rstrip() if "`" not in line else line
        if current is None:
            match = _STRUCT.match(code)
            if match:
                current = f"{group}.{match.group(1)}"
                structs[current] = []
                continue
            match = _NAMED.match(line)
            if match and not match.group(2).startswith(("struct", "interface", "=")) \
                    and not match.group(2).endswith("{"):
                named[f"{group}.{match.group(1)}"] = match.group(2)
            continue
        if code.startswith("}"):
            current = None
            continue
        field = _FIELD.match(code)
        if not field:
            continue
        go_name, go_type, tags = field.groups()
        tag = _JSON_TAG.search(tags)
        if tag is None:
            continue
        name, _, options = tag.group(1).partition(",")
        if name == "-":
            continue
        structs[current].append([name, go_type, "omitempty" in options.split(",")])


def main(api_git: str, machinery_git: str, ref: str) -> None:
    structs: dict = {}
    named: dict = {}
    for group in API_GROUPS:
        parse(_types_go(api_git, ref, f"{group}/types.go"), group, structs, named)
    for group, path in MACHINERY.items():
        parse(_types_go(machinery_git, ref, path), group, structs, named)
    out = Path(__file__).resolve().parents[1] / "k8scourse" / "api" / "go_fields.json"
    out.write_text(json.dumps({"source": f"k8s.io/api and k8s.io/apimachinery {ref} types.go",
                               "structs": dict(sorted(structs.items())), "named": dict(sorted(named.items()))},
                              separators=(",", ":")) + "\n")
    print(f"{out}: {len(structs)} structs, {len(named)} named types")


if __name__ == "__main__":
    main(*sys.argv[1:4])
