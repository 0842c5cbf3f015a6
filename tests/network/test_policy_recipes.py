"""The classic NetworkPolicy recipes (after ahmetb/kubernetes-network-policy-recipes), each rebuilt
from its documented behaviour with our own manifests, checked with allowed and denied requests."""

from __future__ import annotations

import pytest
from nethelpers import cluster, ip, ok, pod, policy

from k8scourse.traffic import request

NAMESPACES = {"other": {"team": "other"}, "prod": {"purpose": "production"}}


@pytest.fixture
def c():
    return cluster(namespaces=NAMESPACES, pods=[
        pod("web", {"app": "web"}), pod("api", {"app": "api"}), pod("client", {"app": "client"}),
        pod("intruder", {"app": "intruder"}),
        pod("far", {"app": "client"}, "other"), pod("monitor", {"type": "monitoring"}, "prod"),
        pod("prodweb", {"app": "prodweb"}, "prod")])


def url(c, name, ns="default", port=80):
    return f"http://{ip(c, name, ns)}:{port}"


def test_01_deny_all_traffic_to_an_application(c):
    assert ok(c, "pod/client", url(c, "web"))
    policy(c, "{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: web-deny-all}, "
              "spec: {podSelector: {matchLabels: {app: web}}, ingress: []}}")
    r = request(c, "pod/client", url(c, "web"), advance=False)
    assert r.kind == "timeout" and "default/web-deny-all" in r.policy
    assert ok(c, "pod/client", url(c, "api"))           # other apps are untouched


def test_02_limit_traffic_to_an_application(c):
    policy(c, """
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-allow}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
  - from:
    - podSelector: {matchLabels: {app: client}}
""")
    assert ok(c, "pod/client", url(c, "api"))
    assert not ok(c, "pod/intruder", url(c, "api"))
    assert not ok(c, "pod/far", url(c, "api"), "other")     # podSelector alone: same namespace only


def test_03_allow_all_traffic_to_an_application(c):
    policy(c, "{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: web-deny-all}, "
              "spec: {podSelector: {matchLabels: {app: web}}, ingress: []}}")
    policy(c, "{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: web-allow-all}, "
              "spec: {podSelector: {matchLabels: {app: web}}, ingress: [{}]}}")
    assert ok(c, "pod/intruder", url(c, "web")) and ok(c, "pod/far", url(c, "web"), "other")
    assert ok(c, "outside", url(c, "web")) is False        # pod IPs are private anyway (routing, not policy)


def test_04_deny_all_non_whitelisted_traffic_in_a_namespace(c):
    policy(c, "{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: default-deny-all}, "
              "spec: {podSelector: {}, ingress: []}}")
    for target in ("web", "api", "client"):
        assert not ok(c, "pod/intruder", url(c, target))
    assert ok(c, "pod/client", url(c, "prodweb", "prod"))  # other namespaces are not affected


def test_05_deny_traffic_from_other_namespaces(c):
    policy(c, """
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: deny-from-other-namespaces}
spec:
  podSelector: {}
  ingress:
  - from:
    - podSelector: {}
""")
    assert ok(c, "pod/client", url(c, "web"))
    assert not ok(c, "pod/far", url(c, "web"), "other")


def test_06_allow_traffic_from_all_namespaces(c):
    policy(c, "{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: deny}, "
              "spec: {podSelector: {matchLabels: {app: web}}, ingress: []}}")
    policy(c, """
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: web-allow-all-namespaces}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from:
    - namespaceSelector: {}
""")
    assert ok(c, "pod/far", url(c, "web"), "other") and ok(c, "pod/monitor", url(c, "web"), "prod")
    assert ok(c, "pod/client", url(c, "web"))


def test_07_allow_traffic_from_a_namespace(c):
    policy(c, """
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: web-allow-prod}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {purpose: production}}
""")
    assert ok(c, "pod/monitor", url(c, "web"), "prod")
    assert not ok(c, "pod/far", url(c, "web"), "other")
    assert not ok(c, "pod/client", url(c, "web"))          # not even its own namespace


def test_08_allow_traffic_from_some_pods_in_another_namespace(c):
    policy(c, """
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: web-allow-all-ns-monitoring}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {purpose: production}}
      podSelector: {matchLabels: {type: monitoring}}
""")
    assert ok(c, "pod/monitor", url(c, "web"), "prod")       # both match (AND)
    assert not ok(c, "pod/prodweb", url(c, "web"), "prod")   # right namespace, wrong pod


