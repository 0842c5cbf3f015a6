"""metadata.managedFields recorded for every write (k8scourse.apiserver.managed_fields)."""

from __future__ import annotations

import pytest

from k8scourse.apiserver import APIServer
from k8scourse.apiserver.apply import server_side_apply
from k8scourse.apiserver.managed_fields import changes, covers, fields_of, minus, union
from k8scourse.errors import APIError
from k8scourse.sim import Simulation

DEPLOY = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "labels": {"app": "web"}},
          "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
                   "template": {"metadata": {"labels": {"app": "web"}},
                                "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}}}}
CM = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "1", "b": "2"}}


@pytest.fixture
def api():
    return APIServer(Simulation(seed=0))


def entries(obj):
    return [(e["manager"], e["operation"], e.get("subresource", "")) for e in obj["metadata"].get("managedFields", [])]


def fields(obj, manager, subresource=""):
    return next(e["fieldsV1"] for e in obj["metadata"]["managedFields"]
                if e["manager"] == manager and e.get("subresource", "") == subresource)


def test_create_owns_every_field_of_the_defaulted_object_but_status_and_identity(api):
    obj = api.create(DEPLOY, manager="kubectl-create")
    (entry,) = obj["metadata"]["managedFields"]
    assert (entry["manager"], entry["operation"], entry["apiVersion"], entry["fieldsType"]) == \
        ("kubectl-create", "Update", "apps/v1", "FieldsV1")
    assert entry["time"] == obj["metadata"]["creationTimestamp"] and "subresource" not in entry
    owned = entry["fieldsV1"]
    assert set(owned) == {"f:metadata", "f:spec"}                # no status, no apiVersion/kind
    assert owned["f:metadata"] == {"f:labels": {".": {}, "f:app": {}}}      # name, uid, ... are nobody's
    assert "f:progressDeadlineSeconds" in owned["f:spec"]       # a default is the creator's
    container = owned["f:spec"]["f:template"]["f:spec"]["f:containers"]['k:{"name":"nginx"}']
    assert {".", "f:image", "f:imagePullPolicy", "f:terminationMessagePath"} <= set(container)


def test_admission_and_storage_additions_are_nobodys(api):
    svc = api.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"},
                      "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}}, manager="kubectl-expose")
    assert svc["spec"]["clusterIP"]
    spec = fields(svc, "kubectl-expose")["f:spec"]
    assert "f:clusterIP" not in spec and 'k:{"port":80,"protocol":"TCP"}' in spec["f:ports"]


def test_update_transfers_the_changed_fields_and_drops_empty_entries(api):
    api.create(CM, manager="kubectl-create")
    live = api.get("configmaps", "c", "default")
    live["data"]["a"] = "9"
    after = api.update(live, manager="kubectl-edit")
    assert entries(after) == [("kubectl-create", "Update", ""), ("kubectl-edit", "Update", "")]
    assert fields(after, "kubectl-create") == {"f:data": {".": {}, "f:b": {}}}
    assert fields(after, "kubectl-edit") == {"f:data": {"f:a": {}}}
    after["data"] = {"a": "10", "b": "10"}
    final = api.update(after, manager="kubectl-edit")
    assert entries(final) == [("kubectl-create", "Update", ""), ("kubectl-edit", "Update", "")]
    assert fields(final, "kubectl-create") == {"f:data": {}}      # the map itself stays the creator's
    final["data"] = {}
    del final["data"]
    emptied = api.update(final, manager="other")
    assert entries(emptied) == []         # every field removed: every entry went (no Update entry for a removal)


def test_removed_fields_leave_every_manager(api):
    api.create(CM, manager="kubectl-create")
    live = api.get("configmaps", "c", "default")
    del live["data"]["b"]
    after = api.update(live, manager="x")
    assert fields(after, "kubectl-create") == {"f:data": {".": {}, "f:a": {}}}
    assert entries(after) == [("kubectl-create", "Update", "")]


def test_same_manager_entries_merge_and_the_time_moves(api):
    api.create(CM, manager="kubectl-create")
    api.sim.run(seconds=60)
    api.patch("configmaps", "c", "default", {"metadata": {"labels": {"x": "1"}}}, "merge", manager="kubectl-label")
    api.sim.run(seconds=60)
    after = api.patch("configmaps", "c", "default", {"metadata": {"labels": {"y": "1"}}}, "merge",
                      manager="kubectl-label")
    label = [e for e in after["metadata"]["managedFields"] if e["manager"] == "kubectl-label"]
    assert len(label) == 1
    assert label[0]["fieldsV1"] == {"f:metadata": {"f:labels": {".": {}, "f:x": {}, "f:y": {}}}}
    assert label[0]["time"] == api.sim.clock.rfc3339()
    assert entries(after) == [("kubectl-create", "Update", ""), ("kubectl-label", "Update", "")]


