"""The REST front without sockets: paths, query parameters and answers as kube-apiserver gives them."""

from __future__ import annotations

import json

import pytest

from k8scourse.engine import ClusterEngine
from k8scourse.errors import SimulationError
from k8scourse.serve import discovery, media
from k8scourse.serve.rest import RestAPI, StreamRequest, WatchRequest
from k8scourse.serve.watch import WatchSession

POD = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "labels": {"app": "web"}},
       "spec": {"containers": [{"name": "web", "image": "nginx"}]}}
TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"


@pytest.fixture
def rest():
    return RestAPI(ClusterEngine(nodes=1, seed=0))


def call(rest, method, path, query=None, body=None, ctype="application/json", accept=""):
    data = json.dumps(body).encode() if isinstance(body, (dict, list)) else (body or b"")
    return rest.handle(method, path, query or {}, {"Accept": accept, "Content-Type": ctype}, data)


def test_errors_are_status_objects_with_the_real_reason_code_and_details(rest):
    reply = call(rest, "GET", "/apis/apps/v1/namespaces/default/deployments/nope")
    assert reply.status == 404
    assert reply.body == {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                          "message": 'deployments.apps "nope" not found', "reason": "NotFound",
                          "details": {"name": "nope", "group": "apps", "kind": "deployments"}, "code": 404}
    assert call(rest, "GET", "/api/v1/namespaces/default/podz").status == 404
    assert call(rest, "POST", "/api/v1/namespaces/default/pods", body=POD).status == 201
    again = call(rest, "POST", "/api/v1/namespaces/default/pods", body=POD)
    assert (again.status, again.body["reason"]) == (409, "AlreadyExists")
    bad = dict(POD, metadata={"name": "Bad_Name"})
    invalid = call(rest, "POST", "/api/v1/namespaces/default/pods", body=bad)
    assert (invalid.status, invalid.body["reason"]) == (422, "Invalid")
    assert invalid.body["details"]["causes"][0]["field"] == "metadata.name"


def test_a_body_the_decoder_refuses_is_a_400_in_the_handlers_words_and_writes_nothing(rest):
    # transformDecodeError: "the object provided is unrecognized (must be of type KIND): ERR (SUMMARY)",
    # the summary being the body's first 30 bytes (as text for an object, else in hex) and " ..."
    revision = rest.engine.store.revision
    prefix = "the object provided is unrecognized (must be of type {}): couldn't get version/kind; json parse error: "
    typemeta = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }'
    cut = b'{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"'
    for method, path, body, kind, message in (
            ("POST", "/api/v1/namespaces/default/configmaps", b"{bad", "ConfigMap",
             "invalid character 'b' looking for beginning of object key string ({bad)"),
            ("PUT", "/api/v1/namespaces/default/configmaps/x", cut, "ConfigMap",
             'unexpected end of JSON input ({"apiVersion":"v1","kind":"Con ...)'),
            ("POST", "/api/v1/namespaces/default/pods", b"[1,2]", "Pod",
             f"json: cannot unmarshal array into Go value of type {typemeta} (5b312c325d)"),
            ("POST", "/api/v1/namespaces/default/pods/web/eviction", b"a: b\n", "Eviction",
             "invalid character 'a' looking for beginning of value (613a20620a)"),
            ("POST", "/api/v1/namespaces/default/pods", b'"' + b"x" * 40 + b'"', "Pod",
             "json: cannot unmarshal string into Go value of type " + typemeta + " (22" + "78" * 29 + " ...)"),
            ("POST", "/api/v1/namespaces/default/configmaps", b"", "ConfigMap", "unexpected end of JSON input (<empty>)"),
            ("PUT", "/api/v1/namespaces/default/configmaps/x", b"", "ConfigMap",
             "unexpected end of JSON input (<empty>)")):
        reply = call(rest, method, path, body=body)
        assert (reply.status, reply.body["reason"]) == (400, "BadRequest"), (path, body)
        assert reply.body["message"] == prefix.format(kind) + message
    assert rest.engine.store.revision == revision


