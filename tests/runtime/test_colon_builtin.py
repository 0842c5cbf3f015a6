"""The ``:`` builtin (POSIX: does nothing, succeeds) in both shells — ``while :; do …; done`` is the
loop of many Kubernetes examples."""

from __future__ import annotations

import pytest

from k8scourse import Cluster


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(nodes=1, seed=0)
    c.kubectl("run gnu --image=nginx:1.27", echo=False)
    c.kubectl(["run", "loop", "--image=busybox:1.36", "--", "sh", "-c", "while :; do echo tick; sleep 5; done"],
              echo=False)
    c.run(seconds=30)
    return c


@pytest.mark.parametrize("pod", ["gnu", "loop"])
def test_colon_succeeds_and_does_nothing(cluster, pod):
    result = cluster.kubectl(["exec", pod, "--", "sh", "-c", ": ignored words; echo rc=$?; : > /tmp/empty; "
                                                            "wc -c < /tmp/empty"], echo=False)
    assert (result.stdout.split(), result.stderr, result.exit_code) == (["rc=0", "0"], "", 0)


def test_a_while_colon_loop_runs(cluster):
    lines = cluster.kubectl("logs loop", echo=False).stdout.splitlines()
    assert len(lines) >= 3 and set(lines) == {"tick"}
