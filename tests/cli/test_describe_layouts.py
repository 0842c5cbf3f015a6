"""Layouts found different from the real kubectl 1.32 (recorded against the served cluster)."""

from __future__ import annotations

import pytest

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


def test_errors_and_outputs_as_the_real_kubectl_prints_them():
    # each recorded with the real kubectl 1.32 against the same state, served
    c = Cluster(nodes=1, seed=1)
    c.kubectl("create deployment web --image=nginx:1.27", echo=False)
    c.kubectl("create configmap cfg --from-literal=a=b", echo=False)
    r = c.kubectl("scale deploy nope --replicas=2", echo=False)
    assert (r.exit_code, r.stderr) == (1, 'error: no objects passed to scale deployments.apps "nope" not found\n')
    r = c.kubectl("create configmap cfg --from-literal=a=b", echo=False)
    assert (r.exit_code, r.stderr) == (1, 'error: failed to create configmap: configmaps "cfg" already exists\n')
    r = c.kubectl("create secret generic cfg --from-literal=a=b", echo=False)
    r = c.kubectl("create secret generic cfg --from-literal=a=b", echo=False)
    assert r.stderr == 'error: failed to create secret secrets "cfg" already exists\n'
    r = c.kubectl("create namespace default", echo=False)
    assert r.stderr == 'Error from server (AlreadyExists): namespaces "default" already exists\n'
    assert c.kubectl("label deploy web a=b --dry-run=client -o name", echo=False).stdout == "deployment.apps/web\n"
    out = c.kubectl("annotate deploy web a=b --dry-run=client -o yaml", echo=False).stdout
    assert out.startswith("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n    a: b\n")
    assert "a" not in (c.get("deployments", "web")["metadata"].get("annotations") or {})


def test_set_image_wraps_the_servers_refusal():
    c = Cluster(nodes=1, seed=1)
    c.kubectl("create deployment web --image=nginx:1.27", echo=False)
    r = c.kubectl("set image deploy/web nginx=", echo=False)
    assert (r.exit_code, r.stderr) == (1, 'error: failed to patch image update to pod template: Deployment.apps "web" '
                                          'is invalid: spec.template.spec.containers[0].image: Required value\n')


def test_top_without_a_subcommand_prints_its_help_and_fails():
    r = Cluster(nodes=1, seed=1).kubectl("top", echo=False)
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr.startswith("Display resource (CPU/memory) usage.\n\n The top command allows you")


@pytest.mark.parametrize("command, stderr", [
    ("logs", "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required "
             "argument for the logs command\nSee 'kubectl logs -h' for help and examples\n"),
    ("annotate", "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n"),
    ("label pods", "error: at least one label update is required\n"),
    ("taint nodes", "error: at least one taint update is required\n"),
    ("wait", 'error: unrecognized condition: ""\n'),
    ("apply", "error: must specify one of -f and -k\n"),
    ("create service clusterip", "error: exactly one NAME is required, got 0\n"
                                 "See 'kubectl create service clusterip -h' for help and examples\n"),
    ("create deployment --image=nginx", "error: exactly one NAME is required, got 0\n"
                                        "See 'kubectl create deployment -h' for help and examples\n"),
])
def test_argument_errors_as_the_real_kubectl_words_them(command, stderr):
    r = Cluster(nodes=1, seed=1).kubectl(command, echo=False)
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", stderr)
