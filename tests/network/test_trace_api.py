"""cluster.trace and the TraceView widget, through the public surface."""

from __future__ import annotations

from k8scourse import Cluster

APP = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - {labelSelector: {matchLabels: {app: web}}, topologyKey: kubernetes.io/hostname}
      containers: [{name: web, image: "nginx:1.25", ports: [{containerPort: 80}]}]
"""


def build():
    c = Cluster(nodes=2, seed=0)
    c.apply(APP, echo=False)
    c.kubectl("expose deployment web --port=80", echo=False)
    c.kubectl("run client --image=busybox -- sleep 3600", echo=False)
    c.run(seconds=60)
    return c


def test_cluster_trace_to_a_service_names_the_dnat_and_the_endpoint():
    c = build()
    t = c.trace("pod/client", "svc/web", echo=False)
    assert t.ok
    frame = t.frame()
    assert list(frame.columns)[:3] == ["step", "node", "where"]
    text = t.text
    assert "KUBE-SVC-" in text and "DNAT" in text
    pods = {p["metadata"]["name"] for p in c.list("pods", "default", "app=web")}
    assert any(name in text for name in pods)


def test_trace_view_widget_is_stable_and_reports_the_outcome():
    from k8scourse.widgets import TraceView
    c = build()
    view = TraceView(c, "pod/client", "svc/web")
    first = repr(view)
    assert "TraceView" in first and "0x" not in first
    assert repr(TraceView(build(), "pod/client", "svc/web")) == first     # same seed, same text
    assert view.text() == TraceView(build(), "pod/client", "svc/web").text()
