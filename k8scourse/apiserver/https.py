"""kube-apiserver's HTTPS endpoint, as a client inside the cluster reaches it.

A pod that calls ``https://kubernetes.default.svc`` (the ``kubernetes`` Service, DNAT-ed by
kube-proxy to the API server's address and port 6443) gets here through the traffic model. Each
request is handled as kube-apiserver's filter chain handles it:

1. **authentication** of the ``Authorization: Bearer <token>`` header (a service account token from
   the pod's projected volume, ``kubectl create token``, or a legacy token Secret); no header is
   ``system:anonymous`` (AKS keeps anonymous requests enabled); a token that does not authenticate
   is ``401 Unauthorized``;
2. **authorization** of the request's attributes by the same authorizer chain kubectl's requests
   meet: ``GET /api/v1/namespaces/default/pods`` is *list pods in default*; a path outside the
   resource API (``/healthz``, ``/version``, ``/api``) is a non-resource request;
3. the answer: the object, the ``<Kind>List`` (items without ``kind``/``apiVersion``), discovery
   documents, ``ok`` for the health checks, the container log for ``pods/NAME/log`` — or a
   ``Status`` (``403 Forbidden`` with the API server's words, ``404 NotFound``…).

JSON is indented by two spaces when the client is ``curl``, ``Wget`` or a browser (kube-apiserver's
``pretty`` rule for human clients) and then has no final newline; HTML-sensitive characters are
escaped as Go's encoder does (``\\u003c``). ``?labelSelector=`` and ``?fieldSelector=`` filter lists.

Deliberate differences: reads only (``GET``/``HEAD``; another method is refused with 405), no
``?watch`` streams (a ``Status`` says it is not modelled); the discovery
documents list the kinds the simulator serves; response headers are ``Audit-Id``, ``Cache-Control``, ``Content-Type``, ``Date`` and ``Content-Length``.

>>> from k8scourse.sim import Simulation
>>> from k8scourse.apiserver import APIServer
>>> api = APIServer(Simulation(seed=0))
>>> a = serve(api, "GET", "/api/v1/namespaces/default/pods", {}, agent="curl/8.5.0")
>>> a.status, a.body.splitlines()[5]
(403, '  "message": "pods is forbidden: User \\\\"system:anonymous\\\\" cannot list resource \\\\"pods\\\\" in API group \\\\"\\\\" in the namespace \\\\"default\\\\"",')
>>> serve(api, "GET", "/healthz", {}, agent="curl/8.5.0").body
'ok'
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote

from ..api.typed import ordered
from ..errors import APIError
from ..i18n import t
from .authentication import Credentials, authenticate
from .authorization import Attributes

HEALTH_PATHS = ("/healthz", "/livez", "/readyz")
_HUMAN_AGENTS = ("curl", "Wget", "Mozilla/5.0")


@dataclass
class HttpAnswer:
    status: int
    body: str = ""
    headers: list = field(default_factory=list)


# ----------------------------------------------------------------------------- JSON as Go writes it
def to_json(obj, pretty: bool) -> str:
    """``json.MarshalIndent(obj, "", "  ")`` (pretty, no final newline) or ``json.Encoder`` (compact + newline)."""
    text = json.dumps(obj, indent=2 if pretty else None, separators=None if pretty else (",", ":"),
                      ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text if pretty else text + "\n"


def _status(error: APIError, details: bool = True) -> dict:
    status = error.status()
    if not details:
        status.pop("details", None)
    return status


# ----------------------------------------------------------------------------- the handler
def serve(api, method: str, path: str, headers, *, agent: str = "") -> HttpAnswer:
    """Answer ``method path`` with request ``headers`` (a mapping or (name, value) pairs)."""
    pretty = agent.startswith(_HUMAN_AGENTS)
    header_map = {k.lower(): v for k, v in (headers.items() if isinstance(headers, dict) else headers)}
    path, _, query_text = path.partition("?")
    query = {k: v[-1] for k, v in parse_qs(query_text).items()}
    if query.get("pretty") in ("true", "1"):
        pretty = True
    elif query.get("pretty") in ("false", "0"):
        pretty = False
    try:
        user = _authenticate(api, header_map.get("authorization", ""))
    except APIError as exc:
        return _answer(api, exc.code, _status(exc, details=False), pretty, method)
    if method not in ("GET", "HEAD"):
        exc = APIError("MethodNotAllowed", 405, t("https.method_not_modelled", method=method))
        return _answer(api, 405, _status(exc), pretty, method)
    try:
        status, body = _route(api, user, unquote(path), query)
    except APIError as exc:
        return _answer(api, exc.code, _status(exc), pretty, method)
    return _answer(api, status, body, pretty, method)


def _authenticate(api, authorization: str):
    scheme, _, token = authorization.partition(" ")
    if not authorization:
        return authenticate(api, None)
    if scheme.lower() != "bearer" or not token.strip():
        raise APIError("Unauthorized", 401, "Unauthorized")
    return authenticate(api, Credentials(token=token.strip()))


def _answer(api, status: int, body, pretty: bool, method: str) -> HttpAnswer:
    if isinstance(body, str):
        text, ctype = body, "text/plain; charset=utf-8"
    else:
        text, ctype = to_json(body, pretty), "application/json"
    now = api.sim.clock.unix_ms()
    audit = uuid.UUID(bytes=hashlib.sha256(f"{api.sim.seed} audit {now} {api.store.revision}".encode()).digest()[:16],
                      version=4)
    import email.utils
    headers = [("Audit-Id", str(audit)), ("Cache-Control", "no-cache, private"), ("Content-Type", ctype),
               ("Date", email.utils.formatdate(now / 1000, usegmt=True)), ("Content-Length", str(len(text.encode())))]
    return HttpAnswer(status, "" if method == "HEAD" else text, headers)


def _authorize(api, attrs: Attributes) -> None:
    api.rbac_aggregator.sync()
    api.authorizer.check(attrs)


def _route(api, user, path: str, query: dict):
    parts = [p for p in path.split("/") if p]
    if not parts or parts[0] not in ("api", "apis"):
        _authorize(api, Attributes(user, "get", path=path or "/"))
        return _non_resource(api, path or "/")
    if parts[0] == "api":
        group, version, rest = "", parts[1] if len(parts) > 1 else "", parts[2:]
        if not version:
            _authorize(api, Attributes(user, "get", path=path))
            return 200, {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [
                {"clientCIDR": "0.0.0.0/0", "serverAddress": _server_address(api)}]}
    else:
        group = parts[1] if len(parts) > 1 else ""
        version, rest = (parts[2] if len(parts) > 2 else ""), parts[3:]
        if not group or not version:
            _authorize(api, Attributes(user, "get", path=path))
            return 200, _group_list(api) if not group else _group(api, group)
    if not rest:
        _authorize(api, Attributes(user, "get", path=path))
        return 200, _resource_list(api, group, version)
    namespace = ""
    if rest[0] == "namespaces" and len(rest) >= 3:
        namespace, rest = rest[1], rest[2:]
    plural, name, sub = rest[0], (rest[1] if len(rest) > 1 else ""), "/".join(rest[2:])
    if rest[0] == "namespaces" and len(rest) == 2:
        plural, name = "namespaces", rest[1]
    gv = f"{group}/{version}" if group else version
    info = next((i for i in api.registry if i.plural == plural and i.group == group
                 and gv in i.served_api_versions()), None)
    if info is None:
        raise APIError.no_such_path()
    verb = "get" if name else ("watch" if query.get("watch") in ("true", "1") else "list")
    _authorize(api, Attributes(user, verb, group, plural, sub, namespace if info.namespaced else "", name))
    if verb == "watch":
        raise APIError("BadRequest", 400, t("https.watch_not_modelled"))
    if sub == "log" and plural == "pods":
        return 200, api.pod_log(namespace, name, query.get("container"))
    if sub:
        raise APIError.no_such_path()
    if name:
        return 200, ordered(api.get(info, name, namespace))
    listed = api.list(info, namespace or None, query.get("labelSelector", ""), query.get("fieldSelector", ""))
    items = [{k: v for k, v in item.items() if k not in ("kind", "apiVersion")} for item in listed["items"]]
    return 200, ordered({"kind": listed["kind"], "apiVersion": listed["apiVersion"], "metadata": listed["metadata"],
                         "items": items})


def _server_address(api) -> str:
    endpoints = api.peek("endpoints", "kubernetes", "default") or {}
    for subset in endpoints.get("subsets") or []:
        for address in subset.get("addresses") or []:
            port = next((p.get("port") for p in subset.get("ports") or []), 443)
            return f"{address.get('ip')}:{port}"
    return ""


def _non_resource(api, path: str):
    if path in HEALTH_PATHS:
        return 200, "ok"
    if path == "/version":
        from .. import defaults
        return 200, {"major": "1", "minor": defaults.KUBERNETES_VERSION.split(".")[1],
                     "gitVersion": f"v{defaults.KUBERNETES_VERSION}", "platform": "linux/amd64"}
    if path == "/":
        groups = sorted({(i.group, i.version) for i in api.registry})
        paths = ["/api", "/api/v1", "/apis"] + sorted({f"/apis/{g}" for g, _ in groups if g} |
                                                        {f"/apis/{g}/{v}" for g, v in groups if g})
        return 200, {"paths": paths + ["/healthz", "/livez", "/readyz", "/version"]}
    return 404, "404 page not found\n"


def _group_list(api) -> dict:
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": [_group(api, g) for g in _groups(api)]}


def _groups(api) -> list[str]:
    seen: list[str] = []
    for info in api.registry:
        if info.group and info.group not in seen:
            seen.append(info.group)
    return seen


def _group(api, group: str) -> dict:
    versions = []
    for info in api.registry:
        if info.group == group and info.version not in versions:
            versions.append(info.version)
    if not versions:
        raise APIError.no_such_path()
    entries = [{"groupVersion": f"{group}/{v}", "version": v} for v in versions]
    return {"name": group, "versions": entries, "preferredVersion": entries[0]}


def _resource_list(api, group: str, version: str) -> dict:
    resources = [{"name": i.plural, "singularName": i.singular, "namespaced": i.namespaced, "kind": i.kind,
                  "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
                  **({"shortNames": list(i.short_names)} if i.short_names else {})}
                 for i in api.registry if i.group == group and i.version == version]
    if not resources:
        raise APIError.no_such_path()
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": f"{group}/{version}" if group else version,
            "resources": resources}


__all__ = ["HttpAnswer", "serve", "to_json"]
