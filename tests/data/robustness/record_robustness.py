"""Record what the real kubectl prints for the hostile inputs of tests/property/test_robustness_oracle.py.

Each case runs against a fresh simulated cluster served on loopback (``Cluster.serve``) with the real
kubectl 1.32 on PATH; every case is a client-side refusal (or a dry run), so the served state does
not shape the answer. Run from the worktree root:

    .venv/bin/python tests/data/robustness/record_robustness.py > tests/data/robustness/real_kubectl.json
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

CASES = [
    # patches kubectl cannot parse (issue 17: a NUL byte in --patch-file)
    [["patch", "ns", "default", "--patch-file", "{dir}/nul.yaml"], ""],
    [["patch", "ns", "default", "--patch-file", "{dir}/bad.yaml"], ""],
    [["patch", "ns", "default", "-p", "a: \x01"], ""],
    [["patch", "ns", "default", "-p", "a: [\u00e9"], ""],
    # control characters and self-referencing aliases in manifests
    [["apply", "-f", "-"], "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: n\x00\n"],
    [["apply", "-f", "-"], "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: n\x07\n"],
    [["apply", "-f", "-"], "a: &a [*a]\n"],
    [["apply", "-f", "-"], "a: &a\n  b: *a\n"],
    # client dry runs of manifests without metadata (issue 17: create --dry-run=client)
    [["create", "-f", "-", "--dry-run=client"], "apiVersion: v1\nkind: Pod\n"],
    [["create", "-f", "-", "--dry-run=client"], "apiVersion: apps/v1\nkind: Deployment\n"],
    [["create", "-f", "-", "--dry-run=client", "-o", "yaml"], "apiVersion: v1\nkind: ConfigMap\n"],
    [["create", "-f", "-", "--dry-run=client", "-o", "name"], "apiVersion: v1\nkind: ConfigMap\n"],
    [["create", "-f", "-", "--dry-run=client", "-n", "kube-system", "-o", "yaml"], "apiVersion: v1\nkind: ConfigMap\n"],
    [["create", "-f", "-", "--dry-run=client", "-o", "yaml"], "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"],
    [["create", "-f", "-", "--dry-run=client"], "apiVersion: v1\nkind: Namespace\n"],
    [["apply", "-f", "-", "--dry-run=client"], "apiVersion: apps/v1\nkind: Deployment\n"],
    [["apply", "-f", "-", "--dry-run=client"], "apiVersion: v1\nkind: ConfigMap\n"],
    # ObjectMeta fields of the wrong JSON type, decoded by kubectl before anything is sent
    [["create", "-f", "-"], "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b4\n  labels: 5\n"],
    [["create", "-f", "-", "--dry-run=client"], "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b5\n  labels: 5\n"],
    [["apply", "-f", "-"], "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b6\n  labels: {a: 5}\n"],
    [["delete", "-f", "-"], "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b8\n  labels: 5\n"],
    [["apply", "-f", "-"], "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b9\n  finalizers: 5\n"],
    [["apply", "-f", "-"], "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a2\n  annotations: 5\n"],
    [["apply", "-f", "-"], "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a3\n  annotations: [a]\n"],
]


def files(directory: str) -> None:
    with open(os.path.join(directory, "nul.yaml"), "w") as fh:
        fh.write("metadata:\n  labels:\n    a: \x00b\n")
    with open(os.path.join(directory, "bad.yaml"), "w") as fh:
        fh.write("a: [\n")


def main() -> None:
    sys.path.insert(0, os.getcwd())
    from k8scourse import Cluster
    records = []
    with tempfile.TemporaryDirectory() as tmp:
        files(tmp)
        for args, stdin in CASES:
            c = Cluster(nodes=1, seed=1)
            served = c.serve(kubeconfig=os.path.join(tmp, "kubeconfig"))
            try:
                env = dict(os.environ, **served.env())
                real_args = [a.replace("{dir}", tmp) for a in args]
                p = subprocess.run(["kubectl"] + real_args, input=stdin, capture_output=True, text=True, env=env)
            finally:
                served.stop(forget=True)
            records.append({"args": args, "stdin": stdin, "exit_code": p.returncode, "output": p.stdout + p.stderr})
    json.dump(records, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