def test_a_no_op_write_changes_nothing(api):
    created = api.create(CM, manager="kubectl-create")
    again = api.update(api.get("configmaps", "c", "default"), manager="someone")
    assert again["metadata"]["resourceVersion"] == created["metadata"]["resourceVersion"]
    assert entries(again) == [("kubectl-create", "Update", "")]


def test_status_writes_have_their_own_entry_with_subresource_status(api):
    api.create(DEPLOY, manager="kubectl-create")
    live = api.get("deployments", "web", "default")
    live["status"] = {"replicas": 1, "observedGeneration": 1}
    after = api.update_status(live, user="system:serviceaccount:kube-system:deployment-controller")
    # same second: ordered by manager name, as upstream sorts them (operation, time, manager, ...)
    assert entries(after) == [("kube-controller-manager", "Update", "status"), ("kubectl-create", "Update", "")]
    assert fields(after, "kube-controller-manager", "status") == \
        {"f:status": {"f:observedGeneration": {}, "f:replicas": {}}}


def test_component_managers_come_from_their_users(api):
    api.create(CM, user="system:node:n1")
    assert entries(api.get("configmaps", "c", "default")) == [("kubelet", "Update", "")]
    api.create(dict(CM, metadata={"name": "d"}), user="system:kube-scheduler")
    assert entries(api.get("configmaps", "d", "default")) == [("kube-scheduler", "Update", "")]
    api.create(dict(CM, metadata={"name": "e"}), user="system:apiserver")
    assert entries(api.get("configmaps", "e", "default")) == [("kube-apiserver", "Update", "")]


def test_scale_subresource_entry(api):
    api.create(DEPLOY, manager="kubectl-create")
    after = api.patch("deployments", "web", "default", {"spec": {"replicas": 3}}, "merge", subresource="scale",
                      manager="kubectl")
    assert ("kubectl", "Update", "scale") in entries(after)
    assert fields(after, "kubectl", "scale") == {"f:spec": {"f:replicas": {}}}
    assert "f:replicas" not in fields(after, "kubectl-create")["f:spec"]


def test_server_side_apply_conflicts_with_an_update_owner_and_force_takes_over(api):
    api.create(DEPLOY, manager="kubectl-create")
    info = api.info("deployments")
    config = {**DEPLOY, "spec": {**DEPLOY["spec"], "replicas": 3}}
    with pytest.raises(APIError) as err:
        server_side_apply(api, info, "default", "web", config, manager="kubectl")
    assert err.value.code == 409
    assert str(err.value) == 'Apply failed with 1 conflict: conflict with "kubectl-create" using apps/v1: .spec.replicas'
    obj, _ = server_side_apply(api, info, "default", "web", config, manager="kubectl", force=True)
    assert obj["spec"]["replicas"] == 3
    assert entries(obj) == [("kubectl", "Apply", ""), ("kubectl-create", "Update", "")]
    assert "f:replicas" not in fields(obj, "kubectl-create")["f:spec"]
    assert "f:replicas" in fields(obj, "kubectl")["f:spec"]


