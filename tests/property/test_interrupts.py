"""Ctrl-C at any point leaves the cluster consistent: the next command works and the cluster converges.

An interrupt reaches the simulation three ways, each tried here at the N-th event of a run, of a
stream (``kubectl get -w``, ``kubectl logs -f``) and of a waiting command (``rollout status``):

* ``signal``: a real SIGINT while an event runs — deferred to the next safe point between events
  (:mod:`k8scourse.interrupts`);
* ``before``: a KeyboardInterrupt raised by the event's handler before it does anything — the event
  goes back to its place in the heap and runs when time moves on;
* ``after``: raised once the handler has done its work (the event was applied whole).
"""

from __future__ import annotations

import os
import signal

import pytest

from k8scourse import Cluster

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

EVENTS = [1, 5, 40, 180, 333]
MODES = ["signal", "before", "after"]


def interrupt_at(c: Cluster, n: int, mode: str) -> dict:
    """Patch the event heap so the ``n``-th event from now is interrupted in ``mode``; returns a
    record of whether it fired."""
    queue = c.sim.queue
    pop, pop_due = queue.pop, queue.pop_due
    state = {"count": 0, "fired": False}

    def arm(event):
        if event is None:
            return None
        state["count"] += 1
        if state["count"] == n and not state["fired"]:
            original = event.callback

            def handler():
                event.callback = original            # one shot: a re-run is the plain handler
                state["fired"] = True
                if mode == "signal":
                    os.kill(os.getpid(), signal.SIGINT)
                    original()
                elif mode == "before":
                    raise KeyboardInterrupt
                else:
                    original()
                    raise KeyboardInterrupt
            event.callback = handler
        return event

    # the run loop takes due events with pop_due, step() with pop: both are counted
    queue.pop = lambda: arm(pop())
    queue.pop_due = lambda deadline_ms: arm(pop_due(deadline_ms))
    return state


def converged(c: Cluster) -> None:
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    out = c.kubectl("get pods", echo=False)
    assert out.exit_code == 0 and "internal simulator error" not in out
    c.run(seconds=120)
    assert c.kubectl("get deployment web -o jsonpath={.status.readyReplicas}", echo=False) == "4"
    assert c.kubectl("get pods --no-headers", echo=False).count("Running") == 4
    assert c.scheduler.verify_cache() == []


def cluster() -> Cluster:
    c = Cluster(nodes=2, seed=1, clock="manual")
    c.apply(DEPLOY, echo=False)
    return c


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("n", EVENTS)
def test_an_interrupt_at_the_nth_event_of_a_run(n, mode):
    c = cluster()
    state = interrupt_at(c, n, mode)
    with pytest.raises(KeyboardInterrupt):
        c.run(seconds=120)
    assert state["fired"]
    converged(c)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("n", [3, 20])       # a quiet cluster's get -w now sees some 27 events before it idles out
@pytest.mark.parametrize("command", ["get pods -w", "logs -f deployment/web", "events -w", "logs -f -l app=web"])
def test_an_interrupt_during_a_stream_ends_it_and_the_next_command_works(command, n, mode):
    c = cluster()
    c.run(seconds=20)
    state = interrupt_at(c, n, mode)
    result = c.kubectl(command, echo=False)
    assert "internal simulator error" not in result and "Traceback" not in result
    assert state["fired"] and result.exit_code == 130
    converged(c)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("n", [2, 97])     # the rollout is over after some 300 events
def test_an_interrupt_during_a_waiting_command(n, mode):
    c = cluster()
    state = interrupt_at(c, n, mode)
    with pytest.raises(KeyboardInterrupt):
        c.kubectl("rollout status deployment/web", echo=False)
    assert state["fired"]
    converged(c)
