"""Fuzzing the Python API: any value passed to a public call is either taken or refused with a
k8scourse error (:class:`~k8scourse.errors.K8sCourseError`: an ArgumentError naming the call and the
parameter, a SimulationError, the API server's APIError) — never an AttributeError, TypeError or
OverflowError from inside, and a refused call changes nothing.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzz_support import fuzz_settings, running_cluster
from k8scourse import Cluster
from k8scourse.azure import Azure
from k8scourse.errors import ArgumentError, K8sCourseError
from k8scourse.i18n import set_language

ANYTHING = st.one_of(
    st.none(), st.booleans(), st.integers(-2**80, 2**80), st.sampled_from([math.nan, math.inf, -math.inf, 1e308]),
    st.floats(-1e6, 1e6), st.text(max_size=30), st.binary(max_size=8), st.lists(st.integers(), max_size=3),
    st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.sampled_from([object(), print, Cluster, ..., 1j, frozenset({1}), (1, "a")]),
    st.sampled_from(["pods", "pod/web", "deployments", "nodes", "default", "kube-system", "web", "app=web",
                     "scheduler", "etcd", "dns", "", "-", "/", "a" * 300, "\x00"]))


def taken_or_refused(call, *args, **kwargs):
    """``call`` either returns or raises a K8sCourseError; anything else fails the test."""
    try:
        return call(*args, **kwargs)
    except K8sCourseError as exc:
        assert str(exc).strip(), "a refusal says why"
        return None


@fuzz_settings(40)
@given(param=st.sampled_from(["nodes", "vm_size", "seed", "name", "kubernetes_version", "pool", "max_pods",
                              "network_plugin", "epoch", "service_cidr", "pod_cidr", "dns", "metrics_server"]),
       value=ANYTHING)
def test_cluster_constructor(param, value):
    if param == "nodes" and isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 1000:
        value = min(value, 2)                   # a big valid cluster is slow, not wrong
    if param == "max_pods" and isinstance(value, int) and not isinstance(value, bool) and value > 250:
        value = 250
    taken_or_refused(Cluster, **{param: value, **({} if param == "nodes" else {"nodes": 1})})


READS = [("get", 3), ("list", 3), ("explain", 2), ("trace", 3), ("explain_access", 5), ("curl", 1),
         ("kubectl", 2), ("apply", 1)]


@fuzz_settings(300)
@given(method=st.sampled_from(READS), values=st.lists(ANYTHING, min_size=5, max_size=5))
def test_reads_and_commands(method, values):
    c = running_cluster()
    name, arity = method
    args = values[:arity]
    kwargs = {"echo": False} if name in ("explain", "trace", "explain_access", "curl", "kubectl", "apply") else {}
    before = c.store.revision
    try:
        getattr(c, name)(*args, **kwargs)
    except ArgumentError:
        assert c.store.revision == before, "a refused call changes nothing"
    except K8sCourseError:
        pass


@fuzz_settings(120)
@given(method=st.sampled_from(["run", "settle", "wait_until"]), value=ANYTHING, second=ANYTHING)
def test_time(method, value, second):
    c = running_cluster()
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if method == "wait_until":
        predicate = (lambda: True) if callable(second) else second
        assert taken_or_refused(c.wait_until, predicate, value) in (True, False, None)
    elif number and 0 <= value <= 5:
        getattr(c, method)(value)               # valid and short: it runs
        assert c.kubectl("get pods", echo=False).exit_code == 0
    else:
        if number and 5 < value <= 366 * 86400:
            value = -value                      # valid but long: covered by the bench, not here
        with pytest.raises(ArgumentError):
            getattr(c, method)(value)


FAULTS = [("stop", 1), ("start", 1), ("stop_node", 1), ("start_node", 1), ("stop_kubelet", 1),
          ("start_kubelet", 1), ("partition_node", 1), ("heal", 1), ("crash_container", 3), ("load", 3),
          ("partitioned", 1), ("stopped", 0)]


_FAULTED: list[Cluster] = []


@fuzz_settings(100)
@given(method=st.sampled_from(FAULTS), values=st.lists(ANYTHING, min_size=3, max_size=3))
def test_faults(method, values):
    if not _FAULTED:
        _FAULTED.append(Cluster(nodes=1, seed=2))
    c = _FAULTED[0]
    name, arity = method
    taken_or_refused(getattr(c.faults, name), *values[:arity])
    c.faults.recover()
    c.run(5)
    assert "internal simulator error" not in c.kubectl("get pods -A", echo=False)


@fuzz_settings(100)
@given(method=st.sampled_from(["__call__", "kubectl", "curl", "run", "settle"]), value=ANYTHING, echo=ANYTHING)
def test_azure_handle(method, value, echo):
    az = Azure(seed=1)
    if method in ("run", "settle"):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 366 * 86400:
            value = min(value, 5)
        taken_or_refused(getattr(az, method), value)
    else:
        taken_or_refused(getattr(az, method), value, echo=echo)


def test_the_errors_speak_korean_too():
    c = running_cluster()
    set_language("ko")
    try:
        with pytest.raises(ArgumentError, match="문자열"):
            c.get(3, "web")
    finally:
        set_language("en")
    with pytest.raises(ArgumentError, match="get: kind must be a string, not int"):
        c.get(3, "web")


def test_faults_that_need_the_api_server_are_refused_whole_while_etcd_is_down():
    c = Cluster(nodes=1, seed=1)
    c.faults.stop("etcd")
    with pytest.raises(K8sCourseError, match=r"faults.stop\('dns'\): this goes through the API server"):
        c.faults.stop("dns")
    assert c.faults.stopped() == ["etcd"]
    c.run(30)                                       # time passes with etcd stopped
    assert c.kubectl("get pods", echo=False).stderr == "Error from server: etcdserver: request timed out\n"
    c.faults.start("etcd")
    c.faults.stop("dns")
    assert c.faults.stopped() == ["dns"]
    c.faults.start("dns")
    assert c.kubectl("get deploy coredns -n kube-system -o jsonpath={.spec.replicas}", echo=False) == "2"


def test_scaling_to_a_million_replicas_then_running_30_seconds_is_quick():
    """ReplicaSet controller: bursts of 500 through a 20 qps client, as upstream — ~20 pods a second."""
    import time
    c = Cluster(nodes=3, seed=1)
    c.kubectl("create deployment web --image=nginx --replicas=2", echo=False)
    c.run(30)
    c.kubectl("scale deployment web --replicas=1000000", echo=False)
    started = time.process_time()
    c.run(30)
    assert time.process_time() - started < 60
    pods = c.store.count("pods")
    assert 500 < pods < 1000, pods                  # burst 30 + 20/s × 30 s, plus the system pods
    pending = [p for p in c.list("pods", "default") if p["status"].get("phase") == "Pending"]
    assert pending, "3 nodes of 110 pods: the rest wait Pending"
