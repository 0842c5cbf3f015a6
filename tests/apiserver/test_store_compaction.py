"""etcd compaction: history up to a revision dropped, every later state still readable, older reads refused.

A compacted store must answer every read at or after the compacted revision exactly as an uncompacted
one does (the state at that revision, the writes since), refuse reads from before it (410 Gone through
the REST front, "too old resource version"), and course clusters must not compact at all.
"""

from __future__ import annotations

import json
import random

import pytest

from k8scourse import Cluster, defaults
from k8scourse.apiserver.store import Compacted, Store
from k8scourse.serve.rest import RestAPI
from k8scourse.serve.watch import WatchSession


def _random_writes(stores: list[Store], seed: int, count: int) -> None:
    """The same seeded creates, updates and deletes on every store."""
    rng = random.Random(seed)
    names = [f"o{i}" for i in range(12)]
    for step in range(count):
        name, ns, drop = rng.choice(names), rng.choice(["a", "b"]), rng.random() < 0.3
        key = ("configmaps", ns, name)
        body = {"metadata": {"name": name, "namespace": ns}, "data": {"v": str(step)}}
        for s in stores:
            if s.exists(key) and drop:
                s.delete(key, actor="t")
            elif s.exists(key):
                s.update(key, body, actor="t")
            else:
                s.create(key, body, actor="t")


def _state_at(store: Store, revision: int) -> dict:
    live: dict = {}
    for entry in store.history():
        if entry.revision > revision:
            break
        if entry.verb == "delete":
            live.pop(entry.key, None)
        else:
            live[entry.key] = json.dumps(entry.object, sort_keys=True)
    return live


@pytest.mark.parametrize("seed", range(5))
def test_every_state_from_the_compacted_revision_on_is_the_uncompacted_one(seed):
    whole, compacted = Store(clock=lambda: 0), Store(clock=lambda: 0)
    _random_writes([whole, compacted], seed, 200)
    cut = 120
    compacted.compact(cut)
    assert compacted.compacted_revision == cut
    for revision in range(cut, whole.revision + 1):
        assert _state_at(compacted, revision) == _state_at(whole, revision), revision
    # the writes after any revision from the compacted one on are the same entries
    for since in (cut, cut + 1, whole.revision - 3, whole.revision):
        assert [e.revision for e in compacted.history(since)] == [e.revision for e in whole.history(since)]
    # the live objects are untouched, and nothing kept is older than a then-present key's newest write
    assert {k: json.dumps(v, sort_keys=True) for k, v in ((k, whole.peek(k)) for k in _state_at(whole, 10**9))} \
        == {k: json.dumps(compacted.peek(k), sort_keys=True) for k in _state_at(compacted, 10**9)}
    kept = [e for e in compacted.history() if e.revision <= cut]
    assert len({e.key for e in kept}) == len(kept) and all(e.verb != "delete" for e in kept)
    assert len(list(compacted.history())) < len(list(whole.history()))


def test_history_from_before_the_compacted_revision_is_refused():
    s = Store(clock=lambda: 0)
    for n in range(6):
        s.create(("configmaps", "default", f"c{n}"), {"metadata": {"name": f"c{n}"}}, actor="t")
    s.compact(4)
    with pytest.raises(Compacted, match="^4$"):
        s.history(3)
    assert [e.revision for e in s.history(4)] == [5, 6]
    s.compact(2)                       # an older revision: nothing happens (etcd refuses it)
    assert s.compacted_revision == 4
    s.compact(10**6)                   # at most up to the current revision
    assert s.compacted_revision == 6 and [e.revision for e in s.history()] == [1, 2, 3, 4, 5, 6]


def test_course_clusters_keep_their_whole_history():
    assert defaults.ETCD_COMPACTION_INTERVAL_S == 0
    c = Cluster(nodes=1, seed=0)
    c.run(seconds=900)
    assert c.compactor is None and c.store.compacted_revision == 0
    assert [h["revision"] for h in c.history()] == list(range(1, c.store.revision + 1))


def test_the_compactor_keeps_the_last_interval_and_old_reads_are_gone():
    c = Cluster(nodes=1, seed=0, etcd_compaction_interval=300)
    c.run(seconds=299)
    before = c.store.revision
    c.run(seconds=1)
    after = c.store.revision                 # the first round (at 300 s) notes the revision, compacts nothing
    assert c.store.compacted_revision == 0
    c.run(seconds=299)
    assert c.store.compacted_revision == 0
    c.run(seconds=1)                         # the second round compacts to what the first one saw
    at_5_min = c.store.compacted_revision
    assert before <= at_5_min <= after and at_5_min > 0
    assert min(e.revision for e in c.store.history() if e.revision > at_5_min) == at_5_min + 1
    rest = RestAPI(c.engine)
    old = rest.handle("GET", "/api/v1/namespaces/default/configmaps", {"watch": "true", "resourceVersion": "1"},
                      {"Accept": "", "Content-Type": "application/json"}, b"")
    assert (old.status, old.body["reason"]) == (410, "Expired")
    assert old.body["message"] == f"too old resource version: 1 ({at_5_min})"


def _watch_from(c: Cluster, revision: int, selector: str) -> list:
    req = RestAPI(c.engine).handle("GET", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases",
                                   {"watch": "true", "resourceVersion": str(revision), "labelSelector": selector},
                                   {"Accept": "", "Content-Type": "application/json"}, b"")
    session = WatchSession(c.engine.api, req)
    events = session.start(lambda event: None)
    session.stop()
    return [(e["type"], e["object"]["metadata"]["name"], e["object"]["metadata"]["resourceVersion"]) for e in events]


def test_a_compacting_cluster_writes_and_replays_the_same_as_one_that_keeps_everything():
    kept, compacting = Cluster(nodes=2, seed=3), Cluster(nodes=2, seed=3, etcd_compaction_interval=300)
    for c in (kept, compacting):
        c.kubectl("create deployment web --image=nginx --replicas=3", echo=False)
        c.run(seconds=650)
        c.kubectl("scale deployment web --replicas=1", echo=False)
        c.run(seconds=30)
    compacted = compacting.store.compacted_revision
    assert compacted > 0 and kept.store.revision == compacting.store.revision
    assert [(e.revision, e.time_ms, e.verb, e.key, e.actor, json.dumps(e.object, sort_keys=True))
            for e in compacting.store.history(compacted)] == \
        [(e.revision, e.time_ms, e.verb, e.key, e.actor, json.dumps(e.object, sort_keys=True))
         for e in kept.store.history(compacted)]
    # a label-selected watch from the compacted revision replays the same events (what matched then
    # comes from the kept newest version of each key)
    node = sorted(kept.kubelets)[0]
    assert _watch_from(compacting, compacted, "") == _watch_from(kept, compacted, "") != []
    assert _watch_from(compacting, compacted, f"x!={node}") == _watch_from(kept, compacted, f"x!={node}")
