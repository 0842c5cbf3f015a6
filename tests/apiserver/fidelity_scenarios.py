"""Command sequences whose output the real kubectl 1.32 recorded against the served simulator.

Each scenario runs on a fresh ``Cluster(nodes=2, seed=1)``; ``scripts/record_api_fidelity.py``
replays it with the real kubectl through ``cluster.serve()`` and writes
``tests/data/kubectl-recorded/api-fidelity/<name>.txt``; ``test_fidelity_recorded.py`` replays it
with the simulator's kubectl and compares byte for byte. What the real kubectl prints there is what
it makes of the objects the simulated API server returns, so these pin the server's answers
(conflicts, dry runs, defaulted objects) together with kubectl's own wording of them.
"""

from __future__ import annotations

from pathlib import Path

RECORDED = Path(__file__).resolve().parent.parent / "data" / "kubectl-recorded" / "api-fidelity"

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
"""
STALE = DEPLOYMENT.replace("{name: web}", '{name: web, resourceVersion: "3"}').replace("replicas: 1", "replicas: 2")

# name -> list of (command line, stdin)
SCENARIOS: dict[str, list[tuple[str, str | None]]] = {
    "conflict-apply": [
        ("apply -f -", DEPLOYMENT),
        ("apply -f -", STALE),
        ("apply -f - --dry-run=server", STALE),
        ("get deploy web -o jsonpath={.spec.replicas}", None),
    ],
    "conflict-patch-label": [
        ("create deployment web --image=nginx", None),
        ('patch deploy web -p {"metadata":{"resourceVersion":"3"},"spec":{"replicas":3}}', None),
        ("label deploy web a=b --resource-version=3", None),
        ("get deploy web -o jsonpath={.spec.replicas}{.metadata.labels}", None),
    ],
    "status-writes": [
        ("create deployment web --image=nginx", None),
        ('patch deploy web --subresource=status --type=merge -p {"status":{"replicas":7}} --dry-run=server', None),
        ('patch deploy web --type=merge -p {"spec":{"replicas":7}} --dry-run=server', None),
        ('patch deploy web --type=merge -p {"spec":{"replicas":1}} --dry-run=server', None),
        ('patch deploy web --subresource=status --type=merge -p {"status":{"replicas":2,"readyReplicas":3}}', None),
        ('patch deploy web --subresource=status --type=merge -p {"status":{"replicas":-1}}', None),
        ('patch deploy web --subresource=status --type=merge -p {"status":{"replicas":"x"}}', None),
        ("get deploy web -o jsonpath={.status.replicas}", None),
        ("scale deploy web --replicas=3 --dry-run=server", None),
        ("get deploy web -o jsonpath={.spec.replicas}", None),
    ],
    "defaulted-objects": [
        ("create deployment web --image=nginx", None),
        ("create cronjob tick --image=busybox --schedule=*/5_*_*_*_*", None),
        ("run one --image=nginx", None),
        ("get deploy web -o yaml", None),
        ("get cronjob tick -o yaml", None),
        ("get pod one -o yaml", None),
    ],
}


def split(command: str) -> list[str]:
    """The argv of a scenario's command line: split on spaces (no quoting in the scenarios; ``_``
    inside an argument stands for a space)."""
    return [arg.replace("_", " ") if arg.startswith("--schedule=") else arg for arg in command.split(" ")]


def transcript(steps: list[tuple[str, str, int]]) -> str:
    """``$ kubectl <command>`` lines, each followed by the output and ``[exit N]``."""
    return "".join(f"$ kubectl {cmd}\n{out}[exit {rc}]\n" for cmd, out, rc in steps)