def test_create_get_update_patch_delete_through_the_paths(rest):
    created = call(rest, "POST", "/api/v1/namespaces/default/pods", body=POD).body
    got = call(rest, "GET", "/api/v1/namespaces/default/pods/web").body
    assert got["metadata"]["uid"] == created["metadata"]["uid"]
    got["metadata"]["labels"]["tier"] = "front"
    updated = call(rest, "PUT", "/api/v1/namespaces/default/pods/web", body=got)
    assert updated.status == 200 and updated.body["metadata"]["labels"]["tier"] == "front"
    stale = call(rest, "PUT", "/api/v1/namespaces/default/pods/web", body=got)        # old resourceVersion
    assert (stale.status, stale.body["reason"]) == (409, "Conflict")
    for ctype, patch in (("application/merge-patch+json", {"metadata": {"labels": {"m": "1"}}}),
                         ("application/strategic-merge-patch+json", {"metadata": {"labels": {"s": "1"}}}),
                         ("application/json-patch+json", [{"op": "add", "path": "/metadata/labels/j", "value": "1"}])):
        assert call(rest, "PATCH", "/api/v1/namespaces/default/pods/web", body=patch, ctype=ctype).status == 200
    labels = call(rest, "GET", "/api/v1/namespaces/default/pods/web").body["metadata"]["labels"]
    assert {"m", "s", "j"} <= set(labels)
    unsupported = call(rest, "PATCH", "/api/v1/namespaces/default/pods/web", body={}, ctype="text/plain")
    assert (unsupported.status, unsupported.body["reason"]) == (415, "UnsupportedMediaType")
    gone = call(rest, "DELETE", "/api/v1/namespaces/default/pods/web", {"gracePeriodSeconds": "0"})
    assert gone.status == 200 and gone.body["status"] == "Success" and gone.body["details"]["kind"] == "pods"
    assert call(rest, "GET", "/api/v1/namespaces/default/pods/web").status == 404


def test_dry_run_changes_nothing_and_bad_values_are_refused(rest):
    reply = call(rest, "POST", "/api/v1/namespaces/default/pods", {"dryRun": "All"}, POD)
    assert reply.status == 201 and reply.body["metadata"]["name"] == "web"
    assert call(rest, "GET", "/api/v1/namespaces/default/pods/web").status == 404
    assert call(rest, "POST", "/api/v1/namespaces/default/pods", {"dryRun": "Some"}, POD).status == 400
    assert call(rest, "POST", "/api/v1/namespaces/default/pods", {"fieldValidation": "Loose"}, POD).status == 400


def test_list_selectors_limit_and_continue(rest):
    for n in range(5):
        call(rest, "POST", "/api/v1/namespaces/default/configmaps",
             body={"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": f"c{n}", "labels": {"n": str(n % 2)}}})
    everything = [o["metadata"]["name"] for o in
                  call(rest, "GET", "/api/v1/namespaces/default/configmaps").body["items"]]
    page = call(rest, "GET", "/api/v1/namespaces/default/configmaps", {"limit": "2"}).body
    names = [o["metadata"]["name"] for o in page["items"]]
    assert names == ["c0", "c1"] and page["metadata"]["remainingItemCount"] == len(everything) - 2
    while page["metadata"].get("continue"):
        page = call(rest, "GET", "/api/v1/namespaces/default/configmaps",
                    {"limit": "2", "continue": page["metadata"]["continue"]}).body
        names += [o["metadata"]["name"] for o in page["items"]]
    assert names == everything and names[:5] == ["c0", "c1", "c2", "c3", "c4"]
    odd = call(rest, "GET", "/api/v1/namespaces/default/configmaps", {"labelSelector": "n=1"}).body
    assert [o["metadata"]["name"] for o in odd["items"]] == ["c1", "c3"]
    assert call(rest, "GET", "/api/v1/namespaces/default/configmaps", {"labelSelector": "n in (("}).status == 400
    assert call(rest, "GET", "/api/v1/pods", {"fieldSelector": "spec.nope=1"}).status == 400
    assert call(rest, "GET", "/api/v1/configmaps", {"continue": "!!"}).status == 400


