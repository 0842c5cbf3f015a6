"""One grep for every shell: regular expressions in a container's shell (BusyBox or GNU) as in the
student's own shell (before, the containers' grep matched fixed strings: ``grep ^web`` found nothing)."""

from __future__ import annotations

import pytest

from k8scourse import Cluster


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(nodes=1, seed=0)
    c.kubectl("run gnu --image=nginx:1.27", echo=False)
    c.kubectl("run bb --image=busybox:1.36 -- sleep 3600", echo=False)
    c.run(seconds=30)
    return c


@pytest.mark.parametrize("pod", ["gnu", "bb"])
@pytest.mark.parametrize("command, out, code", [
    ("printf 'web1\\nxweb\\nabc\\n' | grep ^web", "web1\n", 0),
    ("printf 'a1\\nb\\nc22\\n' | grep -c '[0-9]$'", "2\n", 0),
    ("printf 'a1\\nb\\n' | grep -E 'a[0-9]+|^b$'", "a1\nb\n", 0),
    ("printf 'A.b\\naxb\\n' | grep -F 'a.b' -i", "A.b\n", 0),
    ("printf 'one\\ntwo\\n' | grep -v o", "", 1),
    ("printf 'cat\\ncatalog\\n' | grep -w cat", "cat\n", 0),
])
def test_container_grep_matches_regular_expressions(cluster, pod, command, out, code):
    result = cluster.kubectl(["exec", pod, "--", "sh", "-c", command], echo=False)
    assert (result.stdout, result.exit_code) == (out, code)
