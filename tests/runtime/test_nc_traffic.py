"""``nc -z`` through the cluster's traffic model: DNS, Services, kube-proxy, NetworkPolicy, timeouts.

The init-container idiom ``until nc -z db 5432; do sleep 1; done`` has to wait for a real listener,
and a NetworkPolicy that drops the connection has to make ``nc -zv -w 2`` give up after two
simulated seconds.
"""

from __future__ import annotations

from k8scourse import Cluster


def test_nc_z_follows_services_and_listeners():
    c = Cluster(nodes=2, seed=0)
    c.apply("""
apiVersion: v1
kind: Pod
metadata: {name: db, labels: {app: db}}
spec:
  containers:
  - {name: db, image: "postgres:16-alpine", env: [{name: POSTGRES_PASSWORD, value: x}]}
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec: {selector: {app: db}, ports: [{port: 5432}]}
---
apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  initContainers:
  - name: wait-for-db
    image: busybox:1.36
    command: ["sh", "-c", "until nc -z db 5432; do echo waiting for db; sleep 2; done; echo db is up"]
  containers:
  - {name: app, image: "busybox:1.36", command: ["sleep", "3600"]}
""", echo=False)
    c.run(seconds=90)
    assert c.get("pods", "app")["status"]["phase"] == "Running"
    init_logs = str(c.kubectl("logs app -c wait-for-db", echo=False)).splitlines()
    assert init_logs[0] == "waiting for db" and init_logs[-1] == "db is up"
    k = lambda cmd: c.kubectl(cmd, echo=False)  # noqa: E731
    ip = c.get("services", "db")["spec"]["clusterIP"]
    r = k("exec app -- nc -zv db 5432")
    assert (r.stdout, r.stderr, r.exit_code) == ("", f"db ({ip}:5432) open\n", 0)
    r = k("exec app -- nc -z db 5433")
    assert r.exit_code == 1 and r.stderr == "command terminated with exit code 1\n"
    r = k("exec app -- nc -zv nosuchservice 80")
    assert r.stderr.startswith("nc: bad address 'nosuchservice'\n")


def test_network_policy_drops_the_connection_and_w_bounds_the_wait():
    c = Cluster(nodes=2, seed=0)
    c.kubectl("create deployment web --image=nginx:1.27", echo=False)
    c.kubectl("expose deployment web --port=80", echo=False)
    c.kubectl("run client --image=busybox:1.36 -- sleep 3600", echo=False)
    c.kubectl("run agn --image=registry.k8s.io/e2e-test-images/agnhost:2.45", echo=False)
    c.run(seconds=40)
    assert c.kubectl("exec client -- nc -z web 80", echo=False).exit_code == 0
    c.apply("""
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-web}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
""", echo=False)
    before = c.sim.now_ms
    r = c.kubectl("exec client -- nc -zv -w 2 web 80", echo=False)
    assert r.exit_code == 1 and r.stdout == "" and 2000 <= c.sim.now_ms - before < 3000
    # agnhost carries OpenBSD's netcat, which says why
    r = c.kubectl("exec agn -- nc -zv -w 2 web 80", echo=False)
    assert r.stderr.startswith("nc: connect to web port 80 (tcp) timed out: Operation now in progress\n")
    c.kubectl("delete networkpolicy deny-web", echo=False)
    ip = c.get("services", "web")["spec"]["clusterIP"]
    r = c.kubectl("exec agn -- nc -zv web 80", echo=False)
    assert r.stderr == f"Connection to web ({ip}) 80 port [tcp/http] succeeded!\n"
