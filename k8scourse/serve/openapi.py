"""OpenAPI v3 and v2 documents of the served API, built from the schemas the API server validates with.

kube-apiserver publishes ``/openapi/v3`` — a root listing one document per group version
(``{"paths": {"apis/apps/v1": {"serverRelativeURL": "/openapi/v3/apis/apps/v1?hash=…"}}}``) — and
``/openapi/v2``, one Swagger document for everything. kubectl reads them for ``explain``, to learn
whether the server validates fields itself (the ``fieldValidation`` parameter of each kind's PATCH
operation: then it sends ``fieldValidation=Strict`` and skips client-side validation) and for the
strategic-merge-patch metadata ``apply`` computes patches with (``x-kubernetes-patch-merge-key``,
``x-kubernetes-patch-strategy``).

The schemas are the ones :mod:`k8scourse.apiserver.validation.schema` already reads: the upstream
OpenAPI definitions as kubernetes-validate ships them (JSON Schema with ``$defs``). They are turned
back into OpenAPI: nullable type lists become the plain type, ``#/$defs/X`` references become
``#/components/schemas/X`` (v2: ``#/definitions/X``), a reference with a description is wrapped in
``allOf`` as upstream's v3 documents do, and what kubernetes-validate added for strictness
(``additionalProperties: false``, the ``apiVersion``/``kind`` enums) is dropped. Each group version's
document holds the schemas of its kinds and everything they reference, and its paths carry the
operations with ``x-kubernetes-group-version-kind`` and the query parameters the server honours.

kubectl asks for ``/openapi/v2`` only as protobuf, and only for kinds the v3 documents do not
describe (a manifest of an unserved ``batch/v1beta1`` CronJob): it gets a valid document without
definitions, so it skips client-side validation and reports the missing mapping, as against a real
server. Deliberate difference: the protobuf form of ``/openapi/v2`` carries no definitions (its JSON
form has them all).

>>> root = v3_root()
>>> root["paths"]["api/v1"]["serverRelativeURL"].startswith("/openapi/v3/api/v1?hash=")
True
>>> doc = v3_document("apps", "v1")
>>> doc["components"]["schemas"]["io.k8s.api.apps.v1.Deployment"]["x-kubernetes-group-version-kind"]
[{'group': 'apps', 'kind': 'Deployment', 'version': 'v1'}]
"""

from __future__ import annotations

import hashlib
import json
import threading

from .. import defaults
from ..api.kinds import REGISTRY, KindInfo
from ..apiserver.validation.schema import _definitions
from ..errors import APIError
from . import discovery
from .reply import Reply

_lock = threading.Lock()
_cache: dict = {}

_PARAM_DOCS = {
    "dryRun": "When present, indicates that modifications should not be persisted. An invalid or unrecognized "
              "dryRun directive will result in an error response and no further processing of the request. "
              "Valid values are: - All: all dry run stages will be processed",
    "fieldManager": "fieldManager is a name associated with the actor or entity that is making these changes.",
    "fieldValidation": "fieldValidation instructs the server on how to handle objects in the request "
                       "(POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - "
                       "Warn - Strict",
    "force": "Force is going to \"force\" Apply requests. It means user will re-acquire conflicting fields "
             "owned by other people.",
    "pretty": "If 'true', then the output is pretty printed.",
    "labelSelector": "A selector to restrict the list of returned objects by their labels.",
    "fieldSelector": "A selector to restrict the list of returned objects by their fields.",
    "limit": "limit is a maximum number of responses to return for a list call.",
    "continue": "The continue option should be set when retrieving more results from the server.",
    "resourceVersion": "resourceVersion sets a constraint on what resource versions a request may be served from.",
    "resourceVersionMatch": "resourceVersionMatch determines how resourceVersion is applied to list calls.",
    "watch": "Watch for changes to the described resources and return them as a stream of add, update, and "
             "remove notifications.",
    "allowWatchBookmarks": "allowWatchBookmarks requests watch events with type \"BOOKMARK\".",
    "timeoutSeconds": "Timeout for the list/watch call.",
    "gracePeriodSeconds": "The duration in seconds before the object should be deleted.",
    "propagationPolicy": "Whether and how garbage collection will be performed.",
}
_TYPES = {"dryRun": "string", "fieldManager": "string", "fieldValidation": "string", "force": "boolean",
          "pretty": "string", "labelSelector": "string", "fieldSelector": "string", "limit": "integer",
          "continue": "string", "resourceVersion": "string", "resourceVersionMatch": "string", "watch": "boolean",
          "allowWatchBookmarks": "boolean", "timeoutSeconds": "integer", "gracePeriodSeconds": "integer",
          "propagationPolicy": "string"}
