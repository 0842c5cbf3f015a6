"""A pod reads the API with its token: ``https://kubernetes.default.svc`` through DNS, kube-proxy and the
API server's HTTPS endpoint, authorized as the pod's ServiceAccount.

The Status bodies are kube-apiserver's (pretty-printed for curl, as the "Access the Kubernetes API from
a Pod" tutorial shows them); curl's certificate error text was recorded with the real curl against a
server whose CA it was not given.
"""

import json

import pytest

from k8scourse import Cluster

SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"
CURL = (f"curl -sS -H \"Authorization: Bearer $(cat {SA_DIR}/token)\" --cacert {SA_DIR}/ca.crt "
        "https://kubernetes.default.svc")
FORBIDDEN_LIST = """{
  "kind": "Status",
  "apiVersion": "v1",
  "metadata": {},
  "status": "Failure",
  "message": "pods is forbidden: User \\"system:serviceaccount:default:app\\" cannot list resource \\"pods\\" in API group \\"\\" in the namespace \\"default\\"",
  "reason": "Forbidden",
  "details": {
    "kind": "pods"
  },
  "code": 403
}"""


@pytest.fixture
def c():
    cluster = Cluster(nodes=1, seed=0)
    assert cluster.kubectl("create sa app", echo=False).exit_code == 0
    cluster.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: client}\nspec:\n  serviceAccountName: app\n"
                  "  containers: [{name: c, image: 'nginx:1.27'}]\n", echo=False)
    cluster.kubectl("run bb --image=busybox:1.36 -- sleep 3600", echo=False)
    cluster.run(seconds=30)
    return cluster


def sh(c, pod, script):
    return c.kubectl(["exec", pod, "--", "sh", "-c", script], echo=False)


def test_the_pods_token_is_the_service_accounts_and_rbac_decides(c):
    r = sh(c, "client", CURL + "/api/v1/namespaces/default/pods")
    assert (r.exit_code, r.stdout, r.stderr) == (0, FORBIDDEN_LIST, "")
    c.kubectl("create role pod-reader --verb=get,list --resource=pods", echo=False)
    c.kubectl("create rolebinding app-reads-pods --role=pod-reader --serviceaccount=default:app", echo=False)
    listed = json.loads(sh(c, "client", CURL + "/api/v1/namespaces/default/pods").stdout)
    assert listed["kind"] == "PodList" and list(listed)[:4] == ["kind", "apiVersion", "metadata", "items"]
    assert sorted(p["metadata"]["name"] for p in listed["items"]) == ["bb", "client"]
    assert "kind" not in listed["items"][0]                      # typed lists: items carry no kind
    one = json.loads(sh(c, "client", CURL + "/api/v1/namespaces/default/pods/bb").stdout)
    assert list(one)[:3] == ["kind", "apiVersion", "metadata"] and one["metadata"]["name"] == "bb"
    # the role is namespaced: other namespaces and other resources stay closed
    assert json.loads(sh(c, "client", CURL + "/api/v1/namespaces/kube-system/pods").stdout)["code"] == 403
    assert json.loads(sh(c, "client", CURL + "/api/v1/namespaces/default/secrets").stdout)["code"] == 403
    selected = json.loads(sh(c, "client", CURL + "/api/v1/namespaces/default/pods?labelSelector=run%3Dbb").stdout)
    assert [p["metadata"]["name"] for p in selected["items"]] == ["bb"]


def test_without_the_cluster_ca_curl_refuses_the_certificate(c):
    r = c.kubectl("exec client -- curl -sS https://kubernetes.default.svc/api", echo=False)
    assert r.exit_code == 60
    assert r.stderr == ("curl: (60) SSL certificate problem: unable to get local issuer certificate\n"
                        "More details here: https://curl.se/docs/sslcerts.html\n\n"
                        "curl failed to verify the legitimacy of the server and therefore could not\n"
                        "establish a secure connection to it. To learn more about this situation and\n"
                        "how to fix it, please visit the web page mentioned above.\n"
                        "command terminated with exit code 60\n")
    quiet = c.kubectl("exec client -- curl -s https://kubernetes.default.svc/api", echo=False)
    assert (quiet.exit_code, quiet.stderr) == (60, "command terminated with exit code 60\n")
    missing = c.kubectl("exec client -- curl -sS --cacert /nope.crt https://kubernetes.default.svc/api", echo=False)
    assert missing.stderr.startswith("curl: (77) error setting certificate file: /nope.crt\n")


