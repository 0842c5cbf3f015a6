"""The kubectl verb cases recorded from the real kubectl 1.32 (``tests/data/kubectl-recorded/<verb>/``).

Each case names the cluster it runs against (a setup function), its command line, its standard
input, its environment and the files its folder holds. ``record_verbs.py`` runs the real kubectl
on them against the served cluster; ``test_kubectl_verbs.py`` runs the simulator's kubectl and
compares standard output, standard error and the exit code byte for byte.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from k8scourse import Cluster

RECORDED = Path(__file__).resolve().parent.parent / "data" / "kubectl-recorded"


def bare() -> Cluster:
    """One node, nothing applied."""
    return Cluster(nodes=1, seed=0)


@dataclass
class Case:
    verb: str
    name: str
    command: str
    cluster: Callable[[], Cluster] = bare
    stdin: str | None = None
    files: dict = field(default_factory=dict)
    env: dict = field(default_factory=dict)

    def write_files(self, folder: str) -> None:
        for name, text in self.files.items():
            path = os.path.join(folder, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)


def normalise(text: str, folder: str) -> str:
    """Scratch folder paths replaced by ``$TMP`` (they differ on every run)."""
    return text.replace(os.path.realpath(folder), "$TMP").replace(folder, "$TMP")


_EXPLAIN = """\
pods
pods.spec.containers.ports
deploy.spec.foo
pods.spec.containers.resources
svc.spec.ports.targetPort
pods.metadata.labels
deploy --api-version=apps/v1
hpa.spec --api-version=autoscaling/v1
podz
pods.spec.containers.image.foo
pods.spec.affinity --recursive
deployments.apps
pods foo
deploy --api-version=apps/v2
hpa
controllerrevision.data
crd.spec.versions.schema.openAPIV3Schema.properties
secret.data
pods.spec.containers.ports.containerPort
cm --recursive
pods.spec.containers.ports.containerPort.x
pods.spec.containers
pods.spec
deploy.spec.template.spec.containers.livenessProbe
pods --recursive
nodes.status
ingress.spec.rules
pvc.spec.resources
cronjob.spec.jobTemplate.spec
sts.spec.volumeClaimTemplates
crd --recursive
svc --recursive
networkpolicy.spec
sa
pods.spec.containers.ports.x
deployments.apps.spec.replicas
nodes.metrics
pods -o yaml
"""

CASES: list[Case] = [Case("explain", "e%02d" % i, "explain " + line)
                     for i, line in enumerate(_EXPLAIN.splitlines())]
CASES.append(Case("explain", "none", "explain"))
