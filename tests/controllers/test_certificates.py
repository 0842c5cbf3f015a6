"""CertificateSigningRequests end to end: validation, approval, kube-controller-manager's signer and approver."""

from __future__ import annotations

import base64
import datetime as dt
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "cli"))
import csr_requests as R  # noqa: E402

from cryptography import x509  # noqa: E402
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID  # noqa: E402

from k8scourse import Cluster  # noqa: E402
from k8scourse.apiserver.authentication import certificate_user  # noqa: E402
from k8scourse.apiserver.cluster_ca import authority  # noqa: E402
from k8scourse.errors import APIError  # noqa: E402


@pytest.fixture
def c():
    return Cluster(nodes=1, seed=0, clock="manual")


def create(c, manifest: str):
    result = c.kubectl(["create", "-f", "-"], stdin=manifest, echo=False)
    assert result.exit_code == 0, result.stderr
    return result


def approve(c, name: str):
    result = c.kubectl(["certificate", "approve", name], echo=False)
    assert result.exit_code == 0, result.stderr


def issued(c, name: str) -> x509.Certificate:
    pem = base64.b64decode(c.api.get("certificatesigningrequests", name, "")["status"]["certificate"])
    return x509.load_pem_x509_certificate(pem)


def conditions(c, name: str) -> list[str]:
    return [x["type"] for x in (c.api.get("certificatesigningrequests", name, "").get("status") or {})
            .get("conditions") or []]


def test_walkthrough_signs_an_approved_request_with_the_cluster_ca(c):
    create(c, R.myuser())
    csr = c.api.get("certificatesigningrequests", "myuser", "")
    assert csr["spec"]["username"] == "masterclient" and csr["status"] == {}
    c.run(seconds=30)
    assert "certificate" not in c.api.get("certificatesigningrequests", "myuser", "")["status"]   # pending
    approve(c, "myuser")
    now = dt.datetime.fromtimestamp(c.sim.clock.unix_ms() // 1000, tz=dt.timezone.utc)    # signed at once
    c.run(seconds=1)
    cert = issued(c, "myuser")
    ca = authority(c.sim)
    ca.key.public_key().verify(cert.signature, cert.tbs_certificate_bytes)     # signed by the cluster CA
    assert cert.issuer == ca.certificate.subject
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "myuser"
    assert cert.public_key().public_numbers() == R.key("myuser").public_key().public_numbers()
    assert cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value == \
        x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH])
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    # times are the simulated clock's: backdated five minutes, 24h (expirationSeconds) after that
    assert cert.not_valid_before_utc == now - dt.timedelta(minutes=5)
    assert cert.not_valid_after_utc == cert.not_valid_before_utc + dt.timedelta(hours=24)
    out = c.kubectl("get csr myuser", echo=False).stdout
    assert out.splitlines()[1].split()[-1] == "Approved,Issued"


def test_the_same_cluster_issues_the_same_bytes(c):
    def run_once():
        cluster = Cluster(nodes=1, seed=0, clock="manual")
        create(cluster, R.myuser())
        approve(cluster, "myuser")
        cluster.run(seconds=1)
        return cluster.api.get("certificatesigningrequests", "myuser", "")["status"]["certificate"]
    assert run_once() == run_once()


