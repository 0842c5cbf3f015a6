"""The "normal user" walkthrough over HTTPS: the real kubectl authenticates with the certificate the
cluster issued for a CertificateSigningRequest, and prints what the in-kernel kubectl prints."""

from __future__ import annotations

import base64
import os
import shlex
import sys

from cryptography.hazmat.primitives import serialization

from serve_fixtures import serve_cluster  # noqa: F401 - the fixture
from k8scourse import Cluster

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "cli"))
import csr_requests as R  # noqa: E402


def build() -> Cluster:
    """The walkthrough: myuser's request approved and issued, a Role to read pods bound to myuser."""
    c = Cluster(nodes=1, seed=0, clock="manual")
    for command, stdin in ((["create", "-f", "-"], R.myuser()), ("certificate approve myuser", None),
                           ("create role pod-reader --verb=get --verb=list --resource=pods", None),
                           ("create rolebinding myuser-pods --role=pod-reader --user=myuser", None)):
        assert c.kubectl(command, stdin=stdin, echo=False).exit_code == 0
    c.run(seconds=1)
    return c


STEPS = [
    "config set-credentials myuser --client-key=myuser.key --client-certificate=myuser.crt --embed-certs=true",
    "config set-context myuser --cluster=k8scourse --user=myuser",
    "--context myuser auth whoami",
    "--context myuser get pods",
    "--context myuser get services",
    "--context myuser auth can-i list pods",
    "--context myuser auth can-i create pods",
]


def test_issued_certificate_authenticates_the_real_kubectl(serve_cluster, tmp_path):  # noqa: F811
    served_cluster, twin = build(), build()
    key = R.key("myuser").private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                        serialization.NoEncryption())
    cert = base64.b64decode(served_cluster.api.get("certificatesigningrequests", "myuser", "")["status"]["certificate"])
    assert cert == base64.b64decode(twin.api.get("certificatesigningrequests", "myuser", "")["status"]["certificate"])
    (tmp_path / "myuser.key").write_bytes(key)
    (tmp_path / "myuser.crt").write_bytes(cert)
    served, real = serve_cluster(served_cluster, tls=True)
    twin._kubectl.cwd = str(tmp_path)
    assert served.context == "k8scourse"
    outputs = []
    for step in STEPS:
        got = twin.kubectl(shlex.split(step), echo=False)
        outputs.append(((got.stdout, got.stderr, got.exit_code), real(shlex.split(step))))
    for (mine, theirs), step in zip(outputs, STEPS):
        assert mine == theirs, step
    assert outputs[2][0][0] == "ATTRIBUTE   VALUE\nUsername    myuser\nGroups      [system:authenticated]\n"
    assert outputs[4][0][2] == 1            # services were not granted
    # a day later the 24h certificate has expired: both are refused (401)
    with served.lock:
        served_cluster.run(seconds=25 * 3600)
    twin.run(seconds=25 * 3600)
    expired = twin.kubectl(shlex.split("--context myuser get pods"), echo=False)
    assert (expired.stdout, expired.stderr, expired.exit_code) == real(shlex.split("--context myuser get pods"))
    assert expired.stderr == "error: You must be logged in to the server (Unauthorized)\n"


def test_a_certificate_the_cluster_did_not_sign_is_refused(serve_cluster, tmp_path):  # noqa: F811
    """A certificate from another cluster's CA (another seed) gets nobody in. Deliberate difference:
    Python's TLS stack verifies a client certificate it asked for during the handshake, so the
    connection fails (kubectl: ``Unable to connect to the server: EOF``) where kube-apiserver, which
    verifies in its authenticator, answers 401."""
    other = build()
    foreign = Cluster(nodes=1, seed=1, clock="manual")
    foreign.kubectl(["create", "-f", "-"], stdin=R.myuser(), echo=False)
    foreign.kubectl("certificate approve myuser", echo=False)
    foreign.run(seconds=1)
    cert = base64.b64decode(foreign.api.get("certificatesigningrequests", "myuser", "")["status"]["certificate"])
    (tmp_path / "myuser.key").write_bytes(R.key("myuser").private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()))
    (tmp_path / "myuser.crt").write_bytes(cert)
    served, real = serve_cluster(other, tls=True)
    for step in STEPS[:2]:
        assert real(shlex.split(step))[2] == 0
    out, err, code = real(shlex.split("--context myuser get pods"))
    # the handshake is refused; how kubectl words a broken handshake depends on when its retry saw
    # the connection go (EOF, or a reset of its previous attempt): nothing is listed either way
    assert (out, code) == ("", 1) and ("EOF" in err or "connection reset by peer" in err), err