_LIST_PARAMS = ("allowWatchBookmarks", "continue", "fieldSelector", "labelSelector", "limit", "pretty",
                "resourceVersion", "resourceVersionMatch", "timeoutSeconds", "watch")
_WRITE_PARAMS = ("pretty", "dryRun", "fieldManager", "fieldValidation")


# --------------------------------------------------------------------------- schema conversion
def _convert(node, ref_prefix: str, v3: bool):
    """A kubernetes-validate schema node as an OpenAPI schema node."""
    if isinstance(node, list):
        return [_convert(n, ref_prefix, v3) for n in node]
    if not isinstance(node, dict):
        return node
    out: dict = {}
    for key, value in node.items():
        if key in ("$schema", "$id"):
            continue
        if key == "additionalProperties" and value is False:
            continue
        if key == "type" and isinstance(value, list):
            kinds = [v for v in value if v != "null"]
            value = kinds[0] if len(kinds) == 1 else kinds
        if key == "$ref" and isinstance(value, str):
            value = ref_prefix + value.rsplit("/", 1)[-1]
        if key == "properties" and isinstance(value, dict):
            props = {}
            for name, prop in value.items():
                prop = dict(prop)
                if name in ("apiVersion", "kind"):
                    prop.pop("enum", None)
                props[name] = _convert(prop, ref_prefix, v3)
            out[key] = props
            continue
        out[key] = _convert(value, ref_prefix, v3)
    if "oneOf" in out and not out.get("properties"):
        # IntOrString and Quantity: upstream publishes them as strings with a format
        kinds = {alt.get("type") for alt in out.pop("oneOf") if isinstance(alt, dict)}
        out["type"] = "string"
        if "integer" in kinds:
            out["format"] = "int-or-string"
            if v3:
                out["x-kubernetes-int-or-string"] = True
    if v3 and "$ref" in out and len(out) > 1:
        ref = out.pop("$ref")
        out = {"allOf": [{"$ref": ref}], **out}
    return out


def _refs(node, found: set) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            found.add(ref.rsplit("/", 1)[-1])
        for value in node.values():
            _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)


def _closure(names: set[str]) -> list[str]:
    defs = _definitions()
    seen: set[str] = set()
    todo = [n for n in names if n in defs]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        found: set[str] = set()
        _refs(defs[name], found)
        todo.extend(f for f in found if f in defs and f not in seen)
    return sorted(seen)


def _definition_of(info: KindInfo, version: str | None = None) -> str | None:
    """The definition name (``io.k8s.api.apps.v1.Deployment``) of a kind at a version (default: its
    storage version), from the definitions' GVK extension."""
    index = _cache.get("gvk")
    if index is None:
        index = {}
        for name, schema in _definitions().items():
            for gvk in schema.get("x-kubernetes-group-version-kind") or []:
                index.setdefault((gvk.get("group", ""), gvk.get("version", ""), gvk.get("kind", "")), name)
        _cache["gvk"] = index
    return index.get((info.group, version or info.version, info.kind))


# --------------------------------------------------------------------------- paths
def _param(name: str, location: str = "query", v3: bool = True, required: bool = False) -> dict:
    param = {"name": name, "in": location, "description": _PARAM_DOCS.get(name, name)}
    if location == "path":
        param["required"] = True
        param["description"] = f"name of the {'Namespace' if name == 'namespace' else 'object'}"
    if required:
        param["required"] = True
    kind = "string" if location == "path" else _TYPES.get(name, "string")
    if v3:
        param["schema"] = {"type": kind, "uniqueItems": True}
    else:
        param["type"] = kind
        param["uniqueItems"] = True
    return param


def _op_id(verb: str, info: KindInfo, namespaced_path: bool, suffix: str = "") -> str:
    group = "".join(part.capitalize() for part in (info.group.split(".")[0] if info.group else "core").split("-"))
    scope = "Namespaced" if namespaced_path else ""
    return f"{verb}{group}{info.version.capitalize()}{scope}{info.kind}{suffix}"


def _body_schema(ref: str, v3: bool) -> dict:
    return {"$ref": ref}


def _responses(ref: str, v3: bool, codes=("200",)) -> dict:
    if v3:
        return {code: {"description": "OK", "content": {"application/json": {"schema": {"$ref": ref}}}}
                for code in codes}
    return {code: {"description": "OK", "schema": {"$ref": ref}} for code in codes}


