"""The REST front of the simulated API server: HTTP requests in, Kubernetes answers out.

Every request is turned into one call on :class:`k8scourse.apiserver.APIServer` (``get``, ``list``,
``create``, ``update``, ``update_status``, ``patch``, ``delete``, ``bind``, ``evict``, ``pod_log``)
and its answer into what kube-apiserver sends: the object, a ``<Kind>List``, a ``meta.k8s.io/v1``
Table when the client asks for one (server-side printing, :mod:`k8scourse.apiserver.tables`), or a
``Status`` with the error's reason, code and message. This module is transport-free — it knows
paths, query parameters, headers and bodies, not sockets — so it is tested directly; the HTTP
server (:mod:`k8scourse.serve.http`) calls :meth:`RestAPI.handle` under the engine's lock.

Modelled query parameters: ``labelSelector``, ``fieldSelector``, ``limit``/``continue`` (pages in
name order; a continue token carries the list's revision and the last key), ``resourceVersion`` and
``resourceVersionMatch`` on reads (a version newer than the store's is ``504 Timeout: Too large
resource version``; ``Exact`` reads the past from etcd's history), ``dryRun=All``,
``fieldManager``, ``fieldValidation``, ``propagationPolicy``/``gracePeriodSeconds`` on delete (also
from a ``DeleteOptions`` body), ``includeObject`` for Tables (``None``, ``Metadata`` — the default
— or ``Object``).

>>> from k8scourse.engine import ClusterEngine
>>> rest = RestAPI(ClusterEngine(nodes=1, seed=0))
>>> reply = rest.handle("GET", "/api/v1/namespaces/default/pods/nope", {}, {})
>>> reply.status, reply.body["reason"], reply.body["message"]
(404, 'NotFound', 'pods "nope" not found')
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs


from .. import defaults
from ..api.kinds import KindInfo
from ..api.objects import copy_json, dig
from ..apiserver.authorization.rbac import RBAC_GROUP
from ..apiserver.reviews import KINDS as REVIEW_KINDS
from ..apiserver.reviews import review
from ..apiserver.server import as_served, select
from ..apiserver.user import UserInfo, anonymous
from ..apiserver.tables import to_table
from ..api import gojson
from ..cli import yamljson
from ..errors import APIError
from . import discovery, media
from .openapi import openapi_reply
from .paths import ResourcePath, parse
from .reply import JSON, Reply, encode

_PATCH_TYPES = {"application/json-patch+json": "json", "application/merge-patch+json": "merge",
                "application/strategic-merge-patch+json": "strategic", "application/apply-patch+yaml": "apply",
                "application/apply-patch+cbor": "apply"}
_HEALTH = ("/healthz", "/livez", "/readyz")


@dataclass
class WatchRequest:
    """A watch to start: the HTTP layer streams it (:mod:`k8scourse.serve.watch`)."""
    info: KindInfo
    namespace: str | None
    name: str
    label_selector: str
    field_selector: str
    since: int                      # replay history after this revision (0: current state as ADDED)
    bookmarks: bool
    timeout_s: float | None
    table: bool
    include_object: str
    send_initial: bool
    api_version: str = ""           # the version the client asked for, when not the storage version


@dataclass
class StreamRequest:
    """A pod subresource that streams (``log?follow=true``, ``exec``, ``attach``, ``portforward``)."""
    kind: str
    namespace: str
    name: str
    query: dict


def status_reply(exc: APIError, extra_details: dict | None = None) -> Reply:
    body = exc.status()
    if extra_details:
        body["details"].update(extra_details)
    return Reply(exc.code, body)


# The type a subresource's body is decoded into (the main resource and status: the resource's kind).
_SUBRESOURCE_KINDS = {"binding": "Binding", "eviction": "Eviction", "token": "TokenRequest", "scale": "Scale"}


# The subresources that take a POST (kind, subresource); a collection takes one too.
_POST_ROUTES = frozenset({("Pod", "binding"), ("Pod", "eviction"), ("ServiceAccount", "token"), ("Pod", "exec"),
                          ("Pod", "attach"), ("Pod", "portforward")})


def _summary(body: bytes, limit: int = 30) -> str:
    """How kube-apiserver quotes a body it could not decode: an object's first 30 bytes as text,
    anything else in hex, ``<empty>`` for nothing (``summarizeData``)."""
    if not body:
        return "<empty>"
    shown = body[:limit]
    text = shown.decode("utf-8", "replace") if body.startswith(b"{") else shown.hex()
    return text + (" ..." if len(body) > limit else "")


def _first(query: dict, key: str, default: str = "") -> str:
    value = query.get(key, default)
    if isinstance(value, list):
        return value[0] if value else default
    return value


# strconv.ParseBool's true spellings (the API server parses boolean parameters with it)
_TRUE = frozenset({"1", "t", "T", "true", "TRUE", "True"})


def _manager(query: dict, headers: dict) -> str:
    """The field manager of a write: ``fieldManager``, else the User-Agent up to its first ``/``
    (upstream's managerOrUserAgent: ``kubectl/v1.32.4 (linux/amd64) …`` records ``kubectl``)."""
    from ..apiserver.managed_fields import manager_from_user_agent
    return _first(query, "fieldManager") or manager_from_user_agent(
        headers.get("User-Agent") or headers.get("user-agent") or "")


def _bool(query: dict, key: str) -> bool:
    return _first(query, key) in _TRUE


def _int_param(query: dict, key: str) -> int | None:
    text = _first(query, key)
    if text == "":
        return None
    try:
        return int(text)
    except ValueError:
        raise APIError.bad_request(f'strconv.ParseInt: parsing "{text}": invalid syntax') from None


class RestAPI:
    """The REST API of one cluster engine (its API server, kubelets and metrics-server)."""

    def __init__(self, engine):
        self.engine = engine
        self.api = engine.api
        self._who: UserInfo | None = None       # the current request's user (requests run one at a time)

    # ------------------------------------------------------------------ entry
    def handle(self, method: str, path: str, query: dict, headers: dict, body: bytes = b"",
               user: str = "admin", who: UserInfo | None = None):
        """Answer one request: a :class:`Reply`, or a :class:`WatchRequest`/:class:`StreamRequest`.

        ``who`` is the authenticated user: when given, the request is authorized first (the RBAC
        authorizer, as kube-apiserver's authorization filter does before any handler runs)."""
        accept = headers.get("Accept", headers.get("accept", "")) or ""
        self._who = who
        try:
            if who is not None and parse(path) is None:
                self.api.authorize_path(who, "get" if method in ("GET", "HEAD") else method.lower(), path)
            if path in ("/version", "/version/"):       # written indented (WriteRawJSON), unlike the rest
                return Reply(200, json.dumps(discovery.version_info(self.engine.kubernetes_version), indent=2))
            if path.rstrip("/") in _HEALTH or path.startswith(tuple(h + "/" for h in _HEALTH)):
                return self._health(path, query)
            if path in ("/api", "/api/"):
                return self._discovery(accept, legacy=True)
            if path in ("/apis", "/apis/"):
                return self._discovery(accept, legacy=False)
            if path.startswith("/openapi/"):
                return openapi_reply(self, path, query, accept)
            target = parse(path)
            if target is None:
                return self._group_or_404(path)
            if not target.resource:
                doc = discovery.resource_list(self.api.registry, target.group, target.version,
                                              self._aggregated())
                if doc is None:
                    raise APIError.no_such_path()
                return Reply(200, doc)
            return self._resource(method, target, query, headers, body, accept, user)
        except APIError as exc:
            return status_reply(exc)

    # ------------------------------------------------------------------ discovery
    def _aggregated(self) -> frozenset:
        return frozenset(g for g, backend in self.api.api_services.items() if getattr(backend, "running", False))

    def _discovery(self, accept: str, legacy: bool) -> Reply:
        if media.wanted(accept) == "APIGroupDiscoveryList":
            doc = discovery.aggregated(self.api.registry, legacy, self._aggregated())
            version = media.version_of(accept, "APIGroupDiscoveryList") or "v2"
            doc["apiVersion"] = f"apidiscovery.k8s.io/{version}"
            return Reply(200, doc, f"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList")
        if legacy:
            return Reply(200, discovery.api_versions())
        return Reply(200, discovery.api_group_list(self.api.registry, self._aggregated()))

    def _group_or_404(self, path: str) -> Reply:
        parts = [p for p in path.split("/") if p]
        if len(parts) == 2 and parts[0] == "apis":
            doc = discovery.api_group(self.api.registry, parts[1], self._aggregated())
            if doc is not None:
                return Reply(200, doc)
        raise APIError.no_such_path()

    def _health(self, path: str, query: dict) -> Reply:
        checks = ["ping", "log", "etcd", "poststarthook/start-kube-apiserver-admission-initializer"]
        healthy = self.api.running and self.api.store.running
        if "verbose" in query:
            lines = [f"[+]{c} ok" if (c != "etcd" or self.api.store.running) else f"[-]{c} failed: reason withheld"
                     for c in checks]
            name = path.strip("/").split("/")[0]
            lines.append(f"{name} check {'passed' if healthy else 'failed'}")
            return Reply(200 if healthy else 500, "\n".join(lines) + "\n", "text/plain; charset=utf-8")
        if not healthy:
            return Reply(500, "[-]etcd failed: reason withheld\nhealthz check failed\n", "text/plain; charset=utf-8")
        return Reply(200, "ok", "text/plain; charset=utf-8")

    # ------------------------------------------------------------------ resources
    def _info(self, target: ResourcePath) -> KindInfo:
        info = self.api.registry.by_plural(target.resource, target.group)
        if info is None or (target.version != info.version and target.version not in info.also_served) or (
                info.group == "metrics.k8s.io" and info.group not in self._aggregated()):
            raise APIError.no_such_path()
        return info

    def _resource(self, method: str, target: ResourcePath, query: dict, headers: dict, body: bytes,
                  accept: str, user: str):
        info = self._info(target)
        if self._who is not None and target.resource:
            self._authorize(self._who, info, method, target, query)
        result = self._dispatch(info, method, target, query, headers, body, accept, user)
        api_version = f"{target.group}/{target.version}" if target.group else target.version
        if api_version == info.api_version:
            return result
        if isinstance(result, WatchRequest):
            result.api_version = api_version
        elif isinstance(result, Reply) and isinstance(result.body, dict):
            result.body = _as_version(info, result.body, api_version)
        return result

    def _authorize(self, who: UserInfo, info: KindInfo, method: str, target: ResourcePath, query: dict) -> None:
        """The request's verb as upstream's RequestInfo names it, put to the authorizer."""
        sub = target.subresource
        if method in ("GET", "HEAD"):
            verb = ("watch" if _bool(query, "watch") else "list") if target.collection else "get"
            if sub in ("exec", "attach", "portforward"):
                verb = "create"         # a WebSocket upgrade is a GET; 1.32 asks for create, as for POST
        elif method == "POST":
            verb = "create"
        elif method == "PUT":
            verb = "update"
        elif method == "PATCH":
            verb = "patch"
        elif method == "DELETE":
            verb = "deletecollection" if target.collection else "delete"
        else:
            return
        namespace = (target.namespace or "") if info.namespaced else ""
        self.api.authorize(who, verb, info, namespace, target.name or "", sub or "")

    def _writer(self, info: KindInfo):
        """Who writes: RBAC objects through the caller's session, which also prevents escalation;
        CertificateSigningRequests too (the requester goes into the spec, approvals need ``approve``)."""
        if self._who is not None and (info.group == RBAC_GROUP or info.kind == "CertificateSigningRequest"):
            return self.api.as_user(self._who)
        return self.api

    def _dispatch(self, info: KindInfo, method: str, target: ResourcePath, query: dict, headers: dict,
                  body: bytes, accept: str, user: str):
        if target.namespace is not None and not info.namespaced:
            raise APIError.no_such_path()
        ns = target.namespace if info.namespaced else ""
        sub = target.subresource
        if sub and sub not in {s[0] for s in discovery.subresources(info)}:
            raise APIError.no_such_path()
        if info.namespaced and not ns and (target.name or method not in ("GET",)) and not (
                method == "GET" and target.collection):
            raise APIError.no_such_path()
        conversion = media.wanted(accept)
        if method == "GET":
            if sub:
                return self._get_subresource(info, ns, target.name, sub, query)
            if target.collection:
                if _bool(query, "watch"):
                    return self._watch(info, target.namespace if info.namespaced else None, query, conversion)
                return self._list(info, target.namespace if info.namespaced else None, query, conversion)
            obj = self._get(info, ns, target.name, query)
            return self._render(info, [obj], conversion, query, single=True)
        if method == "POST":
            return self._post(info, ns, target, query, headers, body, user, conversion)
        if method == "PUT":
            return self._put(info, ns, target, query, headers, body, user)
        if method == "PATCH":
            return self._patch(info, ns, target, query, headers, body, user)
        if method == "DELETE":
            if target.collection:
                return self._delete_collection(info, target.namespace, query, body, user)
            return self._delete(info, ns, target.name, query, body, user)
        raise APIError.method_not_allowed("the server does not allow this method on the requested resource")

    # ------------------------------------------------------------------ reads
    def _check_rv(self, query: dict) -> int | None:
        """The revision a read asks for (``resourceVersion``), checked against the store's."""
        text = _first(query, "resourceVersion")
        if text in ("", "0"):
            return None
        try:
            rv = int(text)
        except ValueError:
            raise APIError("BadRequest", 400, f'invalid resource version: strconv.ParseUint: parsing "{text}": '
                                              f'invalid syntax') from None
        current = self.api.store.revision
        if rv > current:
            exc = APIError("Timeout", 504, f"Timeout: Too large resource version: {rv}, current: {current}")
            exc.details["causes"] = [{"reason": "ResourceVersionTooLarge",
                                      "message": "Too large resource version"}]
            exc.details["retryAfterSeconds"] = 1
            raise exc
        return rv

    def _get(self, info: KindInfo, ns: str, name: str, query: dict) -> dict:
        rv = self._check_rv(query)
        if rv is not None and _first(query, "resourceVersionMatch") == "Exact":
            objs = self._state_at(info, ns or None, rv)
            for obj in objs:
                if obj["metadata"]["name"] == name:
                    return obj
            raise APIError.not_found(info.plural, name, info.group)
        return self.api.get(info, name, ns)

    def _state_at(self, info: KindInfo, namespace: str | None, revision: int) -> list[dict]:
        """The objects of one resource as they were at ``revision`` (etcd's read at a revision)."""
        if revision < self._oldest_revision():
            raise _expired(revision, self._oldest_revision())
        live: dict[tuple[str, str], dict] = {}
        for entry in self.api.store.history():
            if entry.revision > revision:
                break
            if entry.key[0] != info.storage_resource:
                continue
            if namespace is not None and entry.key[1] != namespace:
                continue
            if entry.verb == "delete":
                live.pop((entry.key[1], entry.key[2]), None)
            else:
                live[(entry.key[1], entry.key[2])] = entry.object
        return [copy_json(live[k]) for k in sorted(live)]

    def _oldest_revision(self) -> int:
        """The oldest revision still readable: etcd keeps ``WATCH_HISTORY_REVISIONS`` of them, and none
        below the revision it was compacted to."""
        return max(0, self.api.store.revision - defaults.WATCH_HISTORY_REVISIONS, self.api.store.compacted_revision)

    def _list(self, info: KindInfo, namespace: str | None, query: dict, conversion: str | None) -> Reply:
        label, fields = _first(query, "labelSelector"), _first(query, "fieldSelector")
        limit = _int_param(query, "limit") or 0
        token = _first(query, "continue")
        start_after, revision = None, None
        if token:
            start_after, revision = _decode_continue(token)
        else:
            revision = self._check_rv(query)
            if revision is not None and _first(query, "resourceVersionMatch") != "Exact":
                revision = None         # NotOlderThan: the current state is not older
        if revision is not None:
            items = [as_served(info, o) for o in select(info, self._state_at(info, namespace, revision), label,
                                                           fields)]
            list_rv = revision
        else:
            listed = self.api.list(info, namespace, label, fields)
            items, list_rv = listed["items"], int(listed["metadata"].get("resourceVersion") or self.api.store.revision)
        if start_after is not None:
            items = [o for o in items if _key_of(o) > start_after]
        md: dict = {"resourceVersion": str(list_rv)}
        if limit > 0 and len(items) > limit:
            rest = len(items) - limit
            items = items[:limit]
            md["continue"] = _encode_continue(_key_of(items[-1]), list_rv)
            md["remainingItemCount"] = rest
        if conversion == "Table":
            table = self._table(info, items, query)
            table["metadata"] = md
            return Reply(200, table, media.TABLE_TYPE)
        if conversion in ("PartialObjectMetadata", "PartialObjectMetadataList"):
            return Reply(200, {"kind": "PartialObjectMetadataList", "apiVersion": "meta.k8s.io/v1", "metadata": md,
                               "items": [_partial(o) for o in items]},
                         "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io")
        return Reply(200, {"kind": f"{info.kind}List", "apiVersion": info.api_version, "metadata": md,
                           "items": items})

    def _table(self, info: KindInfo, objects: list[dict], query: dict) -> dict:
        include = _first(query, "includeObject") or "Metadata"
        if include not in ("None", "Metadata", "Object"):
            raise APIError.bad_request(f'includeObject: Unsupported value: "{include}": supported values: '
                                       f'"Metadata", "None", "Object"')
        table = to_table(info, objects, self.api.sim.clock.unix_ms())
        for row in table["rows"]:
            obj = row.pop("object")
            if include == "Object":
                row["object"] = obj
            elif include == "Metadata":
                row["object"] = _partial(obj)
        return table

    def _render(self, info: KindInfo, objects: list[dict], conversion: str | None, query: dict,
                single: bool = False, status: int = 200) -> Reply:
        if conversion == "Table":
            table = self._table(info, objects, query)
            table["metadata"] = {"resourceVersion": dig(objects[0], "metadata", "resourceVersion", default="")}
            return Reply(status, table, media.TABLE_TYPE)
        if conversion in ("PartialObjectMetadata", "PartialObjectMetadataList") and single:
            return Reply(status, _partial(objects[0]), "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io")
        return Reply(status, objects[0])

    def _get_subresource(self, info: KindInfo, ns: str, name: str, sub: str, query: dict):
        if sub == "status" or (sub == "approval" and info.kind == "CertificateSigningRequest"):
            return Reply(200, self.api.get(info, name, ns))
        if sub == "scale":
            return Reply(200, self._scale_of(info, self.api.get(info, name, ns)))
        if info.kind == "Pod" and sub == "log":
            return self._log(ns, name, query)
        if info.kind == "ServiceAccount" and sub == "token":
            from ..apiserver.tokens import token_request
            return Reply(201, token_request(self.api, ns, target.name, doc if isinstance(doc, dict) else {}))
        if info.kind == "Pod" and sub in ("exec", "attach", "portforward"):
            self.api.get(info, name, ns)
            return StreamRequest(sub, ns, name, query)
        raise APIError.method_not_allowed("the server does not allow this method on the requested resource")

    def _log(self, ns: str, name: str, query: dict):
        container = _first(query, "container") or None
        if _bool(query, "follow"):
            # check now what a plain read would refuse (no node, kubelet unreachable, waiting container)
            self.api.pod_log(ns, name, container, tail_lines=0)
            return StreamRequest("log", ns, name, query)
        text = self.api.pod_log(ns, name, container, previous=_bool(query, "previous"),
                                tail_lines=_int_param(query, "tailLines"),
                                timestamps=_bool(query, "timestamps"),
                                since_seconds=_int_param(query, "sinceSeconds"),
                                limit_bytes=_int_param(query, "limitBytes"))
        return Reply(200, text.encode(), "text/plain")

    def _scale_of(self, info: KindInfo, obj: dict) -> dict:
        """The ``autoscaling/v1`` Scale view of a scalable object."""
        md = obj["metadata"]
        selector = dig(obj, "status", "selector") or ""
        if not selector:
            match = dig(obj, "spec", "selector", default={}) or {}
            labels = match.get("matchLabels", match) if isinstance(match, dict) else {}
            selector = ",".join(f"{k}={v}" for k, v in sorted(labels.items()) if isinstance(v, str))
        scale_md = {k: md[k] for k in ("name", "namespace", "uid", "resourceVersion", "creationTimestamp")
                    if k in md}
        return {"kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": scale_md,
                "spec": {"replicas": dig(obj, "spec", "replicas", default=1)},
                "status": {"replicas": dig(obj, "status", "replicas", default=0), "selector": selector}}

    # ------------------------------------------------------------------ watch
    def _watch(self, info: KindInfo, namespace: str | None, query: dict, conversion: str | None) -> WatchRequest:
        label, fields = _first(query, "labelSelector"), _first(query, "fieldSelector")
        select(info, [], label, fields)            # a malformed selector is a 400 before the stream
        rv_text = _first(query, "resourceVersion")
        since = 0
        send_initial = rv_text in ("", "0")
        if not send_initial:
            try:
                since = int(rv_text)
            except ValueError:
                raise APIError("BadRequest", 400, f'invalid resource version: strconv.ParseUint: parsing '
                                                  f'"{rv_text}": invalid syntax') from None
            if since < self._oldest_revision():
                raise _expired(since, self._oldest_revision())
            self._check_rv(query)
        timeout = _int_param(query, "timeoutSeconds")
        name = ""
        return WatchRequest(info, namespace, name, label, fields, since,
                            _bool(query, "allowWatchBookmarks"),
                            float(timeout) if timeout else None, conversion == "Table",
                            _first(query, "includeObject") or "Metadata", send_initial)

    # ------------------------------------------------------------------ writes
    def _decode_body(self, headers: dict, body: bytes, into: str = "", required: bool = False) -> Any:
        """The request's object, read as kube-apiserver's serializers read it. A body its decoder
        refuses is a 400 in the handler's words (``transformDecodeError``): ``the object provided is
        unrecognized (must be of type KIND): <decoder's error> (<the body's first 30 bytes>)`` —
        Go's JSON scanner for JSON (:mod:`k8scourse.api.gojson`), go-yaml for YAML. A ``required``
        object (a create or replace) missing altogether is Go's ``unexpected end of JSON input``."""
        ctype = (headers.get("Content-Type") or headers.get("content-type") or JSON).split(";")[0].strip().lower()
        if not body and not required:
            return None
        if ctype == "application/vnd.kubernetes.protobuf":
            from .protobuf import ProtobufError, decode
            try:
                return decode(body)
            except (ProtobufError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise APIError.bad_request(f"the body of the request was in an unknown format: {exc}") from None
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise APIError.bad_request("the body of the request was in an unknown format") from None
        problem = ""
        if ctype in ("application/yaml", "application/apply-patch+yaml"):
            try:
                doc = yamljson.load(text)
            except yamljson.YAMLError as exc:
                raise APIError.bad_request(f"error converting YAML to JSON: {exc}") from None
        else:
            try:
                doc = gojson.unmarshal(body)
            except gojson.JSONError as exc:
                problem = str(exc)
        if not problem and not isinstance(doc, dict):
            if doc is None and not (required and not body):
                return doc
            problem = "unexpected end of JSON input" if doc is None else \
                f"json: cannot unmarshal {gojson.type_name(doc)} into Go value of type {gojson.TYPEMETA_STRUCT}"
        if not problem:
            return doc
        raise APIError.bad_request(f"the object provided is unrecognized (must be of type {into or 'Unknown'}): "
                                   f"couldn't get version/kind; json parse error: {problem} ({_summary(body)})")

    @staticmethod
    def _dry_run(query: dict) -> bool:
        values = query.get("dryRun", [])
        values = [values] if isinstance(values, str) else values
        for value in values:
            if value != "All":
                raise APIError.bad_request(f'dryRun: Unsupported value: "{value}": supported values: "All"')
        return bool(values)

    def _field_validation(self, query: dict) -> str:
        mode = _first(query, "fieldValidation") or "Strict"
        if mode not in ("Strict", "Warn", "Ignore"):
            raise APIError.bad_request(f"fieldValidation: Invalid value: \"{mode}\": fieldValidation must be one "
                                       f"of \"Ignore\", \"Warn\", or \"Strict\"")
        return mode

    def _post(self, info, ns, target, query, headers, body, user, conversion) -> Reply:
        sub = target.subresource
        dry_run = self._dry_run(query)
        if (info.kind, sub) not in _POST_ROUTES if sub else bool(target.name):   # no POST route: refused unread
            raise APIError.method_not_allowed("the server does not allow this method on the requested resource")
        doc = self._decode_body(headers, body, _SUBRESOURCE_KINDS.get(sub, info.kind), required=not sub)
        if info.kind == "Pod" and sub == "binding":
            node = dig(doc or {}, "target", "name", default="")
            return Reply(201, self.api.bind(ns, target.name, node, user=user))
        if info.kind == "Pod" and sub == "eviction":
            grace = dig(doc or {}, "deleteOptions", "gracePeriodSeconds")
            dry = dry_run or bool(dig(doc or {}, "deleteOptions", "dryRun"))
            return Reply(201, self.api.evict(ns, target.name, user=user, grace_period=grace, dry_run=dry))
        if info.kind == "ServiceAccount" and sub == "token":
            from ..apiserver.tokens import token_request
            return Reply(201, token_request(self.api, ns, target.name, doc if isinstance(doc, dict) else {}))
        if info.kind == "Pod" and sub in ("exec", "attach", "portforward"):
            self.api.get(info, target.name, ns)
            return StreamRequest(sub, ns, target.name, query)
        if sub or target.name:
            raise APIError.method_not_allowed("the server does not allow this method on the requested resource")
        if not isinstance(doc, dict):
            raise APIError.bad_request("the body of the request was in an unknown format")
        self._field_validation(query)
        if info.kind == "Binding":
            node = dig(doc, "target", "name", default="")
            return Reply(201, self.api.bind(ns, dig(doc, "metadata", "name", default=""), node, user=user))
        if info.kind in REVIEW_KINDS:
            caller = self._who or anonymous()
            return Reply(201, review(self.api, caller, info.kind, ns, doc))
        self._check_kind(info, doc)
        created = self._writer(info).create(doc, ns or None, resource=info, dry_run=dry_run, user=user,
                                            manager=_manager(query, headers))
        return self._render(info, [created], conversion if conversion == "Table" else None, query, status=201)

    @staticmethod
    def _check_kind(info: KindInfo, doc: dict) -> None:
        """The body must be the URL's kind (a Deployment posted to ``…/pods`` is refused)."""
        kind, api_version = doc.get("kind"), doc.get("apiVersion")
        if kind and kind != info.kind or api_version and api_version not in info.served_api_versions():
            raise APIError.bad_request(f'the API version in the data ({api_version}) does not match the expected '
                                       f'API version ({info.api_version})' if api_version
                                       and api_version not in info.served_api_versions()
                                       else f"{kind} in version \"{info.version}\" cannot be handled as a "
                                            f"{info.kind}: no kind \"{kind}\" is registered for version "
                                            f"\"{info.api_version}\" in scheme \"pkg/api/legacyscheme/scheme.go:30\"")

    def _name_matches(self, info: KindInfo, name: str, doc: dict) -> None:
        body_name = dig(doc, "metadata", "name", default="")
        if body_name and body_name != name:
            raise APIError.bad_request("the name of the object (%s) does not match the name on the URL (%s)"
                                       % (body_name, name))

    def _put(self, info, ns, target, query, headers, body, user) -> Reply:
        doc = self._decode_body(headers, body, _SUBRESOURCE_KINDS.get(target.subresource, info.kind), required=True)
        if not isinstance(doc, dict):
            raise APIError.bad_request("the body of the request was in an unknown format")
        dry_run = self._dry_run(query)
        self._field_validation(query)
        if target.collection:
            raise APIError.method_not_allowed("the server does not allow this method on the requested resource")
        self._check_kind(info, doc) if target.subresource != "scale" else None
        self._name_matches(info, target.name, doc)
        doc = copy_json(doc)
        md = doc.setdefault("metadata", {}) if isinstance(doc.get("metadata"), dict) or "metadata" not in doc \
            else doc["metadata"]
        if isinstance(md, dict):
            md.setdefault("name", target.name)
            if info.namespaced:
                if md.get("namespace") and md["namespace"] != ns:
                    raise APIError.bad_request("the namespace of the provided object does not match the namespace "
                                               "sent on the request")
                md["namespace"] = ns
        sub = target.subresource
        if sub == "status":
            return Reply(200, self.api.update_status(doc, user=user, resource=info, dry_run=dry_run, trusted=False,
                                                     manager=_manager(query, headers)))
        if sub == "finalize" and info.kind == "Namespace":
            return Reply(200, self.api.finalize_namespace(doc, user=user))
        if sub == "approval" and info.kind == "CertificateSigningRequest":
            return Reply(200, self._writer(info).update_approval(doc, user=user, dry_run=dry_run,
                                                                 manager=_manager(query, headers)))
        if sub == "scale":
            replicas = dig(doc, "spec", "replicas")
            patched = self.api.patch(info, target.name, ns, {"spec": {"replicas": replicas}}, "merge",
                                     dry_run=dry_run, user=user, subresource="scale",
                                     manager=_manager(query, headers))
            return Reply(200, self._scale_of(info, patched))
        if sub:
            raise APIError.method_not_allowed("the server does not allow this method on the requested resource")
        doc.setdefault("apiVersion", info.api_version)
        doc.setdefault("kind", info.kind)
        if self.api.peek(info, target.name, ns) is None:
            # PUT of a missing object creates it for the kinds that allow create-on-update (none here)
            raise APIError.not_found(info.plural, target.name, info.group)
        return Reply(200, self._writer(info).update(doc, dry_run=dry_run, user=user, resource=info,
                                                    manager=_manager(query, headers)))

    def _patch(self, info, ns, target, query, headers, body, user) -> Reply:
        ctype = (headers.get("Content-Type") or headers.get("content-type") or "").split(";")[0].strip().lower()
        patch_type = _PATCH_TYPES.get(ctype)
        if patch_type is None:
            return Reply(415, APIError("UnsupportedMediaType", 415,
                                       'the body of the request was in an unknown format - accepted media types '
                                       'include: application/json-patch+json, application/merge-patch+json, '
                                       'application/apply-patch+yaml').status())
        dry_run = self._dry_run(query)
        self._field_validation(query)
        sub = target.subresource
        if patch_type == "apply":
            from ..apiserver.apply import server_side_apply
            doc = self._decode_body(headers, body, info.kind)
            manager = _first(query, "fieldManager")
            if not manager:
                raise APIError.bad_request("PATCH, application/apply-patch+yaml requests must have a fieldManager")
            result, created = server_side_apply(self.api, info, ns, target.name, doc, manager=manager,
                                                force=_bool(query, "force"), dry_run=dry_run,
                                                user=user, subresource=sub)
            return Reply(201 if created else 200, result)
        # the patch goes on as text: the API server reads it with Go's decoder and words its errors
        try:
            patch = body.decode("utf-8") if body else None
        except UnicodeDecodeError as exc:
            raise APIError.bad_request(f"error decoding patch: {exc}") from None
        if sub == "scale":
            scale = self._scale_of(info, self.api.get(info, target.name, ns))
            from ..apiserver.patch import apply_patch
            try:
                patched_scale = apply_patch(scale, patch, patch_type)
            except ValueError as exc:
                raise APIError.bad_request(str(exc)) from None
            replicas = dig(patched_scale, "spec", "replicas")
            updated = self.api.patch(info, target.name, ns, {"spec": {"replicas": replicas}}, "merge",
                                     dry_run=dry_run, user=user, subresource="scale",
                                     manager=_manager(query, headers))
            return Reply(200, self._scale_of(info, updated))
        if sub not in ("", "status") and not (sub == "approval" and info.kind == "CertificateSigningRequest"):
            raise APIError.method_not_allowed("the server does not allow this method on the requested resource")
        return Reply(200, self._writer(info).patch(info, target.name, ns, patch, patch_type, subresource=sub,
                                                   dry_run=dry_run, user=user, manager=_manager(query, headers)))

    def _delete_options(self, query: dict, body: bytes) -> tuple[str, int | None, bool]:
        options = {}
        if body:
            try:
                options = json.loads(body.decode("utf-8")) or {}
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise APIError.bad_request("the body of the request was in an unknown format") from None
        propagation = _first(query, "propagationPolicy") or options.get("propagationPolicy") or ""
        if not propagation and (options.get("orphanDependents") or _first(query, "orphanDependents") == "true"):
            propagation = "Orphan"
        if propagation and propagation not in ("Orphan", "Background", "Foreground"):
            raise APIError.bad_request(f'propagationPolicy: Unsupported value: "{propagation}": supported values: '
                                       f'"Foreground", "Background", "Orphan"')
        grace = _int_param(query, "gracePeriodSeconds")
        if grace is None:
            grace = options.get("gracePeriodSeconds")
        dry = self._dry_run(query) or bool(options.get("dryRun"))
        return propagation or "Background", grace, dry

    def _delete(self, info, ns, name, query, body, user) -> Reply:
        propagation, grace, dry_run = self._delete_options(query, body)
        result = self.api.delete(info, name, ns, propagation=propagation, grace_period=grace,
                                 dry_run=dry_run, user=user)
        if dry_run or self.api.peek(info, name, ns) is not None:
            return Reply(200, result)
        return Reply(200, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
                           "details": {"name": name, "group": info.group, "kind": info.plural,
                                       "uid": dig(result, "metadata", "uid", default="")}})

    def _delete_collection(self, info, namespace, query, body, user) -> Reply:
        propagation, grace, dry_run = self._delete_options(query, body)
        listed = self.api.list(info, namespace if info.namespaced else None, _first(query, "labelSelector"),
                               _first(query, "fieldSelector"))
        deleted = []
        for obj in listed["items"]:
            md = obj["metadata"]
            try:
                deleted.append(self.api.delete(info, md["name"], md.get("namespace", ""), propagation=propagation,
                                               grace_period=grace, dry_run=dry_run, user=user))
            except APIError as exc:
                if exc.reason != "NotFound":
                    raise
        return Reply(200, {"kind": f"{info.kind}List", "apiVersion": info.api_version,
                           "metadata": {"resourceVersion": str(self.api.store.revision)}, "items": deleted})


def _as_version(info: KindInfo, body: dict, api_version: str) -> dict:
    """An answer in the version the request's path names (objects, lists, a Table's objects)."""
    from ..apiserver.validation import convert_to_version
    kind = body.get("kind")
    if kind == info.kind:
        return convert_to_version(info, body, api_version)
    if kind == f"{info.kind}List":
        return dict(body, apiVersion=api_version,
                    items=[convert_to_version(info, o, api_version) for o in body.get("items") or []])
    if kind == "Table":
        for row in body.get("rows") or []:
            if isinstance(row.get("object"), dict) and row["object"].get("kind") == info.kind:
                row["object"] = convert_to_version(info, row["object"], api_version)
    return body


def _partial(obj: dict) -> dict:
    return {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": obj.get("metadata", {})}


def _key_of(obj: dict) -> tuple[str, str]:
    md = obj.get("metadata") or {}
    return (md.get("namespace", ""), md.get("name", ""))


def _encode_continue(key: tuple[str, str], revision: int) -> str:
    raw = json.dumps({"v": "meta.k8s.io/v1", "rv": revision, "start": f"{key[0]}/{key[1]}"}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_continue(token: str) -> tuple[tuple[str, str], int]:
    try:
        raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        ns, _, name = raw["start"].partition("/")
        return (ns, name), int(raw["rv"])
    except (ValueError, KeyError, TypeError):
        raise APIError.bad_request("continue key is not valid: illegal base64 data at input byte 0") from None


def _expired(revision: int, oldest: int) -> APIError:
    return APIError("Expired", 410, f"too old resource version: {revision} ({oldest})")


def raw_request(engine, path: str, who: UserInfo | None, method: str = "GET",
                body: bytes = b"") -> tuple[int, str]:
    """``kubectl get|create|replace|delete --raw PATH`` inside the kernel: the status and the body the
    served endpoint would send, for the user ``who`` (authorized as a served request is). kubectl
    sends a raw body as it is, labelled JSON."""
    target, _, query_text = path.partition("?")
    query = {k: v if len(v) > 1 else v[0] for k, v in parse_qs(query_text, keep_blank_values=True).items()}
    # the User-Agent's prefix is the field manager of a raw write (kubectl sends no fieldManager)
    headers = {"Accept": "application/json", "Content-Type": JSON, "User-Agent": "kubectl"}
    reply = RestAPI(engine).handle(method, target, query, headers, body, user=who.name if who else "admin", who=who)
    if not isinstance(reply, Reply):            # a watch or a stream: not through --raw here
        reply = status_reply(APIError.bad_request("watch and streaming requests are not modelled with --raw"))
    body = reply.body
    text = body.decode() if isinstance(body, (bytes, bytearray)) else body if isinstance(body, str) \
        else encode(body).decode()
    return reply.status, text
