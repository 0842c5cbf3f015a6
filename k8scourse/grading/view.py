"""The read-only view checks see: public data of a replayed world, handed out as copies.

Checks never get an engine object. A :class:`View` wraps the world the grader replayed in its own
process (:mod:`.replay`) — an engine no student code ever held — and offers what a check needs:

* objects: ``get``/``list`` (copies), ``events``, ``history`` (every write to the store, with
  revision, simulated time, verb, key, actor, and a copy of the object as written);
* accounting: ``nodes()``, ``pods()``, ``namespaces()``, ``usage(...)`` — the DataFrames of
  :mod:`k8scourse.metrics`;
* Azure: ``show(cmd)`` for ``az … show|list`` as parsed JSON, ``curl(url)``, ACI billing, and
  ``cluster_view(name)`` for an AKS cluster;
* the exercise's own data: ``answers`` and ``marks`` (moments the grade steps named).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..api.objects import copy_json


@dataclass(frozen=True)
class Write:
    revision: int
    time_ms: int
    verb: str
    resource: str
    namespace: str
    name: str
    actor: str
    object: dict


class ClusterView:
    def __init__(self, cluster):
        self._c = cluster

    @property
    def now_ms(self) -> int:
        return self._c.sim.now_ms

    def get(self, kind: str, name: str, namespace: str = "default") -> dict | None:
        info = self._c.api.info(kind)
        obj = self._c.api.peek(info, name, namespace if info.namespaced else "")
        return copy_json(obj) if obj is not None else None

    def list(self, kind: str, namespace: str | None = None, selector: str = "") -> list[dict]:
        return self._c.api.list(kind, namespace, selector)["items"]

    def events(self, namespace: str | None = None) -> list[dict]:
        return self.list("events", namespace)

    def history(self, resource: str | None = None, since_ms: int | None = None) -> list[Write]:
        """Every write to the store (of one resource — any name kubectl knows — when given)."""
        key = self._c.api.info(resource).group_resource if resource is not None else None
        out = []
        for h in self._c.store.history():
            if key is not None and h.key[0] != key:
                continue
            if since_ms is not None and h.time_ms < since_ms:
                continue
            out.append(Write(h.revision, h.time_ms, h.verb, h.key[0], h.key[1], h.key[2], h.actor,
                             copy_json(h.object)))
        return out

    # accounting
    def nodes(self):
        from ..metrics import node_accounting
        return node_accounting(self._c.api, self._c.kubelets)

    def pods(self, namespace: str | None = None):
        from ..metrics import pod_accounting
        return pod_accounting(self._c.api, self._c.kubelets, namespace)

    def namespaces(self):
        from ..metrics import namespace_accounting
        return namespace_accounting(self._c.api, self._c.kubelets)

    def usage(self, kind: str = "node", name: str | None = None, since: float | None = None,
              namespace: str | None = None):
        from ..metrics import usage_history
        return usage_history(self._c.api, self._c.kubelets, kind, name, since, namespace)

    def kubectl_json(self, command: str):
        """A read-only kubectl query (``get …``) as parsed JSON, or None when it fails."""
        words = command.split()
        if not words or words[0] != "get":
            raise ValueError("only 'kubectl get' is allowed in a check")
        result = self._c.kubectl(words + ["-o", "json"], echo=False)
        return json.loads(result.stdout) if result.exit_code == 0 else None

    def can(self, user: str, verb: str, resource: str, namespace: str = "default") -> bool:
        """Whether the API server's authorizer lets ``user`` (a name as ``--as`` takes it) do this."""
        from ..apiserver.authorization.access import explain_access
        return explain_access(self._c.api, user, verb, resource, namespace).allowed

    def api_request_from_pod(self, namespace: str, selector: str, path: str) -> int | None:
        """The HTTP status a ready pod matching ``selector`` gets for ``GET path`` from
        ``https://kubernetes.default.svc`` with the token and CA mounted in its first container
        (None when no such pod runs, or it has no token)."""
        from ..traffic import traffic_of
        sa_dir = "/var/run/secrets/kubernetes.io/serviceaccount"
        for pod in self.list("pods", namespace, selector):
            if (pod.get("status") or {}).get("phase") != "Running" or pod["metadata"].get("deletionTimestamp"):
                continue
            kubelet = self._c.kubelets.get((pod.get("spec") or {}).get("nodeName"))
            worker = next((w for w in (kubelet.workers.values() if kubelet else []) if w.uid == pod["metadata"]["uid"]
                           and not w.gone), None)
            if worker is None:
                continue
            files = kubelet.runtime.files(worker.uid, pod["spec"]["containers"][0]["name"])
            token = files.get(f"{sa_dir}/token") if files is not None else None
            if not token:
                continue
            resp = traffic_of(self._c).request(f"pod/{pod['metadata']['name']}", "https://kubernetes.default.svc" + path,
                                               namespace, advance=False, agent="curl/8.5.0",
                                               headers=[("Authorization", f"Bearer {token.strip()}")],
                                               cacert=f"{sa_dir}/ca.crt", ca_bundle=files.get(f"{sa_dir}/ca.crt"))
            return resp.status if resp.kind == "response" else 0
        return None

    def request(self, service: str, namespace: str, port: int, path: str = "/"):
        """One HTTP GET of the Service's cluster IP from the first node, through kube-proxy to an
        endpoint's program (the cluster's traffic model); None when the Service has no cluster IP."""
        from ..traffic import request as send
        svc = self._c.get("services", service, namespace)
        ip = ((svc or {}).get("spec") or {}).get("clusterIP")
        nodes = self._c.list("nodes")
        if not ip or ip == "None" or not nodes:
            return None
        return send(self._c, nodes[0]["metadata"]["name"], f"http://{ip}:{port}{path}", advance=False)


