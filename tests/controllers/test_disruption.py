"""PodDisruptionBudget status and the eviction subresource."""

from __future__ import annotations

import pytest

from k8scourse import Cluster
from k8scourse.errors import APIError


def _cluster(pdb_spec: str, replicas=3):
    c = Cluster(nodes=3, seed=3)
    c.kubectl(f"create deployment web --image=nginx --replicas={replicas}", echo=False)
    c.apply(f"""apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {{name: web}}
spec:
  {pdb_spec}
  selector: {{matchLabels: {{app: web}}}}
""", echo=False)
    c.run(seconds=30)
    return c


def _status(c):
    return c.get("poddisruptionbudgets", "web")["status"]


def test_min_available_status():
    st = _status(_cluster("minAvailable: 2"))
    assert (st["currentHealthy"], st["desiredHealthy"], st["disruptionsAllowed"], st["expectedPods"]) == (3, 2, 1, 3)
    cond = st["conditions"][0]
    assert (cond["type"], cond["status"], cond["reason"]) == ("DisruptionAllowed", "True", "SufficientPods")
    assert st["observedGeneration"] == 1


def test_max_unavailable_percentage_uses_the_deployment_scale():
    c = _cluster('maxUnavailable: "50%"', replicas=4)
    st = _status(c)
    assert (st["expectedPods"], st["desiredHealthy"], st["disruptionsAllowed"]) == (4, 2, 2)
    assert c.kubectl("get pdb web", echo=False).stdout.splitlines()[1].split()[:4] == ["web", "N/A", "50%", "2"]


def test_eviction_spends_the_budget_then_refuses_with_429():
    c = _cluster("minAvailable: 2")
    pods = sorted(p["metadata"]["name"] for p in c.list("pods", "default", "app=web"))
    assert c.api.evict("default", pods[0])["status"] == "Success"
    st = _status(c)
    assert st["disruptionsAllowed"] == 0 and pods[0] in st.get("disruptedPods", {}) or \
        pods[0] not in [p["metadata"]["name"] for p in c.list("pods", "default")]
    with pytest.raises(APIError) as err:
        c.api.evict("default", pods[1])
    assert err.value.code == 429 and err.value.reason == "TooManyRequests"
    assert err.value.message == "Cannot evict pod as it would violate the pod's disruption budget."
    assert err.value.kubectl_text() == ("Error from server (TooManyRequests): Cannot evict pod as it would "
                                        "violate the pod's disruption budget.")
    c.run(seconds=30)                              # the replacement is ready: one disruption again
    assert _status(c)["disruptionsAllowed"] == 1
    assert "disruptedPods" not in _status(c)


def test_eviction_without_budget_and_with_two():
    c = Cluster(nodes=1, seed=0)
    c.kubectl("run solo --image=nginx --labels=app=solo", echo=False)
    c.run(seconds=20)
    for name, rule in (("a", "maxUnavailable: 1"), ("b", "minAvailable: 0")):
        c.apply(f"""apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {{name: {name}}}
spec: {{{rule}, selector: {{matchLabels: {{app: solo}}}}}}
""", echo=False)
    c.run(seconds=1)
    with pytest.raises(APIError) as err:
        c.api.evict("default", "solo")
    assert err.value.code == 500 and "more than one PodDisruptionBudget" in err.value.message
    c.kubectl("delete pdb b", echo=False)
    c.run(seconds=1)
    assert c.get("poddisruptionbudgets", "a")["status"]["conditions"][0]["reason"] == "SyncFailed"
    with pytest.raises(APIError):
        c.api.evict("default", "nope")


def test_unready_pods_may_go_while_the_budget_holds():
    c = _cluster("minAvailable: 1")
    c.kubectl("scale deployment web --replicas=4", echo=False)
    c.run(seconds=0.1)
    pending = [p for p in c.list("pods", "default") if p["status"].get("phase") == "Pending"]
    assert pending
    assert c.api.evict("default", pending[0]["metadata"]["name"])["status"] == "Success"