def test_anonymous_and_bad_tokens(c):
    anonymous = c.kubectl("exec client -- curl -sk https://kubernetes.default.svc/api", echo=False)
    assert json.loads(anonymous.stdout) == {
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": 'forbidden: User "system:anonymous" cannot get path "/api"', "reason": "Forbidden",
        "details": {}, "code": 403}
    assert c.kubectl("exec client -- curl -sk https://kubernetes.default.svc/healthz", echo=False).stdout == "ok"
    bad = c.kubectl(["exec", "client", "--", "curl", "-sk", "-H", "Authorization: Bearer nope",
                     "https://kubernetes.default.svc/api"], echo=False)
    assert bad.stdout == ('{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n'
                          '  "message": "Unauthorized",\n  "reason": "Unauthorized",\n  "code": 401\n}')


def test_discovery_as_the_tutorial_shows_it(c):
    r = sh(c, "client", CURL + "/api")
    doc = json.loads(r.stdout)
    assert doc["kind"] == "APIVersions" and doc["versions"] == ["v1"]
    assert doc["serverAddressByClientCIDRs"][0]["serverAddress"].endswith(":6443")
    head = sh(c, "client", CURL.replace("-sS", "-sS -i") + "/healthz").stdout
    assert head.startswith("HTTP/2 200 \r\naudit-id: ") and head.endswith("\r\n\r\nok")


def test_busybox_wget_warns_about_tls_and_sends_the_header(c):
    c.kubectl("create rolebinding default-view --clusterrole=view --serviceaccount=default:default", echo=False)
    r = sh(c, "bb", f"wget -qO- --header \"Authorization: Bearer $(cat {SA_DIR}/token)\" "
                    "https://kubernetes.default.svc/api/v1/namespaces/default/pods")
    assert r.exit_code == 0 and r.stderr == "wget: note: TLS certificate validation not implemented\n"
    assert json.loads(r.stdout)["kind"] == "PodList"
    denied = c.kubectl("exec bb -- wget -qO- https://kubernetes.default.svc/api", echo=False)
    assert denied.stderr == ("wget: note: TLS certificate validation not implemented\n"
                             "wget: server returned error: HTTP/1.1 403 Forbidden\n"
                             "command terminated with exit code 1\n")


def test_plain_http_to_the_tls_port_gets_gos_answer(c):
    r = c.kubectl("exec client -- curl -s -i http://kubernetes.default.svc:443/api", echo=False)
    assert r.stdout == "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"


def test_network_policy_can_cut_the_pod_off_the_api_server(c):
    c.apply("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: no-egress}\n"
            "spec: {podSelector: {}, policyTypes: [Egress], egress: [{ports: [{port: 53, protocol: UDP}]}]}\n",
            echo=False)
    r = c.kubectl("exec client -- curl -sS -m 2 -k https://kubernetes.default.svc/healthz", echo=False)
    assert r.exit_code == 28


def test_a_token_stops_working_when_its_pod_is_gone(c):
    token = c.kubectl(f"exec client -- cat {SA_DIR}/token", echo=False).stdout.strip()
    assert c.kubectl(f"auth whoami --token {token}", echo=False).exit_code == 0
    c.kubectl("delete pod client --grace-period=0 --force", echo=False)
    c.run(seconds=5)
    assert c.kubectl(f"auth whoami --token {token}", echo=False).stderr == \
        "error: You must be logged in to the server (Unauthorized)\n"


def test_the_trace_ends_at_the_api_server(c):
    trace = c.trace("pod/bb", "https://kubernetes.default.svc/healthz", echo=False)
    lines = trace.text.splitlines()
    assert '"default/kubernetes:https" -m tcp -j DNAT --to-destination' in trace.text and ":6443" in lines[-2]
    assert lines[-2].split()[1:4] == ["kube-apiserver", "kube-apiserver", "listens"]
    assert lines[-1].startswith("=> TLS: the client does not trust the API server's certificate")
