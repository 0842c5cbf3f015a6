"""One HTTP client, every caller: the same command line in the same situation prints the same bytes.

The callers: ``kubectl exec POD -- curl …`` (from a pod), the traffic tools with a node as the
source (from a node), ``cluster.curl`` (from the student's machine), ``az.curl`` (from the student's
machine into Azure), and a container's own shell (a pod's program running ``wget``/``curl``).
"""

from __future__ import annotations

import pytest

from k8scourse import Cluster
from k8scourse.cloud import Azure
from k8scourse.runtime.http_client import curl, run
from k8scourse.traffic import traffic_of
from k8scourse.traffic.tools import curl as tools_curl


@pytest.fixture(scope="module")
def world():
    c = Cluster(nodes=2, seed=0)
    c.kubectl("create deployment web --image=nginx:1.27 --replicas=2", echo=False)
    c.kubectl("expose deployment web --type=LoadBalancer --port=80", echo=False)
    c.kubectl("run client --image=nginx:1.27", echo=False)         # Debian-based: has curl
    c.kubectl("run bb --image=busybox:1.36 -- sleep 3600", echo=False)
    c.run(seconds=60)
    return c, Azure(seed=0)


def _exec(c, args: str):
    r = c.kubectl(f"exec client -- curl {args}", echo=False)
    err = r.stderr.replace(f"command terminated with exit code {r.exit_code}\n", "")
    return r.stdout, err, r.exit_code


def _outside(c, args: str):
    r = c.curl(args, echo=False)
    return r.stdout, r.stderr, r.exit_code


def _azure(az, args: str):
    r = az.curl(args, echo=False)
    return r.stdout, r.stderr, r.exit_code


def _node(c, args: list[str]):
    node = c.list("nodes")[0]["metadata"]["name"]
    r = tools_curl(traffic_of(c), node, "default", args)
    return r.out, r.err, r.code


@pytest.mark.parametrize("args", [
    "--nope http://web", "-o", "", "-m abc http://web", "-X POST http://web", "ftp://web/x",
    "-s -X DELETE http://web",
])
def test_command_line_rules_are_the_same_everywhere(world, args):
    c, az = world
    words = args.split()
    expected = run(curl(words, lambda *a: pytest.fail("no request for a bad command line")))
    want = (expected[1], expected[2], expected[0])
    assert _exec(c, args) == want
    assert _outside(c, args) == want
    assert _azure(az, args) == want
    assert _node(c, words) == want


@pytest.mark.parametrize("host", ["203.0.113.99", "nope.example.invalid"])
def test_nothing_there_fails_alike_from_the_laptop_and_into_azure(world, host):
    c, az = world
    assert _outside(c, f"http://{host}") == _azure(az, f"http://{host}")
    out, err, code = _outside(c, f"-s -S http://{host}")
    assert code in (6, 28) and err.startswith("curl: (6) Could not resolve host" if code == 6 else "curl: (28) ")


def test_a_load_balancer_answers_the_same_bytes_to_a_pod_a_node_and_the_outside(world):
    c, _ = world
    ip = c.get("services", "web")["status"]["loadBalancer"]["ingress"][0]["ip"]
    for args in (f"-s -i http://{ip}/", f"-s -o /dev/null -w %{{http_code}} http://{ip}/nope", f"-sI http://{ip}/",
                 f"-f -s -S http://{ip}/missing.html"):
        from_outside = _outside(c, args)
        assert from_outside == _exec(c, args) == _node(c, args.split()), args
    assert _outside(c, f"-s -o /dev/null -w %{{http_code}} http://{ip}/nope") == ("404", "", 0)


def test_a_pods_own_program_and_kubectl_exec_print_the_same(world):
    c, _ = world
    direct = c.kubectl("exec bb -- wget -qO- http://web", echo=False).stdout
    in_shell = c.kubectl("exec bb -- sh -c 'wget -qO- http://web'", echo=False).stdout
    assert direct == in_shell and "<title>Welcome to nginx!</title>" in direct
    pod = c.get("pods", "bb")
    runtime = c.kubelets[pod["spec"]["nodeName"]].runtime
    code, out = runtime.exec(pod["metadata"]["uid"], "bb", ["wget", "-qO-", "http://web"])
    assert code == 0 and out + "\n" == direct
    refused = c.kubectl("exec bb -- wget -qO- http://web:81", echo=False)
    assert refused.exit_code == 1 and refused.stderr.startswith("wget: can't connect to remote host (")