def test_conflicts_with_several_fields_are_listed_per_manager(api):
    api.create(DEPLOY, manager="kubectl-create")
    config = {**DEPLOY, "spec": {**DEPLOY["spec"], "replicas": 3, "template": {
        "metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "nginx", "image": "nginx:2"}]}}}}
    with pytest.raises(APIError) as err:
        server_side_apply(api, api.info("deployments"), "default", "web", config, manager="kubectl")
    assert str(err.value) == ('Apply failed with 2 conflicts: conflicts with "kubectl-create" using apps/v1:\n'
                              '- .spec.replicas\n- .spec.template.spec.containers[name="nginx"].image')


def test_dry_runs_record_nothing(api):
    api.create(CM, manager="kubectl-create")
    before = api.get("configmaps", "c", "default")
    changed = dict(before, data={"a": "2", "b": "2"})
    answer = api.update(changed, manager="kubectl-edit", dry_run=True)
    assert ("kubectl-edit", "Update", "") in entries(answer)        # the answer shows what it would record
    assert api.get("configmaps", "c", "default") == before
    server_side_apply(api, api.info("configmaps"), "default", "c", dict(CM, data={"z": "1"}), manager="a",
                      dry_run=True)
    assert api.get("configmaps", "c", "default") == before


def test_binding_leaves_managed_fields_alone(api):
    pod = api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
                      "spec": {"containers": [{"name": "c", "image": "nginx"}]}}, manager="kubectl-run")
    api.bind("default", "p", "n1")
    bound = api.get("pods", "p", "default")
    assert bound["spec"]["nodeName"] == "n1"
    assert bound["metadata"]["managedFields"] == pod["metadata"]["managedFields"]


def test_managed_fields_sent_with_an_update(api):
    api.create(CM, manager="kubectl-create")
    live = api.get("configmaps", "c", "default")
    live["metadata"]["managedFields"] = []          # an empty list resets them
    reset = api.update(dict(live, data={"a": "1", "b": "3"}), manager="kubectl-replace")
    assert entries(reset) == [("kubectl-replace", "Update", "")]
    reset["metadata"].pop("managedFields")          # absent: the stored ones are kept
    kept = api.update(dict(reset, data={"a": "2", "b": "3"}), manager="kubectl-replace")
    assert entries(kept) == [("kubectl-replace", "Update", "")]


def test_lease_renewal_moves_only_the_time(api):
    lease = api.create({"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                        "metadata": {"name": "n1", "namespace": "kube-node-lease"},
                        "spec": {"holderIdentity": "n1", "renewTime": "2026-03-02T09:00:00.000000Z"}},
                       user="system:node:n1", trusted=True)
    stored = api.peek("leases", "n1", "kube-node-lease")
    api.sim.run(seconds=10)
    renewed = api.renew("leases", "kube-node-lease", "n1", stored, {"renewTime": "2026-03-02T09:00:10.000000Z"},
                        user="system:node:n1")
    (entry,) = renewed["metadata"]["managedFields"]
    assert entry["fieldsV1"] is lease["metadata"]["managedFields"][0]["fieldsV1"] or \
        entry["fieldsV1"] == lease["metadata"]["managedFields"][0]["fieldsV1"]
    assert (entry["manager"], entry["time"]) == ("kubelet", "2026-03-02T09:00:10Z")


def test_more_than_ten_update_managers_merge_the_oldest_into_ancient_changes(api):
    api.create(CM, manager="m0")
    for i in range(1, 12):
        api.sim.run(seconds=1)
        api.patch("configmaps", "c", "default", {"metadata": {"labels": {f"l{i}": "x"}}}, "merge", manager=f"m{i}")
    managers = [e["manager"] for e in api.get("configmaps", "c", "default")["metadata"]["managedFields"]]
    assert len(managers) == 10 and "ancient-changes" in managers and "m0" not in managers


def test_set_operations():
    a = fields_of({"x": "1", "y": "2"}, "labels")
    assert a == {".": {}, "f:x": {}, "f:y": {}}
    assert union(a, {"f:x": {}}) is a and minus(a, {"f:z": {}}) is a
    assert minus(a, {"f:x": {}, "f:y": {}}) == {}
    assert minus({}, {}) is None and covers(a, {"f:x": {}}) and not covers(a, {"f:z": {}})
    assert changes({"a": [{"name": "c", "image": "x"}]}, {"a": [{"name": "c", "image": "x"}]}) == (None, None)
    old = {"containers": [{"name": "c", "image": "x"}]}
    new = {"containers": [{"name": "c", "image": "y"}, {"name": "d", "image": "z"}]}
    assert changes(old, new) == ({"f:containers": {'k:{"name":"c"}': {"f:image": {}},
                                                   'k:{"name":"d"}': {".": {}, "f:image": {}, "f:name": {}}}}, None)


def test_an_events_count_bump_moves_the_time_and_another_writer_takes_the_field(api):
    event = {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "e", "namespace": "default"},
             "involvedObject": {"kind": "Pod", "name": "p", "namespace": "default"}, "reason": "R",
             "message": "m", "count": 1, "type": "Normal", "source": {"component": "kubelet"}}
    created = api.create(event, user="kubelet", trusted=True)
    api.sim.run(seconds=5)
    bumped = api.update(dict(created, count=2), user="kubelet", trusted=True)
    (entry,) = bumped["metadata"]["managedFields"]
    assert (entry["manager"], entry["time"]) == ("kubelet", api.sim.clock.rfc3339())
    assert entry["fieldsV1"] == created["metadata"]["managedFields"][0]["fieldsV1"]
    other = api.update(dict(bumped, count=3), manager="someone")
    assert fields(other, "someone") == {"f:count": {}}
    assert "f:count" not in fields(other, "kubelet")
