"""Shared manifests and helpers for the Service/DNS/traffic tests."""

from __future__ import annotations

from k8scourse import Cluster
from k8scourse.traffic import request

LECTURE_POD = """apiVersion: v1
kind: Pod
metadata:
  name: nginx
  labels: {app: nginx}
spec:
  containers:
  - name: nginx
    image: nginx:1.7.9
    ports:
    - containerPort: 8090
"""

LECTURE_SERVICE = """apiVersion: v1
kind: Service
metadata:
  name: my-service
spec:
  selector:
    app: myapp
  ports:
  - protocol: TCP
    port: 80
    targetPort: 9376
"""


def echo_deployment(name: str, text: str, replicas: int = 3, labels: dict | None = None, port: int = 9376) -> str:
    labels = labels or {"app": name}
    label_text = ", ".join(f"{k}: {v}" for k, v in labels.items())
    return f"""apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{{label_text}}}}}
  template:
    metadata: {{labels: {{{label_text}}}}}
    spec:
      containers:
      - name: echo
        image: hashicorp/http-echo:1.0
        args: ["-listen=:{port}", "-text={text}"]
        ports: [{{containerPort: {port}}}]
"""


def client_pod(c: Cluster, name: str = "client", image: str = "nginx:1.27", namespace: str = "default") -> None:
    c.kubectl(["run", name, f"--image={image}", "-n", namespace], echo=False)
    c.run(seconds=15)


def kubectl(c: Cluster, command):
    return c.kubectl(command, echo=False)


def get(c: Cluster, source: str, url: str, namespace: str = "default"):
    return request(c, source, url, namespace)