def test_resource_versions_exact_reads_and_too_large(rest):
    created = call(rest, "POST", "/api/v1/namespaces/default/pods", body=POD).body
    rv = created["metadata"]["resourceVersion"]
    call(rest, "DELETE", "/api/v1/namespaces/default/pods/web", {"gracePeriodSeconds": "0"})
    past = call(rest, "GET", "/api/v1/namespaces/default/pods", {"resourceVersion": rv, "resourceVersionMatch": "Exact"})
    assert [o["metadata"]["name"] for o in past.body["items"]] == ["web"]
    assert past.body["metadata"]["resourceVersion"] == rv
    assert call(rest, "GET", "/api/v1/namespaces/default/pods").body["items"] == []
    future = call(rest, "GET", "/api/v1/pods", {"resourceVersion": "999999"})
    assert (future.status, future.body["reason"]) == (504, "Timeout")
    assert future.body["message"].startswith("Timeout: Too large resource version: 999999, current: ")


def test_tables_carry_what_kubectl_prints_and_include_object(rest):
    call(rest, "POST", "/api/v1/namespaces/default/pods", body=POD)
    reply = call(rest, "GET", "/api/v1/namespaces/default/pods", accept=TABLE)
    assert reply.content_type == media.TABLE_TYPE
    table = reply.body
    assert [c["name"] for c in table["columnDefinitions"]][:5] == ["Name", "Ready", "Status", "Restarts", "Age"]
    assert table["rows"][0]["cells"][:3] == ["web", "0/1", "Pending"]
    assert table["rows"][0]["object"]["kind"] == "PartialObjectMetadata"
    full = call(rest, "GET", "/api/v1/namespaces/default/pods/web", {"includeObject": "Object"}, accept=TABLE).body
    assert full["rows"][0]["object"]["kind"] == "Pod"
    none = call(rest, "GET", "/api/v1/namespaces/default/pods", {"includeObject": "None"}, accept=TABLE).body
    assert "object" not in none["rows"][0]


def test_scale_status_binding_and_eviction_subresources(rest):
    deploy = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
              "spec": {"replicas": 1, "selector": {"matchLabels": {"a": "b"}},
                       "template": {"metadata": {"labels": {"a": "b"}},
                                    "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}
    call(rest, "POST", "/apis/apps/v1/namespaces/default/deployments", body=deploy)
    scale = call(rest, "GET", "/apis/apps/v1/namespaces/default/deployments/d/scale").body
    assert (scale["kind"], scale["spec"]["replicas"], scale["status"]["selector"]) == ("Scale", 1, "a=b")
    patched = call(rest, "PATCH", "/apis/apps/v1/namespaces/default/deployments/d/scale",
                   body={"spec": {"replicas": 4}}, ctype="application/merge-patch+json")
    assert patched.body["spec"]["replicas"] == 4
    assert call(rest, "GET", "/apis/apps/v1/namespaces/default/deployments/d").body["spec"]["replicas"] == 4
    call(rest, "POST", "/api/v1/namespaces/default/pods", body=POD)
    node = rest.engine.list("nodes")[0]["metadata"]["name"]
    bound = call(rest, "POST", "/api/v1/namespaces/default/pods/web/binding",
                 body={"apiVersion": "v1", "kind": "Binding", "metadata": {"name": "web"},
                       "target": {"apiVersion": "v1", "kind": "Node", "name": node}})
    assert bound.status == 201
    assert call(rest, "GET", "/api/v1/namespaces/default/pods/web").body["spec"]["nodeName"] == node
    again = call(rest, "POST", "/api/v1/namespaces/default/pods/web/binding",
                 body={"target": {"name": node}})
    assert (again.status, again.body["reason"]) == (409, "Conflict")
    evicted = call(rest, "POST", "/api/v1/namespaces/default/pods/web/eviction",
                   body={"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": "web"}})
    assert evicted.status == 201
    status = call(rest, "GET", "/api/v1/namespaces/default/pods/web/status").body
    assert status["metadata"]["deletionTimestamp"]


def test_autoscaling_v1_is_served_by_conversion(rest):
    hpa = {"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "h"},
           "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "d"},
                    "maxReplicas": 3, "targetCPUUtilizationPercentage": 50}}
    created = call(rest, "POST", "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers", body=hpa)
    assert created.status == 201
    assert created.body["apiVersion"] == "autoscaling/v1" and created.body["spec"]["targetCPUUtilizationPercentage"] == 50
    v2 = call(rest, "GET", "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/h").body
    assert v2["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"] == 50