def _paths(info: KindInfo, definition: str, v3: bool, ref_prefix: str, version: str | None = None) -> dict:
    version = version or info.version
    base = f"/api/{version}" if not info.group else f"/apis/{info.group}/{version}"
    gvk = {"group": info.group, "kind": info.kind, "version": version}
    ref = ref_prefix + definition
    list_ref = ref_prefix + definition + "List"
    verbs = set(info.verbs)
    paths: dict = {}

    def operation(verb: str, action: str, namespaced: bool, response: str, params=(), body=False, suffix=""):
        op = {"description": f"{action} {info.kind}", "operationId": _op_id(verb, info, namespaced, suffix),
              "tags": [f"{info.group or 'core'}_{info.version}"],
              "x-kubernetes-action": action, "x-kubernetes-group-version-kind": gvk,
              "parameters": [_param(p, v3=v3) for p in params], "responses": _responses(response, v3)}
        if body:
            if v3:
                types = ["application/json", "application/yaml"]
                if verb == "patch":
                    types = ["application/apply-patch+yaml", "application/json-patch+json",
                             "application/merge-patch+json", "application/strategic-merge-patch+json"]
                schema = {"$ref": ref} if verb != "patch" else {"$ref": ref_prefix +
                                                                "io.k8s.apimachinery.pkg.apis.meta.v1.Patch"}
                op["requestBody"] = {"content": {t: {"schema": schema} for t in types}, "required": True}
            else:
                op["parameters"].insert(0, {"name": "body", "in": "body", "required": True,
                                            "schema": _body_schema(ref, v3)})
        return op

    scopes = [True] if info.namespaced else [False]
    for namespaced in scopes:
        prefix = f"{base}/namespaces/{{namespace}}/{info.plural}" if namespaced else f"{base}/{info.plural}"
        path_params = [_param("namespace", "path", v3)] if namespaced else []
        collection: dict = {"parameters": path_params + [_param("pretty", v3=v3)]}
        if "list" in verbs:
            collection["get"] = operation("list", "list", namespaced, list_ref, _LIST_PARAMS)
        if "create" in verbs:
            collection["post"] = operation("create", "post", namespaced, ref, ("dryRun", "fieldManager",
                                                                                "fieldValidation"), body=True)
        if "deletecollection" in verbs:
            collection["delete"] = operation("delete", "deletecollection", namespaced,
                                             ref_prefix + "io.k8s.apimachinery.pkg.apis.meta.v1.Status",
                                             ("dryRun", "gracePeriodSeconds", "labelSelector", "fieldSelector",
                                              "propagationPolicy"), suffix="Collection")
        if len(collection) > 1:
            paths[prefix] = collection
        item: dict = {"parameters": path_params + [_param("name", "path", v3), _param("pretty", v3=v3)]}
        if "get" in verbs:
            item["get"] = operation("read", "get", namespaced, ref)
        if "update" in verbs:
            item["put"] = operation("replace", "put", namespaced, ref, ("dryRun", "fieldManager", "fieldValidation"),
                                    body=True)
        if "patch" in verbs:
            item["patch"] = operation("patch", "patch", namespaced, ref,
                                      ("dryRun", "fieldManager", "fieldValidation", "force"), body=True)
        if "delete" in verbs:
            item["delete"] = operation("delete", "delete", namespaced,
                                       ref_prefix + "io.k8s.apimachinery.pkg.apis.meta.v1.Status",
                                       ("dryRun", "gracePeriodSeconds", "propagationPolicy"))
        if len(item) > 1:
            paths[f"{prefix}/{{name}}"] = item
        for sub, _kind, _g, _v, sub_verbs in discovery.subresources(info):
            if sub != "status":
                continue
            status_item = {"parameters": item["parameters"]}
            status_item["get"] = operation("read", "get", namespaced, ref, suffix="Status")
            status_item["put"] = operation("replace", "put", namespaced, ref, _WRITE_PARAMS[1:], body=True,
                                           suffix="Status")
            status_item["patch"] = operation("patch", "patch", namespaced, ref, ("dryRun", "fieldManager",
                                                                                   "fieldValidation", "force"),
                                             body=True, suffix="Status")
            paths[f"{prefix}/{{name}}/status"] = status_item
    if info.namespaced and "list" in verbs:
        paths[f"{base}/{info.plural}"] = {"parameters": [_param(p, v3=v3) for p in _LIST_PARAMS],
                                          "get": operation("list", "list", False, list_ref, (),
                                                           suffix="ForAllNamespaces")}
    return paths


# --------------------------------------------------------------------------- documents
def _group_infos(group: str, version: str) -> list[KindInfo]:
    return [i for i in REGISTRY if i.group == group and (i.version == version or version in i.also_served)]


def _served_group_versions() -> list[tuple[str, str]]:
    seen = []
    for info in REGISTRY:
        for version in (info.version, *info.also_served):
            gv = (info.group, version)
            if gv not in seen and any(_definition_of(i, version) for i in _group_infos(*gv)):
                seen.append(gv)
    return seen


def _gv_path(group: str, version: str) -> str:
    return f"api/{version}" if not group else f"apis/{group}/{version}"


