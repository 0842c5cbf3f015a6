"""Cluster DNS from pods: search path, headless Services, SRV, pod records, ExternalName, DNS down."""

from __future__ import annotations

from netsvc_helpers import client_pod, echo_deployment, kubectl

from k8scourse import Cluster
from k8scourse.traffic import request

HEADLESS = """apiVersion: v1
kind: Service
metadata: {name: web-headless}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 9376}]
"""


def cluster() -> Cluster:
    c = Cluster(nodes=3, seed=0)
    c.apply(echo_deployment("web", "hi") + "---\n" + HEADLESS + """---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 9376}]
""", echo=False)
    c.kubectl("create namespace dev", echo=False)
    # the kubernetes.io DNS-debugging pod's image: Alpine with bind-tools (dig, BIND nslookup) and curl
    client_pod(c, image="registry.k8s.io/e2e-test-images/agnhost:2.39")
    client_pod(c, "tools", "busybox:1.36", namespace="dev")
    c.kubectl(["run", "sleeper", "--image=busybox:1.36", "-n", "dev", "--", "sleep", "3600"], echo=False)
    c.run(seconds=20)
    return c


def test_kube_dns_service_and_coredns_deployment_exist():
    c = Cluster(nodes=2, seed=0)
    c.run(seconds=40)
    svc = c.get("services", "kube-dns", "kube-system")
    assert svc["spec"]["clusterIP"] == "10.96.0.10"
    assert svc["metadata"]["labels"] == {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true",
                                         "kubernetes.io/name": "CoreDNS"}
    assert "CoreDNS is running at " in kubectl(c, "cluster-info")
    rows = kubectl(c, "get deploy coredns -n kube-system").splitlines()[1].split()
    assert rows[:2] == ["coredns", "2/2"]
    image = c.get("deployments", "coredns", "kube-system")["spec"]["template"]["spec"]["containers"][0]["image"]
    assert image == "registry.k8s.io/coredns/coredns:v1.11.3"


def test_resolv_conf_and_search_path_from_a_pod():
    c = cluster()
    conf = kubectl(c, "exec client -- cat /etc/resolv.conf").stdout
    assert conf == ("search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\n"
                    "options ndots:5\n")
    ip = c.get("services", "web")["spec"]["clusterIP"]
    out = kubectl(c, "exec client -- nslookup web").stdout
    assert out == (f"Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n"
                   f"Name:\tweb.default.svc.cluster.local\nAddress: {ip}\n\n")
    # from another namespace the short name does not resolve, <svc>.<ns> does
    r = kubectl(c, "exec -n dev sleeper -- nslookup web")
    assert r.exit_code == 1 and "** server can't find web: NXDOMAIN" in r.stdout
    assert "Address:\t10.96.0.10:53" in r.stdout          # busybox's nslookup format
    assert f"Address: {ip}" in kubectl(c, "exec -n dev sleeper -- nslookup web.default").stdout
    assert request(c, "pod/sleeper", "http://web.default", namespace="dev").body == "hi\n"
    assert kubectl(c, "exec client -- getent hosts web").stdout == f"{ip:<15} web.default.svc.cluster.local\n"
    # dig does not use the search list unless told to
    assert kubectl(c, "exec client -- dig +short web").stdout == ""
    assert kubectl(c, "exec client -- dig +short +search web").stdout == f"{ip}\n"


def test_headless_service_returns_the_ready_pod_ips_and_srv_records():
    c = cluster()
    pod_ips = sorted((p["status"]["podIP"] for p in c.list("pods", "default", "app=web")),
                     key=lambda ip: tuple(map(int, ip.split("."))))
    out = kubectl(c, "exec client -- dig +short web-headless.default.svc.cluster.local").stdout
    assert out.split() == pod_ips
    assert kubectl(c, "get svc web-headless").splitlines()[1].split()[2] == "None"
    srv = kubectl(c, "exec client -- dig +short _http._tcp.web.default.svc.cluster.local SRV").stdout
    assert srv == "0 100 80 web.default.svc.cluster.local.\n"
    dashed = pod_ips[0].replace(".", "-")
    assert kubectl(c, f"exec client -- dig +short {dashed}.default.pod.cluster.local").stdout == pod_ips[0] + "\n"


def test_statefulset_style_hostname_and_subdomain_records():
    c = cluster()
    c.apply("""apiVersion: v1
kind: Pod
metadata: {name: db-0, labels: {app: web}}
spec:
  hostname: db-0
  subdomain: web-headless
  containers:
  - {name: echo, image: "hashicorp/http-echo:1.0", args: ["-listen=:9376", "-text=db"]}
""", echo=False)
    c.run(seconds=20)
    ip = c.get("pods", "db-0")["status"]["podIP"]
    out = kubectl(c, "exec client -- nslookup db-0.web-headless").stdout
    assert f"Name:\tdb-0.web-headless.default.svc.cluster.local\nAddress: {ip}\n" in out
    assert request(c, "pod/client", "http://db-0.web-headless:9376").body == "db\n"


def test_external_name_is_a_cname():
    c = cluster()
    kubectl(c, "create service externalname my-db --external-name example.com")
    out = kubectl(c, "exec client -- nslookup my-db").stdout
    assert "my-db.default.svc.cluster.local\tcanonical name = example.com.\n" in out
    assert "Name:\texample.com\nAddress: 93.184.215.14\n" in out
    assert kubectl(c, "exec client -- dig +short +search my-db").stdout == "example.com.\n93.184.215.14\n"
    assert kubectl(c, "get svc my-db").splitlines()[1].split()[3] == "example.com"


def test_unknown_names_are_nxdomain_and_dns_down_times_out():
    c = cluster()
    r = kubectl(c, "exec client -- curl -s -S http://nope")
    assert r.stderr.startswith("curl: (6) Could not resolve host: nope\n")
    kubectl(c, "scale deployment coredns -n kube-system --replicas=0")
    c.run(seconds=40)
    before = c.sim.now_ms
    r = kubectl(c, "exec client -- nslookup web")
    assert r.stdout == ";; connection timed out; no servers could be reached\n\n" and r.exit_code == 1
    assert c.sim.now_ms - before >= 10_000
    r = kubectl(c, "exec client -- curl web")
    assert "curl: (6) Could not resolve host: web" in r.stderr
    # addresses still work without DNS
    ip = c.get("services", "web")["spec"]["clusterIP"]
    assert request(c, "pod/client", f"http://{ip}").body == "hi\n"
    kubectl(c, "scale deployment coredns -n kube-system --replicas=2")
    c.run(seconds=60)
    assert kubectl(c, "exec client -- nslookup web").exit_code == 0