def test_server_side_apply_owns_fields_and_reports_conflicts(rest):
    cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: '1', b: '2'}\n"
    ssa = "application/apply-patch+yaml"
    first = call(rest, "PATCH", "/api/v1/namespaces/default/configmaps/c", {"fieldManager": "alice"}, cm.encode(), ssa)
    assert first.status == 201
    assert first.body["metadata"]["managedFields"][0]["manager"] == "alice"
    other = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: '9'}\n"
    conflict = call(rest, "PATCH", "/api/v1/namespaces/default/configmaps/c", {"fieldManager": "bob"}, other.encode(), ssa)
    assert (conflict.status, conflict.body["reason"]) == (409, "Conflict")
    assert conflict.body["message"] == 'Apply failed with 1 conflict: conflict with "alice": .data.a'  # an applier: no "using"
    forced = call(rest, "PATCH", "/api/v1/namespaces/default/configmaps/c", {"fieldManager": "bob", "force": "true"},
                  other.encode(), ssa)
    assert forced.body["data"] == {"a": "9", "b": "2"}
    managers = {e["manager"]: e["fieldsV1"] for e in forced.body["metadata"]["managedFields"]}
    assert managers == {"alice": {"f:data": {".": {}, "f:b": {}}}, "bob": {"f:data": {".": {}, "f:a": {}}}}
    # alice drops b: it goes (nobody else owns it)
    only_a = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {}\n"
    after = call(rest, "PATCH", "/api/v1/namespaces/default/configmaps/c", {"fieldManager": "alice"}, only_a.encode(), ssa)
    assert after.body["data"] == {"a": "9"}
    missing = call(rest, "PATCH", "/api/v1/namespaces/default/configmaps/c", {}, cm.encode(), ssa)
    assert missing.status == 400


