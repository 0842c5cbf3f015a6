"""kubectl while the API server does not answer: the real kubectl 1.32's texts (recorded against a
closed port and an unresolvable name, see k8scourse/cli/kubectl/unreachable.py)."""

from __future__ import annotations

import re

import pytest

from k8scourse import Cluster

HOST = "k8scourse-dns-7a024204.hcp.eastus.azmk8s.io:443"
REFUSED = f"The connection to the server {HOST} was refused - did you specify the right host or port?\n"
KLOG = re.compile(r'^E\d{4} \d\d:\d\d:\d\d\.\d{6}   20810 memcache\.go:265\] "Unhandled Error" '
                  r'err="couldn\'t get current server API group list: Get \\"https://' + re.escape(HOST)
                  + r'/api\?timeout=32s\\": dial tcp 20\.155\.162\.86:443: connect: connection refused"$')


@pytest.fixture(scope="module")
def stopped():
    c = Cluster(nodes=1, seed=0)
    c.faults.stop("apiserver")
    return c


@pytest.mark.parametrize("command, logged", [("get pods", 5), ("describe pod x", 5), ("logs x", 4),
                                             ("scale deploy/x --replicas=2", 4), ("auth whoami", 0),
                                             ("top nodes", 0), ("run x --image=nginx", 1)])
def test_refused_after_the_discovery_clients_complaints(stopped, command, logged):
    r = stopped.kubectl(command, echo=False)
    lines = r.stderr.splitlines(keepends=True)
    assert (r.exit_code, r.stdout, lines[-1]) == (1, "", REFUSED)
    assert len(lines) == logged + 1 and all(KLOG.match(line.rstrip("\n")) for line in lines[:-1])


def test_writes_without_discovery_say_what_they_failed_to_create(stopped):
    r = stopped.kubectl("create deployment x --image=nginx", echo=False)
    assert r.stderr == (f'error: failed to create deployment: Post "https://{HOST}/apis/apps/v1/namespaces/default/'
                        'deployments?fieldManager=kubectl-create&fieldValidation=Strict": dial tcp 20.155.162.86:443: '
                        'connect: connection refused\n')
    r = stopped.kubectl("create secret generic s --from-literal=a=b -n dev", echo=False)
    assert r.stderr.startswith(f'error: failed to create secret Post "https://{HOST}/api/v1/namespaces/dev/secrets?')


def test_version_prints_the_client_then_fails(stopped):
    r = stopped.kubectl("version", echo=False)
    assert (r.exit_code, r.stdout, r.stderr) == (1, "Client Version: v1.32.4\nKustomize Version: v5.5.0\n", REFUSED)
    assert stopped.kubectl("version --client", echo=False).exit_code == 0


def test_nothing_changes_and_the_next_command_works_once_it_is_back():
    c = Cluster(nodes=1, seed=0)
    c.faults.stop("apiserver")
    c.kubectl("create deployment x --image=nginx", echo=False)
    c.faults.start("apiserver")
    assert c.kubectl("get deploy", echo=False).stderr == "No resources found in default namespace.\n"


def test_a_deleted_clusters_name_does_not_resolve():
    c = Cluster(nodes=1, seed=0)
    c.engine.shutdown()
    r = c.kubectl("get pods", echo=False)
    assert r.stderr.splitlines()[-1] == (f"Unable to connect to the server: dial tcp: lookup {HOST[:-4]} on "
                                         "168.63.129.16:53: no such host")
