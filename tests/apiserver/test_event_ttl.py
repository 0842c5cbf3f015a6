"""Events expire an hour after their last write (kube-apiserver --event-ttl=1h, etcd leases)."""

from __future__ import annotations

from k8scourse import Cluster
from k8scourse.apiserver.event_ttl import EventTTL
from k8scourse.apiserver.store import Store
from k8scourse.sim import Simulation


def _event(name: str, namespace: str = "default", **fields) -> dict:
    return {"apiVersion": "v1", "kind": "Event", "metadata": {"name": name, "namespace": namespace},
            "involvedObject": {"kind": "Pod", "name": "web", "namespace": namespace}, "reason": "Tested",
            "message": "m", "type": "Normal", **fields}


def test_an_event_lives_an_hour_after_its_last_write_and_its_watchers_see_it_go():
    c = Cluster(nodes=1, seed=0)
    gone = []
    c.api.watch("events", lambda ev: gone.append(ev.object["metadata"]["name"])
                if ev.type == "DELETED" and ev.object["reason"] == "Tested" else None)
    c.api.create(_event("once"), "default")
    c.api.create(_event("again", count=1), "default")
    c.run(seconds=1800)
    again = c.api.get("events", "again", "default")
    c.api.update(dict(again, count=2), resource="events")       # a repeat writes it again
    c.run(seconds=1799)
    assert c.api.peek("events", "once", "default") is not None       # an hour: not yet
    c.run(seconds=62)
    assert c.api.peek("events", "once", "default") is None           # an hour and the reuse window: gone
    assert gone == ["once"]
    assert c.api.peek("events", "again", "default") is not None      # its last write was later
    c.run(seconds=1800)
    assert gone == ["once", "again"]
    assert c.kubectl("get events -A", echo=False).stderr == "No resources found\n"   # the cluster's own went too


def test_events_written_within_a_minute_share_a_lease_and_expire_together():
    sim = Simulation(seed=0)
    store = Store(clock=lambda: sim.now_ms)
    ttl = EventTTL(sim, store)
    keys = []
    for second in (0, 30, 59, 61):
        sim.run(seconds=second - sim.now_ms // 1000)
        key = ("events", "default", f"e{second}")
        store.create(key, {"metadata": {"name": key[2]}}, actor="test")
        ttl.written(key)
        keys.append(key)
    assert ttl._lease == 2                  # 0, 30 and 59 s reuse the first lease; 61 s needs a new one
    sim.run(seconds=3660 - sim.now_ms // 1000)
    assert [store.exists(k) for k in keys] == [False, False, False, True]
    sim.run(seconds=61)
    assert not store.exists(keys[3])


def test_a_lease_holds_at_most_a_thousand_objects():
    sim = Simulation(seed=0)
    store = Store(clock=lambda: sim.now_ms)
    ttl = EventTTL(sim, store)
    for i in range(2001):
        key = ("events", "default", f"e{i}")
        store.create(key, {"metadata": {"name": key[2]}}, actor="test")
        ttl.written(key)
    assert ttl._lease == 3


def test_a_deleted_and_recreated_event_keeps_its_new_lease():
    c = Cluster(nodes=1, seed=0)
    c.api.create(_event("e"), "default")
    c.run(seconds=120)
    c.api.delete("events", "e", "default")
    c.api.create(_event("e"), "default")
    c.run(seconds=3600 + 10)                 # the first lease ran out: the new object stays
    assert c.api.peek("events", "e", "default") is not None
    c.run(seconds=120)
    assert c.api.peek("events", "e", "default") is None


def test_expiry_waits_for_etcd_to_come_back():
    c = Cluster(nodes=1, seed=0)
    c.api.create(_event("e"), "default")
    c.run(seconds=3600)
    c.store.stop()
    c.run(seconds=120)
    c.store.start()
    assert c.store.peek(("events", "default", "e")) is not None
    c.run(seconds=1)
    assert c.store.peek(("events", "default", "e")) is None