def v3_document(group: str, version: str) -> dict | None:
    """The OpenAPI v3 document of one group version (None when it is not served)."""
    key = ("v3", group, version)
    with _lock:
        if key in _cache:
            return _cache[key]
        infos = [i for i in _group_infos(group, version) if _definition_of(i, version)]
        if not infos:
            return None
        defs = _definitions()
        paths: dict = {}
        wanted: set[str] = {"io.k8s.apimachinery.pkg.apis.meta.v1.Status",
                            "io.k8s.apimachinery.pkg.apis.meta.v1.Patch"}
        for info in infos:
            definition = _definition_of(info, version)
            wanted.add(definition)
            if definition + "List" in defs:
                wanted.add(definition + "List")
            paths.update(_paths(info, definition, True, "#/components/schemas/", version))
        schemas = {name: _convert(defs[name], "#/components/schemas/", True) for name in _closure(wanted)}
        schemas.setdefault("io.k8s.apimachinery.pkg.apis.meta.v1.Patch", {
            "description": "Patch is provided to give a concrete name and type to the Kubernetes PATCH request "
                           "body.", "type": "object"})
        doc = {"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": "v" + defaults.KUBERNETES_VERSION},
               "paths": dict(sorted(paths.items())), "components": {"schemas": schemas}}
        _cache[key] = doc
        return doc


def _hash(doc: dict) -> str:
    return hashlib.sha512(json.dumps(doc, sort_keys=True).encode()).hexdigest().upper()


def v3_root() -> dict:
    """``GET /openapi/v3``: where each group version's document is."""
    if "root" not in _cache:
        paths = {}
        for group, version in _served_group_versions():
            path = _gv_path(group, version)
            paths[path] = {"serverRelativeURL": f"/openapi/v3/{path}?hash={_hash(v3_document(group, version))}"}
        _cache["root"] = {"paths": dict(sorted(paths.items()))}
    return _cache["root"]


def v2_document() -> dict:
    """``GET /openapi/v2``: one Swagger 2.0 document for every served group version."""
    with _lock:
        if "v2" in _cache:
            return _cache["v2"]
    defs = _definitions()
    paths: dict = {}
    wanted: set[str] = {"io.k8s.apimachinery.pkg.apis.meta.v1.Status"}
    for info in REGISTRY:
        for version in (info.version, *info.also_served):
            definition = _definition_of(info, version)
            if definition is None:
                continue
            wanted.add(definition)
            if definition + "List" in defs:
                wanted.add(definition + "List")
            paths.update(_paths(info, definition, False, "#/definitions/", version))
    doc = {"swagger": "2.0", "info": {"title": "Kubernetes", "version": "v" + defaults.KUBERNETES_VERSION},
           "paths": dict(sorted(paths.items())),
           "definitions": {name: _convert(defs[name], "#/definitions/", False) for name in _closure(wanted)},
           "securityDefinitions": {"BearerToken": {"description": "Bearer Token authentication", "in": "header",
                                                   "name": "authorization", "type": "apiKey"}},
           "security": [{"BearerToken": []}]}
    with _lock:
        _cache["v2"] = doc
    return doc


V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"


def _v2_protobuf() -> bytes:
    """A gnostic ``openapi_v2.Document`` with ``swagger`` (1) and ``info`` (2: title 1, version 2) only."""
    def field(number: int, payload: bytes) -> bytes:
        return bytes([number << 3 | 2, len(payload)]) + payload
    info = field(1, b"Kubernetes") + field(2, ("v" + defaults.KUBERNETES_VERSION).encode())
    return field(1, b"2.0") + field(2, info)


def openapi_reply(rest, path: str, query: dict, accept: str = ""):
    """Answer ``/openapi/v2``, ``/openapi/v3`` and ``/openapi/v3/<group version>``."""
    parts = [p for p in path.split("/") if p]
    if parts == ["openapi", "v2"]:
        wants = [a.split(";")[0].strip() for a in accept.split(",") if a.strip()]
        if wants and wants[0] == V2_PROTOBUF:
            # the answer's type has "." where the request had "@" (which no media-type parser accepts)
            return Reply(200, _v2_protobuf(), V2_PROTOBUF.replace("@", "."))
        return Reply(200, v2_document())
    if parts == ["openapi", "v3"]:
        return Reply(200, v3_root())
    if parts[:2] == ["openapi", "v3"] and len(parts) >= 4:
        if parts[2] == "api" and len(parts) == 4:
            group, version = "", parts[3]
        elif parts[2] == "apis" and len(parts) == 5:
            group, version = parts[3], parts[4]
        else:
            raise APIError.no_such_path()
        doc = v3_document(group, version)
        if doc is None:
            raise APIError.no_such_path()
        headers = {"Cache-Control": "public, immutable"} if query.get("hash") else {}
        return Reply(200, doc, "application/json", headers)
    raise APIError.no_such_path()