class AzureView:
    def __init__(self, az):
        self._az = az

    @property
    def now_ms(self) -> int:
        return self._az.sim.now_ms

    def show(self, command: str):
        """``az <group> … show|list …`` as parsed JSON (None when the command fails)."""
        words = command.split()
        if not any(w in ("show", "list", "exists") for w in words[:4]):
            raise ValueError("only az show/list commands are allowed in a check")
        result = self._az(words + ["-o", "json"], echo=False)
        if result.exit_code != 0 or not result.stdout.strip():
            return None
        return json.loads(result.stdout)

    def curl(self, url: str):
        return self._az.curl(url, echo=False)

    def aci_billing(self):
        from ..cloud.pricing import aci_costs
        return aci_costs(self._az)

    def cluster_view(self, group: str, name: str) -> ClusterView | None:
        from .replay import AKS_TYPE
        res = self._az.subscription.get(AKS_TYPE, group, name)
        cluster = getattr(getattr(res, "model", None), "cluster", None)
        return ClusterView(cluster) if cluster is not None else None


class View:
    """Everything a check may read about one graded world."""

    def __init__(self, world):
        self._world = world
        self.cluster = ClusterView(world.targets["cluster"]) if "cluster" in world.targets else None
        self.azure = AzureView(world.targets["azure"]) if "azure" in world.targets else None

    @property
    def answers(self) -> dict:
        return json.loads(json.dumps(self._world.answers))

    @property
    def marks(self) -> dict:
        return dict(self._world.marks)

    @property
    def start_ms(self) -> int:
        return self._world.start_ms

    def mark(self, name: str | None, default: int | None = None) -> int | None:
        if name is None:
            return default
        return self._world.marks.get(name, default)

    def cluster_for(self, args: dict) -> ClusterView | None:
        """The cluster a check is about: ``aks: rg/name`` in its args, else the exercise's cluster."""
        aks = args.get("aks")
        if aks and self.azure is not None:
            group, _, name = aks.partition("/")
            return self.azure.cluster_view(group, name)
        return self.cluster
