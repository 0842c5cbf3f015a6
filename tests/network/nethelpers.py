"""Helpers for the networking tests: labelled nginx pods in namespaces, and requests between them."""

from __future__ import annotations

import json

from k8scourse import Cluster
from k8scourse.traffic import request


def pod(name: str, labels: dict | None = None, namespace: str = "default", node: str | None = None,
        image: str = "nginx:1.27", port: int = 80) -> str:
    spec = {"containers": [{"name": "main", "image": image, "ports": [{"name": "http", "containerPort": port}]}]}
    if node:
        spec["nodeName"] = node
    return json.dumps({"apiVersion": "v1", "kind": "Pod", "metadata": {
        "name": name, "namespace": namespace, "labels": labels or {}}, "spec": spec})


def cluster(nodes: int = 2, namespaces: dict | None = None, pods: list | None = None, seed: int = 0) -> Cluster:
    c = Cluster(nodes=nodes, seed=seed)
    for ns, labels in (namespaces or {}).items():
        c.apply(json.dumps({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns, "labels": labels}}),
                echo=False)
    for p in pods or []:
        c.apply(p, echo=False)
    c.run(seconds=90)
    return c


def policy(c: Cluster, text: str) -> None:
    out = c.apply("# NetworkPolicy\n" + text.lstrip(), echo=False)
    assert out.exit_code == 0, out.stderr


def ip(c: Cluster, name: str, namespace: str = "default") -> str:
    return c.get("pods", name, namespace)["status"]["podIP"]


def ok(c: Cluster, src: str, url: str, namespace: str = "default") -> bool:
    r = request(c, src, url, namespace, advance=False)
    assert r.kind in ("response", "timeout", "dns-timeout"), (r.kind, r.error, r.hops)
    return r.ok
