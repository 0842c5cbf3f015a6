"""Clock modes (manual, paced, live) and interrupts that stop between two events."""

import os
import signal
import time

import pytest

from k8scourse import Cluster
from k8scourse.errors import SimulationError

DEPLOY = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.7.9
        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 5}
"""


def test_paced_clock_shows_the_sequence_a_terminal_shows():
    c = Cluster(nodes=2, seed=0, clock="paced")
    assert c.kubectl("run web --image=nginx:1.7.9", echo=False) == "pod/web created\n"
    first = c.kubectl("get pods", echo=False).splitlines()[1].split()
    second = c.kubectl("get pods", echo=False).splitlines()[1].split()
    assert first[2:] == ["ContainerCreating", "0", "5s"] and second[2:] == ["Running", "0", "10s"]
    assert c.now == "2026-03-02T09:00:15Z"            # three commands, five seconds each


def test_paced_is_deterministic_and_think_time_is_configurable():
    def session(think):
        c = Cluster(nodes=1, seed=3, clock="paced", think_seconds=think)
        c.kubectl("create deployment d --image=nginx:1.7.9 --replicas=2", echo=False)
        return [c.kubectl("get pods", echo=False) for _ in range(3)]
    assert session(5) == session(5)
    assert session(2) != session(5)
    with pytest.raises(SimulationError, match="think_seconds must be a number"):
        Cluster(nodes=1, clock="paced", think_seconds=-1)


def test_manual_clock_moves_only_when_asked_and_modes_switch():
    c = Cluster(nodes=1, seed=0, clock="manual")
    c.kubectl("get pods", echo=False)
    c.kubectl("get pods", echo=False)
    assert c.now == "2026-03-02T09:00:00Z"
    c.clock.set_mode("paced", think_seconds=2)
    c.kubectl("get pods", echo=False)
    assert c.now == "2026-03-02T09:00:02Z"
    with pytest.raises(SimulationError, match="unknown clock mode 'fast'"):
        c.clock.set_mode("fast")


def test_live_clock_follows_the_wall_clock_in_the_background():
    c = Cluster(nodes=1, seed=0, clock="live")
    try:
        c.clock.set_mode("live", speed=50)
        time.sleep(0.5)
        with c.engine.lock:
            moved = c.sim.now_ms
        assert moved >= 5_000           # ≥ 0.4 s of wall time × 50, allowing for a slow machine
        assert c.kubectl("get nodes", echo=False).exit_code == 0
    finally:
        c.clock.close()
    frozen = c.sim.now_ms
    time.sleep(0.2)
    assert c.sim.now_ms == frozen


def _interrupt_at(c, at_ms):
    """A real SIGINT delivered while the simulation is inside an event callback."""
    c.sim.schedule(at_ms - c.sim.now_ms, lambda: os.kill(os.getpid(), signal.SIGINT), name="ctrl-c")


@pytest.mark.parametrize("at_s", [0.5, 1, 2.2, 3, 7.5, 12, 20, 33, 41, 58])
def test_an_interrupt_during_run_stops_between_events_and_the_cluster_carries_on(at_s):
    c = Cluster(nodes=2, seed=1, clock="manual")
    c.apply(DEPLOY, echo=False)
    _interrupt_at(c, int(at_s * 1000))
    with pytest.raises(KeyboardInterrupt):
        c.run(seconds=120)
    assert c.sim.now_ms <= int(at_s * 1000) + 1          # stopped at the instant of the interrupt
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert c.kubectl("get deployment web", echo=False).exit_code == 0
    c.run(seconds=120)
    ready = c.kubectl("get deployment web -o jsonpath={.status.readyReplicas}", echo=False)
    assert ready == "4"
    assert c.scheduler.verify_cache() == []                    # the scheduler's cache agrees with the store
    assert c.kubectl("get pods --no-headers", echo=False).count("Running") == 4


def test_an_interrupt_during_a_waiting_command_stops_it_and_the_next_command_works():
    c = Cluster(nodes=2, seed=1, clock="manual")
    c.apply(DEPLOY, echo=False)
    _interrupt_at(c, c.sim.now_ms + 3000)
    with pytest.raises(KeyboardInterrupt):
        c.kubectl("rollout status deployment/web", echo=False)     # waits until the rollout is done
    assert c.sim.now_ms == 3000
    out = c.kubectl("rollout status deployment/web", echo=False)
    assert out.exit_code == 0 and out.endswith('deployment "web" successfully rolled out\n')


def test_an_azure_subscription_has_the_same_clock_modes_and_one_lock_for_its_clusters():
    from k8scourse.cloud import Azure
    az = Azure(seed=0, clock="paced", think_seconds=3)
    az("group create -n rg -l eastus", echo=False)
    assert az.now == "2026-03-02T09:00:03Z"
    az("aks create -g rg -n k1 --node-count 1 --generate-ssh-keys", echo=False)
    mc = az.subscription.get("Microsoft.ContainerService/managedClusters", "rg", "k1").model
    assert mc.cluster.lock is az.sim.lock                 # one clock, one lock
    az.clock.set_mode("manual")
    before = az.sim.now_ms
    az("aks list -o none", echo=False)
    assert az.sim.now_ms == before
    with pytest.raises(SimulationError, match="a duration in seconds is a number"):
        az.run(seconds="10")
