"""One Event storage served under two API groups: core ``v1`` and ``events.k8s.io/v1``.

What the real kubectl prints for these resources is recorded in
``tests/data/kubectl-recorded/events-api`` (``tests/cli/test_kubectl_verbs.py``); here the engine's
side: one storage, conversion on every read, write and watch, the validation each group applies, and
that every Event the engine's own components write is one the API server would accept.
"""

from __future__ import annotations

import pytest

from k8scourse import Cluster
from k8scourse.api.event_groups import to_core_v1, to_events_v1
from k8scourse.apiserver.validation.events import validate_event
from k8scourse.errors import APIError
from k8scourse.sim.clock import format_rfc3339_micro

NEW_GROUP = "events.events.k8s.io"


def _new_event(cluster: Cluster, name: str = "hello", **changes) -> dict:
    event = {"apiVersion": "events.k8s.io/v1", "kind": "Event", "metadata": {"name": name},
             "eventTime": format_rfc3339_micro(cluster.sim.clock.unix_ms()),
             "reportingController": "example.com/teacher", "reportingInstance": "teacher-1",
             "action": "Greet", "reason": "Hello", "note": "hi", "type": "Normal",
             "regarding": {"kind": "Node", "name": "n1"}}
    event.update(changes)
    return event


@pytest.fixture(scope="module")
def lecture() -> Cluster:
    """A cluster whose components have written every kind of Event the lecture shows: scheduling,
    a failed scheduling series, image pulls, a failing image, a crash loop, scaling, node start-up."""
    c = Cluster(nodes=2, seed=3)
    c.kubectl("create deployment web --image=nginx --replicas=3", echo=False)
    c.kubectl("run broken --image=busybox:nope-404", echo=False)
    c.kubectl("run crash --image=busybox -- sh -c 'exit 1'", echo=False)
    c.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: big}\nspec:\n  containers: [{name: big, image: nginx, "
            "resources: {requests: {cpu: '64'}}}]\n", echo=False)
    c.run(seconds=600)
    c.kubectl("scale deployment web --replicas=1", echo=False)
    c.run(seconds=60)
    return c


def test_the_engines_events_pass_the_servers_validation_and_convert_both_ways(lecture):
    events = lecture.api.list("events", None)["items"]
    reasons = {e["reason"] for e in events}
    assert {"Scheduled", "FailedScheduling", "Pulled", "Failed", "BackOff", "ScalingReplicaSet",
            "SuccessfulCreate", "SuccessfulDelete"} <= reasons
    for event in events:
        assert [str(e) for e in validate_event(event, None, strict=False)] == [], event["metadata"]["name"]
        assert to_core_v1(to_events_v1(event)) == event


def test_both_groups_read_the_same_objects(lecture):
    core = {e["metadata"]["name"]: e for e in lecture.api.list("events", None)["items"]}
    new = {e["metadata"]["name"]: e for e in lecture.api.list(NEW_GROUP, None)["items"]}
    assert core.keys() == new.keys()
    for name, event in new.items():
        assert event["apiVersion"] == "events.k8s.io/v1"
        assert event["metadata"] == core[name]["metadata"]          # same uid and resourceVersion
        assert event["regarding"] == core[name]["involvedObject"]
        assert event.get("note") == core[name].get("message")
    series = next(e for e in new.values() if e["reason"] == "FailedScheduling" and e.get("series"))
    assert series["series"]["count"] >= 2 and series["deprecatedFirstTimestamp"] is None
    pulled = next(e for e in new.values() if e["reason"] == "Pulled")
    assert pulled["deprecatedCount"] == 1 and pulled["deprecatedSource"]["component"] == "kubelet"
    assert pulled["eventTime"] is None and "deprecatedCount" not in series


def test_a_create_through_the_new_group_is_stored_as_a_core_event():
    c = Cluster(nodes=1, seed=0)
    created = c.api.create(_new_event(c), "default")
    assert created["apiVersion"] == "events.k8s.io/v1" and created["note"] == "hi"
    stored = c.api.get("events", "hello", "default")
    assert stored["message"] == "hi" and stored["reportingComponent"] == "example.com/teacher"
    assert stored["involvedObject"] == {"kind": "Node", "name": "n1"}
    assert stored["firstTimestamp"] is None and stored["source"] == {}
    assert stored["metadata"]["resourceVersion"] == created["metadata"]["resourceVersion"]
    # a read through either group finds it; a delete through the new one removes it from both
    assert c.api.get(NEW_GROUP, "hello", "default")["regarding"]["name"] == "n1"
    c.api.delete(NEW_GROUP, "hello", "default")
    with pytest.raises(APIError, match='events "hello" not found'):
        c.api.get("events", "hello", "default")


def test_a_watch_through_the_new_group_sees_converted_objects():
    c = Cluster(nodes=1, seed=0)
    seen = []
    c.api.watch(NEW_GROUP, lambda ev: seen.append((ev.type, ev.object["apiVersion"], ev.object.get("note"))))
    c.api.create(_new_event(c), "default")
    c.api.patch(NEW_GROUP, "hello", "default", {"metadata": {"labels": {"a": "b"}}}, "merge")
    c.api.delete("events", "hello", "default")
    assert seen == [("ADDED", "events.k8s.io/v1", "hi"), ("MODIFIED", "events.k8s.io/v1", "hi"),
                    ("DELETED", "events.k8s.io/v1", "hi")]


def test_the_new_group_is_strict_and_refuses_whole():
    c = Cluster(nodes=1, seed=0)
    before = c.store.revision
    with pytest.raises(APIError) as refused:
        c.api.create(_new_event(c, type="Fatal", deprecatedCount=2, eventTime=None), "default")
    assert refused.value.details["group"] == "events.k8s.io"
    assert [cause["field"] for cause in refused.value.details["causes"]] == ["eventTime", "type", "count"]
    # the same old-style Event is fine through the core group
    c.api.create({"apiVersion": "v1", "kind": "Event", "metadata": {"name": "old"}, "type": "Fatal", "count": 2,
                  "involvedObject": {"kind": "Node", "name": "n1"}, "reason": "R"}, "default")
    assert c.store.revision == before + 1
    # an update through the new group may not change what happened, only the series
    c.api.create(_new_event(c), "default")
    with pytest.raises(APIError, match="note|message: Invalid value: \"changed\": field is immutable"):
        c.api.patch(NEW_GROUP, "hello", "default", {"note": "changed"}, "merge")
    with pytest.raises(APIError) as moved:      # a struct's new value printed as Go's %#v prints it
        c.api.patch(NEW_GROUP, "hello", "default", {"regarding": {"name": "n2"}}, "merge")
    assert moved.value.details["causes"][0]["message"] == (
        'Invalid value: core.ObjectReference{Kind:"Node", Namespace:"", Name:"n2", UID:"", APIVersion:"", '
        'ResourceVersion:"", FieldPath:""}: field is immutable')
    series = {"count": 2, "lastObservedTime": format_rfc3339_micro(c.sim.clock.unix_ms())}
    patched = c.api.patch(NEW_GROUP, "hello", "default", {"series": series}, "merge")
    assert patched["series"] == series


def test_field_selectors_use_each_groups_labels(lecture):
    pulled = lecture.api.list(NEW_GROUP, "default", field_selector="reason=Pulled,reportingController=kubelet")
    assert pulled["items"] and all(e["reason"] == "Pulled" for e in pulled["items"])
    by_regarding = lecture.api.list(NEW_GROUP, "default", field_selector="regarding.name=broken")["items"]
    by_involved = lecture.api.list("events", "default", field_selector="involvedObject.name=broken")["items"]
    assert [e["metadata"]["name"] for e in by_regarding] == [e["metadata"]["name"] for e in by_involved] != []
    with pytest.raises(APIError, match="^field label not supported: involvedObject.name$"):
        lecture.api.list(NEW_GROUP, "default", field_selector="involvedObject.name=broken")