@pytest.mark.parametrize("expiration, hours", [(None, 365 * 24), (600, 1 / 6), (3600, 1), (10 ** 9, 365 * 24)])
def test_expiration_seconds_is_honoured_within_the_signing_duration(c, expiration, hours):
    create(c, R.myuser(expiration=expiration))
    approve(c, "myuser")
    now = dt.datetime.fromtimestamp(c.sim.clock.unix_ms() // 1000, tz=dt.timezone.utc)
    c.run(seconds=1)
    cert = issued(c, "myuser")
    ttl = dt.timedelta(hours=hours)
    # a short-lived certificate (< 8h) is not backdated at its end
    end = now + ttl if ttl < dt.timedelta(hours=8) else now - dt.timedelta(minutes=5) + ttl
    assert cert.not_valid_after_utc == end


def test_denied_request_is_never_signed(c):
    create(c, R.myuser())
    assert c.kubectl("certificate deny myuser", echo=False).exit_code == 0
    c.run(seconds=60)
    assert conditions(c, "myuser") == ["Denied"]
    assert "certificate" not in c.api.get("certificatesigningrequests", "myuser", "")["status"]
    refused = c.kubectl("certificate approve myuser", echo=False)
    assert refused.exit_code == 1 and "already Denied" in refused.stderr
    # the API server refuses both conditions even when a client sends them (mutually exclusive)
    csr = c.api.get("certificatesigningrequests", "myuser", "")
    csr["status"]["conditions"].append({"type": "Approved", "status": "True"})
    with pytest.raises(APIError, match="Approved and Denied conditions are mutually exclusive"):
        c.api.update_approval(csr)


def test_signer_rules_fail_bad_requests(c):
    create(c, R.myuser("bad", usages=("server auth",)))
    bad_node = R.manifest("node-bad", R.request_b64("system:node:n1", ("devs",), key_name="node"),
                          signer="kubernetes.io/kube-apiserver-client-kubelet",
                          usages=("digital signature", "client auth"), expiration=None)
    create(c, bad_node)
    no_san = R.manifest("serving-bad", R.request_b64("system:node:n1", ("system:nodes",), key_name="node"),
                        signer="kubernetes.io/kubelet-serving", usages=("digital signature", "server auth"))
    create(c, no_san)
    for name in ("bad", "node-bad", "serving-bad"):
        approve(c, name)
    c.run(seconds=1)
    messages = {}
    for name in ("bad", "node-bad", "serving-bad"):
        csr = c.api.get("certificatesigningrequests", name, "")
        assert "certificate" not in csr["status"]
        failed = csr["status"]["conditions"][-1]
        assert (failed["type"], failed["reason"]) == ("Failed", "SignerValidationFailure")
        messages[name] = failed["message"]
    assert messages == {"bad": "invalid usage for client certificate: server auth",
                        "node-bad": "subject organization is not system:nodes",
                        "serving-bad": "DNS or IP subjectAltName is required"}


def test_kubelet_serving_and_client_requests(c):
    create(c, R.kubelet_serving())
    create(c, R.kubelet_client())
    c.run(seconds=1)
    # the kubelet client request was auto-approved (its requester may create nodeclient requests)
    assert conditions(c, "node-csr-node1") == ["Approved"]
    assert c.api.get("certificatesigningrequests", "node-csr-node1", "")["status"]["conditions"][0]["reason"] \
        == "AutoApproved"
    assert conditions(c, "serving-node1") == []          # serving certificates are approved by hand
    approve(c, "serving-node1")
    c.run(seconds=1)
    sans = issued(c, "serving-node1").extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert sans.get_values_for_type(x509.DNSName) == ["node1"]
    assert issued(c, "node-csr-node1").subject.rfc4514_string() == "CN=system:node:node1,O=system:nodes"


def test_other_signers_are_left_alone(c):
    create(c, R.myuser("custom", signer="example.com/my-signer"))
    approve(c, "custom")
    c.run(seconds=60)
    assert conditions(c, "custom") == ["Approved"]
    assert "certificate" not in c.api.get("certificatesigningrequests", "custom", "")["status"]


@pytest.mark.parametrize("manifest, message", [
    (R.manifest("x", base64.b64encode(b"nope").decode()), "PEM block type must be CERTIFICATE REQUEST"),
    (R.myuser("x", expiration=599), "may not specify a duration less than 600 seconds"),
    (R.myuser("x", signer="kubernetes.io/legacy-unknown"), "the legacy signerName is not allowed"),
    (R.myuser("x", signer="nodomain/x"), "should be a domain with at least two segments"),
    (R.myuser("x", usages=("client auth", "flying")), 'Unsupported value: "flying"'),
    (R.myuser("x", usages=("client auth", "client auth")), 'Duplicate value: "client auth"'),
])
def test_invalid_requests_change_nothing(c, manifest, message):
    before = c.api.store.revision
    result = c.kubectl(["create", "-f", "-"], stdin=manifest, echo=False)
    assert result.exit_code == 1 and message in result.stderr
    assert c.api.store.revision == before
    assert c.api.peek("certificatesigningrequests", "x", "") is None


def test_updates_cannot_forge_approval_or_certificates(c):
    create(c, R.myuser())
    csr = c.api.get("certificatesigningrequests", "myuser", "")
    csr["status"] = {"conditions": [{"type": "Approved", "status": "True"}]}
    with pytest.raises(APIError, match='updates may not add a condition of type "Approved"'):
        c.api.as_user(certificate_user("masterclient", ["system:masters"])).update_status(csr)
    # the approval subresource takes only the conditions: a certificate sent along is dropped
    csr["status"] = {"certificate": base64.b64encode(authority(c.sim).pem).decode()}
    assert "certificate" not in c.api.update_approval(csr)["status"]
    # setting a certificate goes through /status, once: an issued one may not change
    csr["status"] = {"certificate": base64.b64encode(authority(c.sim).pem).decode()}
    c.api.update_status(csr, trusted=False)
    csr["status"]["certificate"] = base64.b64encode(authority(Cluster(nodes=0, seed=1).sim).pem).decode()
    with pytest.raises(APIError, match="updates may not modify existing certificate content"):
        c.api.update_status(csr, trusted=False)
    # the main resource keeps spec and status as stored
    csr = c.api.get("certificatesigningrequests", "myuser", "")
    csr["spec"]["signerName"] = "example.com/other"
    updated = c.api.update(csr)
    assert updated["spec"]["signerName"] == "kubernetes.io/kube-apiserver-client"


def test_approval_needs_approve_on_the_signer(c):
    c.kubectl(["apply", "-f", "-"], stdin="""apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: approver}
rules:
- {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests], verbs: [get]}
- {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}
- {apiGroups: [certificates.k8s.io], resources: [signers], resourceNames: ["example.com/*"], verbs: [approve]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: approver}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: approver}
subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: jane}]
""", echo=False)
    create(c, R.myuser())
    create(c, R.myuser("custom", signer="example.com/my-signer"))
    refused = c.kubectl("certificate approve myuser --as=jane", echo=False)
    assert refused.exit_code == 1 and 'user not permitted to approve requests with signerName ' \
        '"kubernetes.io/kube-apiserver-client"' in refused.stderr
    assert conditions(c, "myuser") == []
    assert c.kubectl("certificate approve custom --as=jane", echo=False).exit_code == 0   # domain/* grants it
    assert conditions(c, "custom") == ["Approved"]


def test_system_masters_requests_are_refused_for_the_client_signer(c):
    result = c.kubectl(["create", "-f", "-"], stdin=R.manifest("root", R.request_b64("root", ("system:masters",))),
                       echo=False)
    assert result.exit_code == 1
    assert "use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed" in result.stderr


def test_the_served_approval_subresource(c):
    """PUT/PATCH/GET …/certificatesigningrequests/NAME/approval on the REST front (what kubectl sends)."""
    import json
    from k8scourse.apiserver.user import UserInfo
    from k8scourse.serve.rest import RestAPI
    create(c, R.myuser())
    rest = RestAPI(c.engine)
    admin = UserInfo("kubernetes-admin", "", ("system:masters", "system:authenticated"))
    jane = UserInfo("jane", "", ("system:authenticated",))
    path = "/apis/certificates.k8s.io/v1/certificatesigningrequests/myuser/approval"
    assert rest.handle("GET", path, {}, {}, b"", admin.name, admin).body["metadata"]["name"] == "myuser"
    patch = json.dumps({"status": {"conditions": [{"type": "Approved", "status": "True", "reason": "R"}]}}).encode()
    merge = {"Content-Type": "application/merge-patch+json"}
    refused = rest.handle("PATCH", path, {}, merge, patch, jane.name, jane)
    assert refused.status == 403 and conditions(c, "myuser") == []
    csr = c.api.get("certificatesigningrequests", "myuser", "")
    csr["status"]["conditions"] = [{"type": "Denied", "status": "True", "reason": "R"}]
    put = rest.handle("PUT", path, {}, {"Content-Type": "application/json"}, json.dumps(csr).encode(), admin.name, admin)
    assert put.status == 200 and conditions(c, "myuser") == ["Denied"]
    both = rest.handle("PATCH", path, {}, {"Content-Type": "application/json-patch+json"}, json.dumps(
        [{"op": "add", "path": "/status/conditions/-", "value": {"type": "Approved", "status": "True"}}]).encode(),
        admin.name, admin)
    assert both.status == 422 and "mutually exclusive" in both.body["message"]


def test_the_cleaner_deletes_finished_and_stale_requests(c):
    """csrcleaner (hourly): issued and denied requests an hour after the condition, pending a day after
    creation; approved ones no signer of the cluster issues stay."""
    create(c, R.myuser())
    create(c, R.myuser("carol"))
    create(c, R.myuser("dave"))
    create(c, R.myuser("custom", signer="example.com/my-signer"))
    approve(c, "myuser")
    approve(c, "custom")
    assert c.kubectl("certificate deny carol", echo=False).exit_code == 0
    c.run(seconds=3600)
    names = {o["metadata"]["name"] for o in c.api.list("certificatesigningrequests")["items"]}
    assert names == {"myuser", "carol", "dave", "custom"}          # the pass at 1h: not older than an hour yet
    c.run(seconds=3600)
    names = {o["metadata"]["name"] for o in c.api.list("certificatesigningrequests")["items"]}
    assert names == {"dave", "custom"}
    c.run(seconds=23 * 3600)         # the first pass past a day after its creation
    names = {o["metadata"]["name"] for o in c.api.list("certificatesigningrequests")["items"]}
    assert names == {"custom"}


def test_served_create_records_the_authenticated_requester(c):
    """``POST …/certificatesigningrequests``: spec.username/groups are the request's user, whatever
    the body says."""
    import json

    import yaml
    from k8scourse.apiserver.user import UserInfo
    from k8scourse.serve.rest import RestAPI
    rest = RestAPI(c.engine)
    admin = UserInfo("kubernetes-admin", "", ("system:masters", "system:authenticated"))
    body = yaml.safe_load(R.myuser())
    body["spec"].update(username="someone-else", groups=["system:masters"])
    reply = rest.handle("POST", "/apis/certificates.k8s.io/v1/certificatesigningrequests", {},
                        {"Content-Type": "application/json"}, json.dumps(body).encode(), admin.name, admin)
    assert reply.status == 201
    spec = c.api.get("certificatesigningrequests", "myuser", "")["spec"]
    assert (spec["username"], spec["groups"]) == ("kubernetes-admin", ["system:masters", "system:authenticated"])


def test_an_approval_is_recorded_in_managed_fields_under_the_approvers_manager():
    """``PUT …/approval`` is an Update of the ``approval`` subresource: its entry owns the condition
    (kube-apiserver records one per subresource); the signer's certificate is kube-controller-manager's
    ``status`` entry."""
    c = Cluster(nodes=1, seed=0, clock="manual")
    c.kubectl(["create", "-f", "-"], stdin=R.myuser(), echo=False)
    c.kubectl("certificate approve myuser", echo=False)
    c.run(seconds=1)
    entries = c.api.get("certificatesigningrequests", "myuser", "")["metadata"]["managedFields"]
    by_sub = {(e["manager"], e.get("subresource", "")): e["fieldsV1"] for e in entries}
    approved = by_sub[("kubectl", "approval")]["f:status"]["f:conditions"]['k:{"type":"Approved"}']
    assert {"f:type", "f:status", "f:reason", "f:message"} <= set(approved)
    assert by_sub[("kube-controller-manager", "status")] == {"f:status": {"f:certificate": {}}}