def test_09_allow_external_clients(c):
    c.kubectl("expose pod web --port=80 --type=NodePort", echo=False)
    c.run(seconds=5)
    node_port = c.get("services", "web")["spec"]["ports"][0]["nodePort"]
    node_ip = c.list("nodes")[0]["status"]["addresses"][0]["address"]
    policy(c, "{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: deny}, "
              "spec: {podSelector: {matchLabels: {app: web}}, ingress: []}}")
    assert not ok(c, "outside", f"http://{node_ip}:{node_port}")
    policy(c, "{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: web-allow-external}, "
              "spec: {podSelector: {matchLabels: {app: web}}, ingress: [{from: []}]}}")
    assert ok(c, "outside", f"http://{node_ip}:{node_port}")


def test_10_allow_traffic_only_to_a_port(c):
    policy(c, """
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: api-allow-http}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
  - ports:
    - port: http
    from:
    - podSelector: {matchLabels: {app: client}}
""")
    assert ok(c, "pod/client", url(c, "api"))                 # the named port "http" is 80
    r = request(c, "pod/client", url(c, "api", port=8080), advance=False)
    assert r.kind == "timeout" and "api-allow-http" in r.policy
    policy(c, """
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: api-allow-range}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
  - ports: [{port: 8000, endPort: 9000}]
""")
    assert request(c, "pod/intruder", url(c, "api", port=8080), advance=False).kind == "refused"  # let through
    assert not ok(c, "pod/intruder", url(c, "api"))


def test_11_allow_traffic_with_multiple_selectors(c):
    policy(c, """
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: web-allow-services}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from:
    - podSelector: {matchLabels: {app: client}}
    - podSelector: {matchLabels: {app: api}}
""")
    assert ok(c, "pod/client", url(c, "web")) and ok(c, "pod/api", url(c, "web"))      # OR across peers
    assert not ok(c, "pod/intruder", url(c, "web"))


def test_12_deny_egress_traffic_from_an_application(c):
    policy(c, "{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: client-deny-egress}, "
              "spec: {podSelector: {matchLabels: {app: client}}, policyTypes: [Egress], egress: []}}")
    r = request(c, "pod/client", url(c, "web"), advance=False)
    assert r.kind == "timeout" and r.policy.startswith("egress from default/client denied")
    # and no DNS either: the name lookup times out
    assert request(c, "pod/client", "http://web", advance=False).kind == "dns-timeout"
    assert ok(c, "pod/intruder", url(c, "web"))


def test_13_deny_all_non_whitelisted_egress_in_a_namespace(c):
    policy(c, "{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: default-deny-egress}, "
              "spec: {podSelector: {}, policyTypes: [Egress], egress: []}}")
    assert not ok(c, "pod/intruder", url(c, "web")) and not ok(c, "pod/client", url(c, "prodweb", "prod"))
    assert ok(c, "pod/far", url(c, "web"), "other")           # ingress into default is still open


def test_14_deny_external_egress(c):
    policy(c, """
kind: NetworkPolicy
apiVersion: networking.k8s.io/v1
metadata: {name: client-deny-external-egress}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
  - ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
  - to:
    - namespaceSelector: {}
""")
    assert ok(c, "pod/client", "http://web.default.svc.cluster.local".replace("web.default.svc.cluster.local",
                                                                               ip(c, "web")))
    r = request(c, "pod/client", "http://93.184.215.14", advance=False)
    assert r.kind == "timeout" and "client-deny-external-egress" in r.policy


def test_15_allow_dns_egress(c):
    c.kubectl("expose pod web --port=80", echo=False)
    c.run(seconds=5)
    policy(c, "{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: deny-egress}, "
              "spec: {podSelector: {matchLabels: {app: client}}, policyTypes: [Egress], egress: []}}")
    assert request(c, "pod/client", "http://web", advance=False).kind == "dns-timeout"
    policy(c, """
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-dns}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
  - to:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
      podSelector: {matchLabels: {k8s-app: kube-dns}}
    ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
""")
    r = request(c, "pod/client", "http://web", advance=False)
    assert r.kind == "timeout" and r.address                  # the name resolves; HTTP is still denied
    policy(c, "{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: allow-web}, "
              "spec: {podSelector: {matchLabels: {app: client}}, policyTypes: [Egress], "
              "egress: [{to: [{podSelector: {matchLabels: {app: web}}}]}]}}")
    assert request(c, "pod/client", "http://web", advance=False).ok
