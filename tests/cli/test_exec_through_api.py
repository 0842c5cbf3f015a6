"""``kubectl exec`` goes through the API server: ``pods/exec`` authorized as the real server does,
proxied to the pod's kubelet (refused when the kubelet cannot be reached), run there."""

from __future__ import annotations

import pytest

from k8scourse import Cluster


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(nodes=1, seed=3)
    c.kubectl("run web --image=nginx:1.27", echo=False)
    c.kubectl("create serviceaccount app", echo=False)
    c.kubectl("create role reader --verb=get,list --resource=pods", echo=False)
    c.kubectl("create rolebinding app-reads --role=reader --serviceaccount=default:app", echo=False)
    c.run(seconds=30)
    return c


def test_exec_runs_in_the_container(cluster):
    result = cluster.kubectl("exec web -- cat /etc/hostname", echo=False)
    assert (result.exit_code, result.stdout) == (0, "web\n")


def test_exec_needs_create_on_pods_exec(cluster):
    result = cluster.kubectl("exec web --as=system:serviceaccount:default:app -- ls /", echo=False)
    assert result.exit_code == 1
    assert result.stderr == ('Error from server (Forbidden): pods "web" is forbidden: User '
                             '"system:serviceaccount:default:app" cannot create resource "pods/exec" in API group "" '
                             'in the namespace "default"\n')


def test_logs_need_get_on_pods_log(cluster):
    result = cluster.kubectl("logs web --as=system:serviceaccount:default:app", echo=False)
    assert result.exit_code == 1
    assert 'cannot get resource "pods/log" in API group ""' in result.stderr


def test_a_container_named_wrong_is_the_api_servers_answer(cluster):
    result = cluster.kubectl("exec web -c nope -- ls", echo=False)
    assert (result.exit_code, result.stderr) == (
        1, "Error from server (BadRequest): container nope is not valid for pod web\n")


def test_a_stopped_kubelet_cannot_be_dialled():
    c = Cluster(nodes=1, seed=3)
    c.kubectl("run web --image=nginx:1.27", echo=False)
    c.run(seconds=30)
    node = c.list("nodes")[0]
    address = node["status"]["addresses"][0]["address"]
    c.faults.stop_kubelet(node["metadata"]["name"])
    result = c.kubectl("exec web -- ls", echo=False)
    assert (result.exit_code, result.stderr) == (
        1, f"Error from server: error dialing backend: dial tcp {address}:10250: connect: connection refused\n")
    c.faults.start_kubelet(node["metadata"]["name"])
    c.run(seconds=30)
    assert c.kubectl("exec web -- cat /etc/hostname", echo=False).stdout == "web\n"
