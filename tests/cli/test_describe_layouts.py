"""Layouts found different from the real kubectl 1.32 (recorded against the served cluster)."""

from __future__ import annotations

from k8scourse import Cluster

DAEMONSET = """
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: kube-system}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: a, image: busybox, command: [sleep, "3600"]}]}
"""


def test_describe_daemonset_has_no_namespace_line():
    c = Cluster(nodes=1, seed=1)
    c.apply(DAEMONSET, echo=False)
    c.run(seconds=10)
    lines = c.kubectl("describe ds agent -n kube-system", echo=False).stdout.splitlines()
    assert lines[:3] == ["Name:           agent", "Selector:       app=agent", "Node-Selector:  <none>"]


def test_load_balancer_ingress_shows_the_ip_mode():
    c = Cluster(nodes=1, seed=1)
    c.kubectl("create deployment web --image=nginx:1.27", echo=False)
    c.kubectl("expose deployment web --port=80 --type=LoadBalancer", echo=False)
    c.run(seconds=60)
    ip = c.get("services", "web")["status"]["loadBalancer"]["ingress"][0]["ip"]
    assert f"LoadBalancer Ingress:     {ip} (VIP)\n" in c.kubectl("describe svc web", echo=False).stdout


def test_custom_columns_honour_no_headers():
    c = Cluster(nodes=1, seed=1)
    out = c.kubectl("get ns default -o custom-columns=NAME:.metadata.name --no-headers", echo=False).stdout
    assert out == "default\n"
    out = c.kubectl("get ns default -o custom-columns=NAME:.metadata.name", echo=False).stdout
    assert out == "NAME\ndefault\n"


def test_describe_deployment_lists_old_replicasets_oldest_first():
    c = Cluster(nodes=1, seed=1)
    c.kubectl("create deployment web --image=nginx:1.27", echo=False)
    c.run(seconds=20)
    for tag in ("1.28", "1.29"):
        c.kubectl(f"set image deployment/web nginx=nginx:{tag}", echo=False)
        c.run(seconds=40)
    rss = sorted(c.list("replicasets", "default"), key=lambda r: r["metadata"]["creationTimestamp"])
    old = ", ".join(f"{r['metadata']['name']} (0/0 replicas created)" for r in rss[:2])
    assert rss[0]["metadata"]["name"] > rss[1]["metadata"]["name"]      # name order would differ
    assert f"OldReplicaSets:  {old}\n" in c.kubectl("describe deploy web", echo=False).stdout