def test_delete_options_propagation_and_grace(rest):
    call(rest, "POST", "/api/v1/namespaces/default/configmaps",
         body={"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}})
    orphan = call(rest, "DELETE", "/api/v1/namespaces/default/configmaps/c",
                  body={"kind": "DeleteOptions", "apiVersion": "v1", "propagationPolicy": "Orphan"})
    assert orphan.body["metadata"]["finalizers"] == ["orphan"]
    assert call(rest, "DELETE", "/api/v1/namespaces/default/configmaps/c", {"propagationPolicy": "Sideways"}).status == 400


def test_watch_requests_and_sessions(rest):
    api = rest.engine.api
    start = api.store.revision
    call(rest, "POST", "/api/v1/namespaces/default/pods", body=POD)
    req = call(rest, "GET", "/api/v1/namespaces/default/pods", {"watch": "true", "resourceVersion": str(start),
                                                                 "allowWatchBookmarks": "true", "timeoutSeconds": "5"})
    assert isinstance(req, WatchRequest) and req.bookmarks and req.timeout_s == 5
    session = WatchSession(api, req)
    later = []
    initial = session.start(later.append)
    assert [(e["type"], e["object"]["metadata"]["name"]) for e in initial] == [("ADDED", "web")]
    api.patch("pods", "web", "default", {"metadata": {"labels": {"app": "other"}}}, "merge")
    assert [e["type"] for e in later] == ["MODIFIED"]
    session.stop()
    # a label selector turns leaving the selection into DELETED
    req = call(rest, "GET", "/api/v1/namespaces/default/pods", {"watch": "1", "labelSelector": "app=other"})
    session = WatchSession(api, req)
    events = []
    assert [e["type"] for e in session.start(events.append)] == ["ADDED"]
    api.patch("pods", "web", "default", {"metadata": {"labels": {"app": "web"}}}, "merge")
    assert [e["type"] for e in events] == ["DELETED"]
    assert session.bookmark()["object"]["metadata"]["resourceVersion"] == str(api.store.revision)
    session.stop()


def test_watch_from_a_compacted_version_is_gone(rest, monkeypatch):
    from k8scourse import defaults
    monkeypatch.setattr(defaults, "WATCH_HISTORY_REVISIONS", 5)
    for n in range(8):
        call(rest, "POST", "/api/v1/namespaces/default/configmaps",
             body={"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": f"c{n}"}})
    reply = call(rest, "GET", "/api/v1/namespaces/default/configmaps", {"watch": "true", "resourceVersion": "1"})
    assert (reply.status, reply.body["reason"], reply.body["code"]) == (410, "Expired", 410)
    assert reply.body["message"].startswith("too old resource version: 1 (")


def test_watch_as_table_sends_columns_once(rest):
    api = rest.engine.api
    req = call(rest, "GET", "/api/v1/namespaces/default/pods", {"watch": "true"}, accept=TABLE)
    assert req.table
    session = WatchSession(api, req)
    events = []
    session.start(events.append)
    api.create(POD)
    api.patch("pods", "web", "default", {"metadata": {"labels": {"x": "y"}}}, "merge")
    first, second = (session.encode(e, api.sim.clock.unix_ms()) for e in events)
    assert first["object"]["kind"] == "Table" and first["object"]["columnDefinitions"]
    assert second["object"]["columnDefinitions"] is None and second["object"]["rows"][0]["cells"][0] == "web"
    session.stop()


def test_pod_log_and_streams(rest):
    rest.engine.api.create(POD)
    no_host = call(rest, "GET", "/api/v1/namespaces/default/pods/web/log")
    assert (no_host.status, no_host.body["message"]) == (400, "pod web does not have a host assigned")
    assert isinstance(call(rest, "GET", "/api/v1/namespaces/default/pods/web/exec", {"command": "ls"}), StreamRequest)
    assert call(rest, "GET", "/api/v1/namespaces/default/pods/nope/exec").status == 404


def test_discovery_documents(rest):
    versions = call(rest, "GET", "/api").body
    assert versions["kind"] == "APIVersions" and versions["versions"] == ["v1"]
    groups = call(rest, "GET", "/apis").body
    autoscaling = next(g for g in groups["groups"] if g["name"] == "autoscaling")
    assert [v["version"] for v in autoscaling["versions"]] == ["v2", "v1"]
    assert autoscaling["preferredVersion"]["version"] == "v2"
    core = call(rest, "GET", "/api/v1").body
    pods = next(r for r in core["resources"] if r["name"] == "pods")
    assert pods["shortNames"] == ["po"] and pods["categories"] == ["all"] and "watch" in pods["verbs"]
    eviction = next(r for r in core["resources"] if r["name"] == "pods/eviction")
    assert (eviction["group"], eviction["version"], eviction["kind"]) == ("policy", "v1", "Eviction")
    agg = call(rest, "GET", "/apis", accept=media.DISCOVERY_TYPE + ",application/json")
    assert agg.content_type == media.DISCOVERY_TYPE
    apps = next(i for i in agg.body["items"] if i["metadata"]["name"] == "apps")
    deploy = next(r for r in apps["versions"][0]["resources"] if r["resource"] == "deployments")
    assert deploy["scope"] == "Namespaced" and {"subresource": "scale", "verbs": ["get", "patch", "update"],
                                                "responseKind": {"group": "autoscaling", "version": "v1",
                                                                 "kind": "Scale"}} in deploy["subresources"]
    metrics = discovery.resource_list(rest.api.registry, "metrics.k8s.io", "v1beta1", frozenset({"metrics.k8s.io"}))
    assert [r["name"] for r in metrics["resources"]] == ["nodes", "pods"]
    assert call(rest, "GET", "/apis/nope.io").status == 404
    version = call(rest, "GET", "/version").body        # indented, as WriteRawJSON writes it
    assert version.startswith('{\n  "major": "1",\n') and json.loads(version)["gitVersion"] == "v1.32.4"
    assert call(rest, "GET", "/healthz").body == "ok"


def test_openapi_documents_tell_kubectl_the_server_validates_fields(rest):
    root = call(rest, "GET", "/openapi/v3").body
    url = root["paths"]["apis/apps/v1"]["serverRelativeURL"]
    path, _, query = url.partition("?")
    doc = call(rest, "GET", path, {"hash": query.split("=", 1)[1]})
    assert doc.headers["Cache-Control"] == "public, immutable"
    patch = doc.body["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]["patch"]
    assert patch["x-kubernetes-group-version-kind"] == {"group": "apps", "kind": "Deployment", "version": "v1"}
    assert {p["name"] for p in patch["parameters"]} >= {"dryRun", "fieldManager", "fieldValidation", "force"}
    containers = doc.body["components"]["schemas"]["io.k8s.api.core.v1.PodSpec"]["properties"]["containers"]
    assert containers["x-kubernetes-patch-merge-key"] == "name" and containers["type"] == "array"
    assert call(rest, "GET", "/openapi/v3/apis/nope/v1").status == 404
    v2 = rest.handle("GET", "/openapi/v2", {}, {"Accept": "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"})
    assert v2.body.startswith(b"\x0a\x032.0")


def test_protobuf_bodies_are_decoded():
    from k8scourse.serve.protobuf import decode, decode_message

    def field(n, payload):
        return bytes([n << 3 | 2, len(payload)]) + payload

    def varint(n, value):
        return bytes([n << 3, value])
    meta = field(1, b"web") + field(11, field(1, b"app") + field(2, b"web"))
    spec = varint(1, 0) + field(3, field(1, field(1, b"x"))) + varint(5, 0)   # replicas 0 kept, minReadySeconds 0 not
    raw = field(1, meta) + field(2, spec)
    body = b"k8s\x00" + field(1, field(1, b"apps/v1") + field(2, b"Deployment")) + field(2, raw)
    assert decode(body) == {"apiVersion": "apps/v1", "kind": "Deployment",
                            "metadata": {"name": "web", "labels": {"app": "web"}},
                            "spec": {"replicas": 0, "template": {"metadata": {"name": "x"}}}}
    assert decode_message("k8s.io.apimachinery.pkg.apis.meta.v1.Duration", varint(1, 90)) == "90ns"


def test_only_loopback_is_ever_bound():
    from k8scourse.serve.http import check_loopback
    for host in ("127.0.0.1", "::1", "localhost", "127.0.0.2"):
        check_loopback(host)
    for host in ("0.0.0.0", "10.0.0.1", "::", "example.com"):
        with pytest.raises(SimulationError):
            check_loopback(host)


def test_service_account_tokens_authenticate_while_their_secret_exists():
    import base64
    from k8scourse.serve.auth import Authenticator
    engine = ClusterEngine(nodes=0, seed=0)
    auth = Authenticator(engine, token="admin-token")
    engine.api.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "dev"}})
    engine.api.create({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "ci", "namespace": "dev"}})
    engine.api.create({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token",
                       "metadata": {"name": "ci-token", "namespace": "dev",
                                    "annotations": {"kubernetes.io/service-account.name": "ci"}}})
    engine.run(seconds=1)                       # the tokens controller fills the Secret in
    token = base64.b64decode(engine.api.get("secrets", "ci-token", "dev")["data"]["token"]).decode()
    user = auth.authenticate(f"Bearer {token}")
    assert user.name == "system:serviceaccount:dev:ci"
    assert "system:serviceaccounts:dev" in user.groups
    assert auth.authenticate("Bearer admin-token").groups[0] == "system:masters"
    assert auth.authenticate("Bearer sa-secret") is None          # a string that is no signed token
    assert auth.authenticate(f"Basic {token}") is None and auth.authenticate("") is None
    engine.api.delete("secrets", "ci-token", "dev")
    assert auth.authenticate(f"Bearer {token}") is None
    assert Authenticator.public("/healthz") and Authenticator.public("/version") and not Authenticator.public("/api")
