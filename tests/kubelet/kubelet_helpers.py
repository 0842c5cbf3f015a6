"""Helpers of the kubelet tests: the ``k8s`` fixture (a cluster with kubectl logs/wait registered),
a cluster wrapper and a small pod manifest builder. Test modules import the fixture by name."""

from __future__ import annotations

import pytest


class Helper:
    """The cluster plus small conveniences (placing pods works with or without the scheduler)."""

    def __init__(self, cluster):
        self.c = cluster
        self.node0 = cluster.list("nodes")[0]["metadata"]["name"]

    def __getattr__(self, name):
        return getattr(self.c, name)

    def k(self, command: str) -> str:
        return str(self.c.kubectl(command, echo=False))

    def place(self, manifest: str, name: str, namespace: str = "default") -> dict:
        """Apply a pod manifest and make sure it is bound (to the first node if no scheduler)."""
        out = self.c.apply(manifest, echo=False)
        assert out.exit_code == 0, str(out)
        if self.c.scheduler is None and not self.c.get("pods", name, namespace)["spec"].get("nodeName"):
            self.c.api.bind(namespace, name, self.node0)
        self.c.sim.run(ms=0)
        return self.pod(name, namespace)

    def pod(self, name: str, namespace: str = "default") -> dict:
        return self.c.get("pods", name, namespace)

    def row(self, name: str) -> list[str]:
        """The `kubectl get pods` row of a pod, split into columns (RESTARTS may hold spaces)."""
        for line in self.k("get pods").splitlines()[1:]:
            if line.split()[0] == name:
                parts = line.split()
                return parts[:3] + [" ".join(parts[3:-1]), parts[-1]]
        raise AssertionError(f"no row for {name}")

    def kubelet_of(self, name: str, namespace: str = "default"):
        return self.c.kubelets[self.pod(name, namespace)["spec"]["nodeName"]]

    def events(self, name: str) -> list[tuple[str, str, str]]:
        evs = [e for e in self.c.list("events", "default") if e["involvedObject"].get("name") == name]
        # the scheduler's events.k8s.io Events carry eventTime (a MicroTime) instead of firstTimestamp
        evs.sort(key=lambda e: (e["firstTimestamp"] or e["eventTime"][:19] + "Z", e["metadata"]["name"]))
        return [(e["type"], e["reason"], e["message"]) for e in evs]

    def status(self, name: str, container: int = 0) -> dict:
        return self.pod(name)["status"]["containerStatuses"][container]


def pod_yaml(name: str, image: str, *, command=None, args=None, restart: str = "Always", extra: str = "",
             container_extra: str = "") -> str:
    import json
    lines = [f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  restartPolicy: {restart}\n"
             f"{extra}  containers:\n  - name: {name}\n    image: {image}\n"]
    if command is not None:
        lines.append(f"    command: {json.dumps(command)}\n")
    if args is not None:
        lines.append(f"    args: {json.dumps(args)}\n")
    lines.append(container_extra)
    return "".join(lines)


@pytest.fixture
def k8s():
    from k8scourse import Cluster
    from k8scourse.cli.kubectl import COMMANDS
    from k8scourse.cli.kubectl.command import Command
    from k8scourse.cli.kubectl.logs import LOGS_FLAGS, run_logs
    from k8scourse.cli.kubectl.waitcmd import WAIT_FLAGS, run_wait
    added = []
    for name, run, flags in (("logs", run_logs, LOGS_FLAGS), ("wait", run_wait, WAIT_FLAGS)):
        if name not in COMMANDS:
            COMMANDS[name] = Command(name, run, flags, name)
            added.append(name)
    # nodes without add-on workloads (k8scourse.addons): the pulls, pod IPs and events are the test pods'
    # own, as on the recorded cluster whose upstream events the tests compare with
    cluster = Cluster(nodes=3, seed=0, addons="none")
    yield Helper(cluster)
    for name in added:
        COMMANDS.pop(name, None)
