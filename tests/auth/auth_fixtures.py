"""The cluster most access-control tests start from: one node and a ServiceAccount ``app`` in ``default``.

A test module takes it with ``from auth_fixtures import c``.
"""

import pytest

from k8scourse import Cluster


@pytest.fixture
def c():
    cluster = Cluster(nodes=1, seed=0)
    assert cluster.kubectl("create sa app", echo=False).exit_code == 0
    return cluster
