"""Build ``k8scourse/serve/protobuf_fields.json``: the field numbers of Kubernetes' protobuf messages.

kubectl's typed clients send request bodies as protobuf (``application/vnd.kubernetes.protobuf``);
the served API decodes them with this table (:mod:`k8scourse.serve.protobuf`). The table holds only
wire-format facts — message name → field number → (JSON name, type, cardinality) — read from the
``generated.proto`` files of the ``k8s.io/api`` and ``k8s.io/apimachinery`` releases of the
simulated Kubernetes version. Run it with the two repositories' git directories:

    python scripts/protobuf_fields.py API_GIT_DIR APIMACHINERY_GIT_DIR v0.32.9
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

# the groups whose kinds the simulator serves or accepts (k8scourse.api.kinds) + authn/authz reviews
API_GROUPS = ("core/v1", "apps/v1", "batch/v1", "autoscaling/v1", "autoscaling/v2", "policy/v1", "rbac/v1",
              "networking/v1", "storage/v1", "scheduling/v1", "coordination/v1", "discovery/v1", "node/v1",
              "certificates/v1", "admissionregistration/v1", "authentication/v1", "authorization/v1")
MACHINERY = ("pkg/api/resource", "pkg/apis/meta/v1", "pkg/runtime", "pkg/runtime/schema", "pkg/util/intstr")

_FIELD = re.compile(r"^\s*(optional|repeated|required)?\s*(map<\s*(\w+)\s*,\s*([\w.]+)\s*>|[\w.]+)\s+(\w+)\s*=\s*(\d+)")


def _proto(git_dir: str, ref: str, path: str) -> str:
    return subprocess.run(["git", "--git-dir", git_dir, "show", f"{ref}:{path}"], capture_output=True,
                          text=True, check=True).stdout


def parse(text: str, table: dict) -> None:
    package = re.search(r"^package ([\w.]+);", text, re.M).group(1)
    current = None
    depth = 0
    for line in text.splitlines():
        stripped = line.split("//", 1)[0].strip()
        if not stripped:
            continue
        match = re.match(r"message (\w+) \{", stripped)
        if match and depth == 0:
            current = f"{package}.{match.group(1)}"
            table[current] = {}
            depth = 1
            continue
        if current is None:
            continue
        depth += stripped.count("{") - stripped.count("}")
        if depth <= 0:
            current, depth = None, 0
            continue
        field = _FIELD.match(stripped)
        if not field:
            continue
        label, full_type, key_type, value_type, name, number = field.groups()
        if key_type:
            entry = [name, "map", _qualify(value_type, package), label or "optional"]
        else:
            entry = [name, _qualify(full_type, package), label or "optional"]
        table[current][number] = entry


_SCALARS = {"string", "bytes", "bool", "int32", "int64", "uint32", "uint64", "double", "float", "sint32",
            "sint64", "fixed32", "fixed64"}


def _qualify(type_name: str, package: str) -> str:
    type_name = type_name.lstrip(".")
    if type_name in _SCALARS or "." in type_name:
        return type_name
    return f"{package}.{type_name}"


def main(api_git: str, machinery_git: str, ref: str) -> None:
    table: dict = {}
    for group in API_GROUPS:
        parse(_proto(api_git, ref, f"{group}/generated.proto"), table)
    for pkg in MACHINERY:
        parse(_proto(machinery_git, ref, f"{pkg}/generated.proto"), table)
    out = Path(__file__).resolve().parents[1] / "k8scourse" / "serve" / "protobuf_fields.json"
    out.write_text(json.dumps({"source": f"k8s.io/api and k8s.io/apimachinery {ref} generated.proto",
                               "messages": dict(sorted(table.items()))}, separators=(",", ":"), sort_keys=False) + "\n")
    print(f"{out}: {len(table)} messages")


if __name__ == "__main__":
    main(*sys.argv[1:4])
