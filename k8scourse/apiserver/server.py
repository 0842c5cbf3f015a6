"""The API server: the only way into the store.

Models kube-apiserver's request path for every verb. A create, for example, goes:

1. resolve the resource and check the manifest's ``apiVersion``/``kind`` against it;
2. *decode* strictly (unknown or mistyped fields are refused: ``strict decoding error``);
3. apply the API's *defaults* (``restartPolicy: Always``, Deployment strategy 25%/25%, ...);
4. the kind's create strategy (names from ``generateName``, UID, timestamps, generation, reset status,
   the Service's cluster IP);
5. *mutating admission* (LimitRange defaults, service account, default tolerations, ...);
6. *validation* (names, required fields, semantic rules), answering ``422 Invalid``;
7. *validating admission* (namespace lifecycle, ResourceQuota), answering ``403 Forbidden``;
8. the store write, which bumps ``resourceVersion`` and notifies the watchers.

A request is refused as a whole and changes nothing. A write carrying ``metadata.resourceVersion``
(an update, a patch that sets it, a status write, dry runs included) must name the stored version,
else it is a ``409 Conflict`` (*the object has been modified; please apply your changes to the
latest version and try again*). ``dry_run`` goes through every step but the store. Requests look like REST calls
(:meth:`APIServer.handle` takes verb, resource, namespace, name, subresource, body and options) so a
REST front could be put on top later; the Python methods below are the same calls, spelled out.

>>> from k8scourse.sim import Simulation
>>> api = APIServer(Simulation(seed=0))
>>> pod = api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
...                   "spec": {"containers": [{"name": "web", "image": "nginx"}]}})
>>> pod["spec"]["restartPolicy"], pod["status"]["phase"], pod["metadata"]["namespace"]
('Always', 'Pending', 'default')
>>> api.get("pods", "nope", "default")
Traceback (most recent call last):
...
k8scourse.errors.APIError: pods "nope" not found
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .. import defaults
from ..api import event_groups
from ..api import names as namerules
from ..api import typed
from ..api.fields import check_field_selector, parse_field_selector, selectable_fields
from ..api.kinds import REGISTRY, KindInfo, KindRegistry
from ..api.labels import parse_selector
from ..api.objects import copy_json, dig
from ..errors import APIError, FieldError
from ..sim import Simulation
from . import certificates, defaulting, managed_fields, validation
from .admission import Attributes, default_chain
from .allocators import ServiceAllocator
from .limits import check_request_size
from .authentication import UserInfo
from .authorization import Attributes as AuthzAttributes
from .authorization import Authorizer
from .authorization import bootstrap as rbac_bootstrap
from .event_ttl import EventTTL
from .patch import apply_patch
from .pod_subresources import PodSubresources
from .store import KeyExists, KeyMissing, StaleWrite, Store, StoreUnavailable, WatchEvent
from .strategies import GENERATION_KINDS, KEEP_ON_UPDATE, PREPARE_FOR_CREATE
from .validation.status import validate_status
from .validation import certificates as csr_validation

# API groups served by another server through the aggregation layer (an APIService), not stored here.
AGGREGATED_GROUPS = frozenset({"metrics.k8s.io"})
# Namespaces NamespaceLifecycle never lets anyone delete.
_IMMORTAL_NAMESPACES = frozenset({"default", "kube-system", "kube-public", "kube-node-lease"})


@dataclass
class Request:
    """One API call in REST terms (``POST /apis/apps/v1/namespaces/default/deployments``)."""
    verb: str                       # get, list, create, update, patch, delete, watch
    resource: str                   # plural, optionally ``plural.group``
    namespace: str = ""
    name: str = ""
    subresource: str = ""           # "", "status", "scale"
    body: dict | None = None
    options: dict = field(default_factory=dict)
    user: str = "admin"
    # Set for requests from outside the engine: authorized before anything else (see ``authorize``).
    user_info: UserInfo | None = None


def stored_field_selector(info: KindInfo, field_selector: str) -> str:
    """A request's field selector in the labels of the stored objects: a resource that shares
    another's storage (events.k8s.io Events) maps its own labels (``regarding.name`` →
    ``involvedObject.name``), as upstream's field label conversion does; ValueError when it cannot."""
    return event_groups.core_field_selector(field_selector) if info.stored_as and field_selector \
        else field_selector


def as_served(info: KindInfo, obj: dict) -> dict:
    """A stored object as ``info``'s group serves it: events.k8s.io/v1 reads the core Events."""
    return validation.convert_to_version(info, obj, info.api_version) if info.stored_as else obj


def select(info: KindInfo, items: list[dict], label_selector: str = "", field_selector: str = "") -> list[dict]:
    """The stored objects a list's ``labelSelector`` and ``fieldSelector`` keep; a malformed one is
    ``400 BadRequest``."""
    if label_selector:
        try:
            selector = parse_selector(label_selector)
        except ValueError as exc:
            raise APIError.bad_request(f"unable to parse requirement: {exc}") from None
        items = [o for o in items if selector.matches(dig(o, "metadata", "labels", default={}))]
    if field_selector:
        try:
            fsel = parse_field_selector(stored_field_selector(info, field_selector))
            check_field_selector(info.kind, fsel)
        except ValueError as exc:
            raise APIError.bad_request(str(exc)) from None
        items = [o for o in items if fsel.matches(selectable_fields(info.kind, o))]
    return items


class APIServer:
    """kube-apiserver; a component (``name``, ``running``, ``start``/``stop``): stopped, it refuses
    every request as an unreachable server does."""

    name = "kube-apiserver"

    def __init__(self, sim: Simulation, store: Store | None = None,
                 registry: KindRegistry = REGISTRY, service_cidr: str = defaults.SERVICE_CIDR,
                 validate_schemas: bool = True):
        self.sim = sim
        self.store = store or Store(clock=lambda: sim.now_ms)
        self.registry = registry
        self.validate_schemas = validate_schemas
        self.allocator = ServiceAllocator(service_cidr, sim.rng)
        # Events are written with an etcd lease and expire an hour after their last write
        self.event_ttl = EventTTL(sim, self.store)
        self.admission = default_chain(self)
        self.available = True
        # pods/log (exec, attach): proxied to the pod's kubelet through the dialer the composition root gives
        self.pod_subresources = PodSubresources(self)
        # The aggregation layer: API groups another server answers (metrics-server: metrics.k8s.io).
        self.api_services: dict[str, object] = {}
        self._audit: list[dict] = []
        for ns in defaults.SYSTEM_NAMESPACES:
            self.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}},
                        user="system:apiserver", trusted=True)
        self.authorizer = Authorizer(self)
        rbac_bootstrap.install(self)        # the rbac/bootstrap-roles post-start hook
        self.rbac_aggregator = rbac_bootstrap.ClusterRoleAggregator(self)

    # ------------------------------------------------------------------ component
    @property
    def running(self) -> bool:
        return self.available

    def start(self) -> "APIServer":
        self.available = True
        return self

    def stop(self) -> None:
        self.available = False

    # ------------------------------------------------------------------ helpers
    def info(self, resource: str | KindInfo) -> KindInfo:
        if isinstance(resource, KindInfo):
            return resource
        info = self.registry.by_name(resource)
        if info is None:
            raise APIError.no_such_path()
        return info

    def _now(self) -> str:
        return self.sim.clock.rfc3339()

    def _check_available(self) -> None:
        if not self.available:
            raise APIError.unavailable("the server is currently unable to handle the request")

    def _key(self, info: KindInfo, namespace: str, name: str) -> tuple[str, str, str]:
        return (info.storage_resource, namespace if info.namespaced else "", name)


    def _namespace_for(self, info: KindInfo, namespace: str | None, body: dict | None = None) -> str:
        if not info.namespaced:
            return ""
        body_ns = dig(body or {}, "metadata", "namespace", default="")
        if namespace and body_ns and body_ns != namespace:
            raise APIError.bad_request(
                "the namespace of the provided object does not match the namespace sent on the request")
        return namespace or body_ns or "default"

    def _store_call(self, fn: Callable, *args):
        try:
            return fn(*args)
        except StoreUnavailable as exc:
            # etcd's own error passes through without a reason, as real API servers answer it
            raise APIError("", 500, str(exc)) from None

    def _trace(self, user: str, verb: str, info: KindInfo, namespace: str, name: str, detail: str = "") -> None:
        target = f"{info.plural}/{namespace}/{name}" if namespace else f"{info.plural}/{name}"
        self.sim.record("kube-apiserver", verb, target, detail or f"by {user}")

    # ------------------------------------------------------------------ authentication / authorization
    # Requests from outside the engine (kubectl, pods calling kubernetes.default.svc) carry a UserInfo
    # and pass this step first; the engine's in-process components are trusted (see
    # k8scourse.apiserver.authorization for that deliberate difference).
    def authorize(self, user: UserInfo, verb: str, resource: str | KindInfo, namespace: str = "",
                  name: str = "", subresource: str = "") -> None:
        """Raise the API server's ``403 Forbidden`` unless ``user`` may do this."""
        self._check_available()
        self.rbac_aggregator.sync()     # the aggregation controller has caught up by the next request
        info = self.info(resource)
        self.authorizer.check(AuthzAttributes(user, verb, info.group, info.plural, subresource,
                                              namespace if info.namespaced else "", name))

    def authorize_path(self, user: UserInfo, verb: str, path: str) -> None:
        """Raise ``403 Forbidden`` unless ``user`` may ``verb`` the non-resource URL ``path`` (``/healthz``, ``/api``)."""
        self._check_available()
        self.rbac_aggregator.sync()
        self.authorizer.check(AuthzAttributes(user, verb, path=path))

    def as_user(self, user: UserInfo):
        """This API server as ``user`` reaches it (:class:`~k8scourse.apiserver.session.UserSession`)."""
        from .session import UserSession
        return UserSession(self, user)

    # ------------------------------------------------------------------ REST shape
    def handle(self, req: Request):
        """Dispatch a REST-shaped request to the verb methods below."""
        if req.user_info is not None:       # authentication happened at the front: authorize first
            from dataclasses import replace
            return APIServer.handle(self.as_user(req.user_info), replace(req, user_info=None))
        opts = req.options
        if req.verb == "get":
            return self.get(req.resource, req.name, req.namespace)
        if req.verb == "list":
            return self.list(req.resource, req.namespace or None, opts.get("labelSelector", ""),
                             opts.get("fieldSelector", ""))
        manager = opts.get("fieldManager") or None
        if req.verb == "create":
            return self.create(req.body or {}, req.namespace, resource=req.resource,
                               dry_run=bool(opts.get("dryRun")), user=req.user, manager=manager)
        if req.verb == "update":
            if req.subresource == "status":
                return self.update_status(req.body or {}, user=req.user, dry_run=bool(opts.get("dryRun")),
                                          trusted=False, manager=manager)
            if req.subresource == "finalize":
                return self.finalize_namespace(req.body or {}, user=req.user)
            if req.subresource == "approval":
                return self.update_approval(req.body or {}, user=req.user, dry_run=bool(opts.get("dryRun")),
                                            manager=manager)
            return self.update(req.body or {}, dry_run=bool(opts.get("dryRun")), user=req.user, manager=manager)
        if req.verb == "patch":
            return self.patch(req.resource, req.name, req.namespace, req.body,
                              opts.get("patchType", "strategic"), subresource=req.subresource,
                              dry_run=bool(opts.get("dryRun")), user=req.user, manager=manager)
        if req.verb == "delete":
            return self.delete(req.resource, req.name, req.namespace,
                               propagation=opts.get("propagationPolicy", "Background"),
                               grace_period=opts.get("gracePeriodSeconds"),
                               dry_run=bool(opts.get("dryRun")), user=req.user)
        raise APIError.method_not_allowed("the server does not allow this method on the requested resource")

    # ------------------------------------------------------------------ reads
    def _api_service(self, info: KindInfo, verb: str):
        """The server an aggregated group is delegated to (kube-aggregator); 503 while it is down."""
        backend = self.api_services.get(info.group)
        if backend is None or not backend.running:
            raise APIError.unavailable(f"the server is currently unable to handle the request ({verb} "
                                       f"{info.group_resource})")
        return backend

    def get(self, resource: str | KindInfo, name: str, namespace: str = "default") -> dict:
        self._check_available()
        info = self.info(resource)
        if info.group in AGGREGATED_GROUPS:
            return self._api_service(info, "get").get(info.plural, name, namespace if info.namespaced else "")
        ns = namespace if info.namespaced else ""
        try:
            return as_served(info, self._store_call(self.store.get, self._key(info, ns, name)))
        except KeyMissing:
            raise APIError.not_found(info.plural, name, info.group) from None

    def peek(self, resource: str | KindInfo, name: str, namespace: str = "") -> dict | None:
        """The stored object without a copy — for in-process components that only read."""
        info = self.info(resource)
        return self.store.peek(self._key(info, namespace if info.namespaced else "", name))

    def list(self, resource: str | KindInfo, namespace: str | None = None, label_selector: str = "",
             field_selector: str = "") -> dict:
        """A ``<Kind>List``; ``namespace=None`` lists across all namespaces."""
        self._check_available()
        info = self.info(resource)
        ns = namespace if info.namespaced else None
        if info.group in AGGREGATED_GROUPS:
            items = self._api_service(info, "get").list(info.plural, ns, label_selector, field_selector)
            return {"apiVersion": info.api_version, "kind": f"{info.kind}List", "metadata": {}, "items": items}
        items = select(info, self._store_call(self.store.list, info.storage_resource, ns), label_selector,
                       field_selector)
        if info.stored_as:
            items = [as_served(info, obj) for obj in items]
        return {
            "apiVersion": info.api_version,
            "kind": f"{info.kind}List",
            "metadata": {"resourceVersion": str(self.store.revision)},
            "items": items,
        }

    def pod_log(self, namespace: str, name: str, container: str | None = None, **options) -> str:
        """``GET …/pods/<name>/log``: proxied to the pod's kubelet (:mod:`.pod_subresources`)."""
        self._check_available()
        return self.pod_subresources.log(namespace, name, container, **options)

    def pod_files(self, namespace: str, name: str, container: str):
        """A running container's file tree, reached as ``tar`` reaches it over ``pods/exec`` (``kubectl cp``)."""
        self._check_available()
        return self.pod_subresources.files(namespace, name, container)

    def pod_exec(self, namespace: str, name: str, container: str, argv: list[str], emit) -> int:
        """``POST …/pods/<name>/exec``: run ``argv`` in a container through its kubelet (:mod:`.pod_subresources`);
        ``emit(stream, text)`` receives the output, the exit status is returned."""
        self._check_available()
        return self.pod_subresources.exec(namespace, name, container, argv, emit)

    def watch(self, resource: str | KindInfo, callback: Callable[[WatchEvent], None],
              namespace: str | None = None, node_name: str | None = None):
        """A component's watch; ``node_name`` narrows it to one node's objects (a kubelet's
        ``spec.nodeName`` field-selector watch, served from an index)."""
        info = self.info(resource)
        if info.stored_as:
            served = callback

            def callback(event: WatchEvent) -> None:
                served(WatchEvent(event.type, info.group_resource, as_served(info, event.object),
                                  event.revision))
        return self.store.watch(info.storage_resource, callback, namespace, node_name)

    # ------------------------------------------------------------------ create
    def _resolve_body(self, body: dict, resource: str | KindInfo | None) -> KindInfo:
        if not isinstance(body, dict):
            raise APIError.bad_request("the body of the request was in an unknown format")
        api_version, kind = body.get("apiVersion"), body.get("kind")
        if resource is not None:
            info = self.info(resource)
            if not api_version and not kind:
                return info
        if not kind:
            raise APIError.bad_request("Object 'Kind' is missing in the request body")
        info = self.registry.for_kind(api_version or "", kind)
        if info is None:
            raise APIError("NotFound", 404, f'no matches for kind "{kind}" in version "{api_version or ""}"')
        return info

    def create(self, body: dict, namespace: str | None = None, *, resource: str | KindInfo | None = None,
               dry_run: bool = False, user: str = "admin", trusted: bool = False, owned: bool = False,
               manager: str | None = None) -> dict:
        """Create an object; ``trusted`` marks the engine's own components (no schema check).

        ``manager``: the field manager the new object's fields are recorded under
        (:mod:`.managed_fields`; by default the one of ``user``'s component).

        ``owned``: an engine component hands ``body`` over (it becomes the stored object) and gets the
        stored object back to read, as ``peek`` gives it — no defensive copies either way (the event
        recorder, whose writes are on every hot path)."""
        self._check_available()
        if owned and trusted and not dry_run and resource is None and self.sim.shortcuts \
                and body.get("kind") == "Event" and body.get("apiVersion") == "v1":
            stored = self._create_recorded_event(body, namespace, user)
            if stored is not None:
                return stored
        if not trusted:
            check_request_size(body)
        info = self._resolve_body(body, resource)
        obj = body if owned else copy_json(body)
        obj["apiVersion"], obj["kind"] = info.api_version, info.kind
        if self.validate_schemas and not trusted:
            self._decode(info, obj)
        obj = validation.convert_to_storage_version(info, obj)
        if not trusted:         # what the Go structs keep of a client's object (empty omitempty fields go)
            obj = typed.decoded(obj)
        md = obj.setdefault("metadata", {})
        ns = self._namespace_for(info, namespace, obj)
        if info.namespaced:
            md["namespace"] = ns
        else:
            md.pop("namespace", None)
        self._assign_name(info, md)
        defaulting.apply_defaults(info, obj)
        if manager != managed_fields.APPLIED:   # the fields of the decoded, defaulted object
            md["managedFields"] = managed_fields.record_create(manager or managed_fields.manager_for(user),
                                                               info.api_version, self._now(), obj)
        if info.kind == "CertificateSigningRequest":
            with certificates.acting(user):
                self._prepare_for_create(info, obj)
        else:
            self._prepare_for_create(info, obj)
        attrs = Attributes("CREATE", info, ns, md.get("name", ""), obj, None, dry_run=dry_run, user=user)
        try:
            self.admission.admit(attrs)
            errors = validation.validate(info, obj, None, trusted)
            if errors:
                raise APIError.invalid(info.kind, md.get("name", ""), errors, info.group)
            if info.kind == "CertificateSigningRequest" and not trusted:
                certificates.check_subject(obj)
            self.admission.validate(attrs)
        except APIError:
            self.allocator.release(obj)     # a refused Service gives its addresses back
            raise
        if dry_run:
            self.allocator.release_dry_run(obj)
            return as_served(info, obj)
        try:
            stored = self._store_call(self.store.create, self._key(info, ns, md["name"]), obj, user, True)
        except KeyExists:
            self.allocator.release(obj)
            raise APIError.already_exists(info.plural, md["name"], info.group) from None
        self._written(info, self._key(info, ns, md["name"]))
        for hook in attrs.on_commit:
            hook()
        self._trace(user, "create", info, ns, md["name"])
        return stored if owned else as_served(info, copy_json(stored))

    def _create_recorded_event(self, obj: dict, namespace: str | None, user: str) -> dict | None:
        """The shortcut of an event recorder's write (a trusted core/v1 Event handed over, its name
        set; one per scheduled pod): :meth:`create` without the steps that add nothing to such an
        Event — no conversion, decode, defaulting or generated name, and of the admission chain only
        NamespaceLifecycle acts on an Event create (ResourceQuota ignores Events). Validation, the
        uid, the store write, its watch event and the trace are the full path's. Answers None (before
        changing anything) when the shortcut does not apply; the full path then runs. The reference
        mode (``Simulation.shortcuts`` off) always takes the full path; tests/client/
        test_event_write_shortcut.py compares both."""
        md = obj.get("metadata")
        info = self.registry.for_kind("v1", "Event")
        if type(md) is not dict or info is None or not info.namespaced or not md.get("name") \
                or md.get("generateName"):
            return None
        ns = self._namespace_for(info, namespace, obj)
        ns_obj = self.store.peek(("namespaces", "", ns))
        if ns_obj is None or (ns_obj.get("status") or {}).get("phase") == "Terminating" \
                or not self.store.available:
            return None             # the full path answers NotFound / Forbidden / etcd's error
        md["namespace"] = ns
        md["managedFields"] = managed_fields.record_create(managed_fields.manager_for(user), "v1", self._now(), obj)
        self._prepare_for_create(info, obj)
        errors = validation.validate(info, obj, None, True)
        if errors:
            raise APIError.invalid(info.kind, md["name"], errors, info.group)
        key = (info.group_resource, ns, md["name"])
        try:
            stored = self.store.create(key, obj, user, True)
        except KeyExists:
            raise APIError.already_exists(info.plural, md["name"], info.group) from None
        self._written(info, key)
        self._trace(user, "create", info, ns, md["name"])
        return stored

    def _decode(self, info: KindInfo, obj: dict) -> None:
        message = validation.decode_errors(info, obj)
        if message:
            raise APIError.bad_request(
                f'{info.kind} in version "{info.version}" cannot be handled as a {info.kind}: {message}')

    def _assign_name(self, info: KindInfo, md: dict) -> None:
        if md.get("name"):
            return
        prefix = md.get("generateName")
        if not prefix:
            raise APIError.invalid(info.kind, "", [
                FieldError.required("metadata.name", "name or generateName is required")], info.group)
        prefix = prefix[:defaults.GENERATE_NAME_MAX_PREFIX]
        md["name"] = prefix + namerules.generate_name_suffix(self.sim.rng)

    def _prepare_for_create(self, info: KindInfo, obj: dict) -> None:
        md = obj["metadata"]
        md["uid"] = namerules.new_uid(self.sim.rng)
        md["creationTimestamp"] = self._now()
        for transient in ("resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds",
                          "selfLink"):
            md.pop(transient, None)
        if info.kind in GENERATION_KINDS:
            md["generation"] = 1
        else:
            md.pop("generation", None)
        if info.has_status and info.kind != "Node":
            obj.pop("status", None)
        prepare = PREPARE_FOR_CREATE.get(info.kind)
        if prepare:
            prepare(self, obj)
        if info.has_status and "status" not in obj:
            # the strategy reset status to Go's zero value: non-pointer structs and fields without
            # omitempty are still written (a Service's ``status: {loadBalancer: {}}``)
            empty = typed.zero_status(info.api_version, info.kind)
            if empty is not None:
                obj["status"] = empty

    # ------------------------------------------------------------------ update / patch
    def update(self, body: dict, *, dry_run: bool = False, user: str = "admin", trusted: bool = False,
               resource: str | KindInfo | None = None, manager: str | None = None, subresource: str = "") -> dict:
        """Replace an object's spec/metadata (status is kept: it has its own subresource).

        ``manager`` owns the fields the update changes (:mod:`.managed_fields`); ``subresource``
        names the one it came through (``scale``) in its entry."""
        self._check_available()
        if not trusted:
            check_request_size(body)
        info = self._resolve_body(body, resource)
        obj = copy_json(body)
        sent_fields = (obj.get("metadata") or {}).get("managedFields") if isinstance(obj.get("metadata"), dict) else None
        obj["apiVersion"], obj["kind"] = info.api_version, info.kind
        if self.validate_schemas and not trusted:
            self._decode(info, obj)
        obj = validation.convert_to_storage_version(info, obj)
        if not trusted:
            obj = typed.decoded(obj)
        md = obj.setdefault("metadata", {})
        ns = self._namespace_for(info, None, obj)
        name = md.get("name", "")
        old = self._current(info, ns, name)
        defaulting.apply_defaults(info, obj)
        self._carry_over(info, old, obj, keep_status=info.has_status)
        if manager != managed_fields.APPLIED:
            self._record_update(info, old, obj, manager or managed_fields.manager_for(user), subresource, sent_fields)
        # a Service that becomes NodePort/LoadBalancer gets its node ports now (given back if the
        # update fails or is a dry run; the ones it no longer has are given back once it is written)
        taken = self.allocator.allocate_missing_node_ports(obj) if info.kind == "Service" else []
        attrs = Attributes("UPDATE", info, ns, name, obj, old, dry_run=dry_run, user=user)
        try:
            self.admission.admit(attrs)
            errors = validation.validate(info, obj, old, trusted)
            if errors:
                raise APIError.invalid(info.kind, name, errors, info.group)
            self.admission.validate(attrs)
            written = self._write_update(info, ns, name, obj, old, dry_run, user, attrs)
        except (APIError, StoreUnavailable):
            self.allocator.release_ports(taken)
            raise
        if dry_run:
            self.allocator.release_ports(taken)
        elif info.stored_as:
            written = as_served(info, written)
        elif info.kind == "Service":
            kept = {p.get("nodePort") for p in dig(written, "spec", "ports", default=[]) or [] if isinstance(p, dict)}
            self.allocator.release_ports([p.get("nodePort") for p in dig(old, "spec", "ports", default=[]) or []
                                          if isinstance(p, dict) and p.get("nodePort") not in kept])
        return written

    def update_status(self, body: dict, *, user: str = "admin", resource: str | KindInfo | None = None,
                      dry_run: bool = False, trusted: bool = True, manager: str | None = None) -> dict:
        """The ``/status`` subresource: only ``status`` changes (controllers and kubelets use it).

        ``trusted=False`` (a request from outside the engine): decoded strictly and validated like
        the main resource (:mod:`.validation.status`), so a bad status write is refused whole."""
        self._check_available()
        info = self._resolve_body(body, resource)
        if not trusted and self.validate_schemas:
            body = copy_json(body)
            body["apiVersion"], body["kind"] = info.api_version, info.kind
            self._decode(info, body)
        md = body.get("metadata") or {}
        ns = self._namespace_for(info, None, body)
        old = self._current(info, ns, md.get("name", ""))
        status = body.get("status") or {}
        if trusted and not dry_run:
            # the new version shares all but metadata and status with the stored one (never changed in place)
            obj = dict(old)
            obj["metadata"] = dict(old["metadata"])
        else:
            obj = copy_json(old)
        obj["status"] = copy_json(status)
        if manager == managed_fields.APPLIED:
            obj["metadata"]["managedFields"] = md.get("managedFields")
        else:
            self._record_update(info, old, obj, manager or managed_fields.manager_for(user), "status")
        if md.get("resourceVersion"):
            obj["metadata"]["resourceVersion"] = md["resourceVersion"]
        if info.kind == "CertificateSigningRequest":
            certificates.stamp_conditions(obj, old, self._now())
            if not trusted:
                errors = csr_validation.validate_csr_update(obj, old, "status")
                if errors:
                    raise APIError.invalid(info.kind, old["metadata"]["name"], errors, info.group)
                certificates.check_signing(self, certificates.requester(), old["metadata"]["name"], obj, old)
        elif not trusted:
            errors = validate_status(info.kind, obj)
            if errors:
                raise APIError.invalid(info.kind, old["metadata"]["name"], errors, info.group)
        return self._write_update(info, ns, old["metadata"]["name"], obj, old, dry_run, user, None)

    def update_approval(self, body: dict, *, user: str = "admin", dry_run: bool = False,
                        manager: str | None = None) -> dict:
        """A CertificateSigningRequest's ``/approval`` subresource: only ``status.conditions`` change
        (``kubectl certificate approve|deny``; :mod:`.certificates`). The requester (set with
        :func:`.certificates.requesting`) must be allowed to ``approve`` the request's signer."""
        self._check_available()
        info = self.info("certificatesigningrequests")
        if self.validate_schemas:
            body = copy_json(body)
            body["apiVersion"], body["kind"] = info.api_version, info.kind
            self._decode(info, body)
        name = dig(body, "metadata", "name", default="")
        old = self._current(info, "", name)
        obj = copy_json(old)
        conditions = dig(body, "status", "conditions")
        status = obj.setdefault("status", {})
        if conditions:
            status["conditions"] = copy_json(conditions)
        else:
            status.pop("conditions", None)
        if dig(body, "metadata", "resourceVersion"):
            obj["metadata"]["resourceVersion"] = body["metadata"]["resourceVersion"]
        certificates.stamp_conditions(obj, old, self._now())
        errors = csr_validation.validate_csr_update(obj, old, "approval")
        if errors:
            raise APIError.invalid(info.kind, name, errors, info.group)
        certificates.check_approval(self, certificates.requester(), name, obj)
        self._record_update(info, old, obj, manager or managed_fields.manager_for(user), "approval")
        return self._write_update(info, "", name, obj, old, dry_run, user, None)

    def finalize_namespace(self, body: dict, *, user: str = "admin") -> dict:
        """A Namespace's ``/finalize`` subresource: only ``spec.finalizers`` changes.

        The namespace controller removes ``kubernetes`` here once the namespace is empty; a
        namespace being deleted goes away when no finalizer is left.
        """
        self._check_available()
        info = self.info("namespaces")
        old = self._current(info, "", dig(body, "metadata", "name", default=""))
        obj = copy_json(old)
        obj.setdefault("spec", {})["finalizers"] = list(dig(body, "spec", "finalizers", default=[]))
        if not obj["spec"]["finalizers"]:
            del obj["spec"]["finalizers"]
        if dig(body, "metadata", "resourceVersion"):
            obj["metadata"]["resourceVersion"] = body["metadata"]["resourceVersion"]
        return self._write_update(info, "", old["metadata"]["name"], obj, old, False, user, None)

    def _current(self, info: KindInfo, ns: str, name: str) -> dict:
        if not name:
            raise APIError.bad_request("name is required for update")
        old = self.store.peek(self._key(info, ns, name))
        if old is None:
            raise APIError.not_found(info.plural, name, info.group)
        return old

    def _carry_over(self, info: KindInfo, old: dict, obj: dict, keep_status: bool) -> None:
        """What an update may not change: identity, creation data, deletion state; status too."""
        md, old_md = obj["metadata"], old["metadata"]
        for fixed in ("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                      "generation"):
            if fixed in old_md:
                md[fixed] = old_md[fixed]
            else:
                md.pop(fixed, None)
        if not md.get("resourceVersion"):
            md.pop("resourceVersion", None)
        if keep_status and "status" in old:
            obj["status"] = copy_json(old["status"])
        elif keep_status:
            obj.pop("status", None)
        if info.kind in GENERATION_KINDS and obj.get("spec") != old.get("spec"):
            md["generation"] = old_md.get("generation", 1) + 1
        keep = KEEP_ON_UPDATE.get(info.kind)
        if keep:
            keep(old, obj)

    def _record_update(self, info: KindInfo, old: dict, obj: dict, manager: str, subresource: str,
                       sent=None) -> None:
        """``obj``'s ``managedFields`` after ``manager`` changed ``old`` into it (:mod:`.managed_fields`);
        ``sent``: the ones the request carried (as decoded: ``[]`` resets them)."""
        md = obj["metadata"]
        live = old["metadata"].get("managedFields")
        if not subresource and (sent is None or sent is live or sent == live):
            quick = managed_fields.scalars_updated(old, obj, live, manager, info.api_version, self._now())
            if quick is not None:
                md["managedFields"] = quick
                return
        base = live if subresource else managed_fields.base_entries(sent, live)
        # the status and approval subresources change only status (a CSR's conditions)
        changed, removed = managed_fields.object_changes(old, obj, status=subresource in ("status", "approval"))
        entries = managed_fields.record_update(base, manager, info.api_version, subresource, self._now(),
                                               changed, removed)
        if entries:
            md["managedFields"] = entries
        else:
            md.pop("managedFields", None)

    def _write_update(self, info, ns, name, obj, old, dry_run, user, attrs) -> dict:
        expected = obj["metadata"].get("resourceVersion")
        if expected not in (None, "") and expected != old["metadata"].get("resourceVersion"):
            raise self._conflict(info, name)    # the precondition holds for dry runs too
        if dry_run:
            return obj
        if obj == old:
            return copy_json(old)    # no-op updates do not bump resourceVersion, as upstream
        try:
            stored = self._store_call(self.store.update, self._key(info, ns, name), obj, user, True)
        except StaleWrite:
            raise self._conflict(info, name) from None
        except KeyMissing:
            raise APIError.not_found(info.plural, name, info.group) from None
        self._written(info, self._key(info, ns, name))
        for hook in (attrs.on_commit if attrs else ()):
            hook()
        self._trace(user, "update", info, ns, name)
        self._maybe_finish_deletion(info, stored, user)
        return copy_json(stored)

    def renew(self, resource: str | KindInfo, namespace: str, name: str, previous: dict, changes: dict,
              user: str) -> dict | None:
        """The steady-state shortcut of a periodic trusted ``update`` (a kubelet's lease renewal):
        store ``previous`` with the top-level ``spec`` fields in ``changes`` replaced, exactly as
        :meth:`update` would have stored it, without its decode/default/admit/validate steps.

        Only when those steps are known to add nothing: ``previous`` must be the stored object
        itself (so it went through :meth:`update` or this method and nobody wrote it since), no
        ResourceQuota may be in its namespace (the one admission plugin that acts on such updates)
        and both the API server and etcd must be up. Answers None when the shortcut does not apply:
        the caller then takes the full path. The new version shares the unchanged parts with the
        previous one (stored objects are never changed in place)."""
        info = self.info(resource)
        key = self._key(info, namespace, name)
        if not (self.available and self.store.available) or self.store.peek(key) is not previous \
                or (namespace and self.store.count("resourcequotas", namespace)) \
                or previous["metadata"].get("deletionTimestamp"):
            return None
        obj = dict(previous)
        obj["metadata"] = dict(previous["metadata"])
        spec = obj["spec"] = dict(previous.get("spec") or {})
        spec.update(changes)
        renewed = managed_fields.renewed(previous["metadata"].get("managedFields"), managed_fields.manager_for(user),
                                         info.api_version, self._now(), changes)
        if renewed is not None:
            obj["metadata"]["managedFields"] = renewed
            changed = removed = None
        else:
            changed, removed = managed_fields.changes(previous.get("spec"), spec, "spec")
        if changed is not None or removed is not None:
            entries = managed_fields.record_update(
                previous["metadata"].get("managedFields"), managed_fields.manager_for(user), info.api_version, "",
                self._now(), changed and {"f:spec": changed}, removed and {"f:spec": removed})
            if entries:
                obj["metadata"]["managedFields"] = entries
        stored = self.store.update(key, obj, user, True)
        self._trace(user, "update", info, namespace, name)
        return stored

    def _written(self, info: KindInfo, key) -> None:
        """After every successful write of an object: an Event's key goes onto an etcd lease."""
        if info.storage_resource == "events":
            self.event_ttl.written(key)

    @staticmethod
    def _conflict(info: KindInfo, name: str) -> APIError:
        """``409 Conflict`` for a write whose ``resourceVersion`` is not the stored one."""
        return APIError.conflict(info.plural, name, "the object has been modified; please apply your "
                                 "changes to the latest version and try again", info.group)

    def patch(self, resource: str | KindInfo, name: str, namespace: str, patch, patch_type: str = "strategic",
              *, subresource: str = "", dry_run: bool = False, user: str = "admin",
              manager: str | None = None) -> dict:
        """Patch with ``merge`` (RFC 7386), ``json`` (RFC 6902) or ``strategic`` merge."""
        self._check_available()
        check_request_size(patch)
        info = self.info(resource)
        ns = namespace if info.namespaced else ""
        current = self.get(info, name, ns)
        try:
            patched = apply_patch(current, patch, patch_type)
        except ValueError as exc:
            raise APIError.bad_request(str(exc)) from None
        # The current resourceVersion stays unless the patch sets one: then it is a precondition and
        # a stale one is a Conflict, as upstream (kubectl apply of a manifest carrying an old one).
        if subresource == "status":
            return self.update_status(patched, user=user, resource=info, dry_run=dry_run, trusted=False,
                                      manager=manager)
        if subresource == "approval" and info.kind == "CertificateSigningRequest":
            return self.update_approval(patched, user=user, dry_run=dry_run, manager=manager)
        return self.update(patched, dry_run=dry_run, user=user, resource=info, manager=manager,
                           subresource=subresource)

    # ------------------------------------------------------------------ delete
    def delete(self, resource: str | KindInfo, name: str, namespace: str = "default", *,
               propagation: str = "Background", grace_period: int | None = None,
               dry_run: bool = False, user: str = "admin", owned: bool = False) -> dict:
        """Delete; returns the object as deleted (or as marked for deletion). ``owned``: an engine
        component that only reads the answer gets the removed object itself (no copy)."""
        self._check_available()
        info = self.info(resource)
        if info.stored_as:      # deleted from the storage it shares, answered in its own shape
            return as_served(info, self.delete(self.info(info.stored_as), name, namespace,
                                                  propagation=propagation, grace_period=grace_period,
                                                  dry_run=dry_run, user=user))
        ns = namespace if info.namespaced else ""
        key = self._key(info, ns, name)
        old = self.store.peek(key)
        if old is None:
            raise APIError.not_found(info.plural, name, info.group)
        attrs = Attributes("DELETE", info, ns, name, None, old, dry_run=dry_run, user=user)
        if info.kind == "Namespace" and name in _IMMORTAL_NAMESPACES:
            raise APIError.forbidden("namespaces", name, "this namespace may not be deleted")
        self.admission.validate(attrs)
        if dry_run:
            return copy_json(old)
        if info.kind != "Namespace" and propagation not in ("Foreground", "Orphan") \
                and not old["metadata"].get("finalizers") and not self._graceful(info, old, grace_period):
            return self._remove(info, key, user, owned)     # nothing to mark: gone now (no copy to change)
        obj = copy_json(old)
        md = obj["metadata"]
        if info.kind == "Namespace":
            return self._mark_deleting(info, ns, name, obj, user, phase="Terminating")
        if propagation == "Foreground":
            finalizers = md.setdefault("finalizers", [])
            if "foregroundDeletion" not in finalizers:
                finalizers.append("foregroundDeletion")
        elif propagation == "Orphan":
            finalizers = md.setdefault("finalizers", [])
            if "orphan" not in finalizers:
                finalizers.append("orphan")
        if info.kind == "Pod" and dig(obj, "spec", "nodeName") \
                and dig(obj, "status", "phase") not in ("Succeeded", "Failed"):
            grace = grace_period if grace_period is not None else \
                dig(obj, "spec", "terminationGracePeriodSeconds", default=defaults.TERMINATION_GRACE_PERIOD_SECONDS)
            if grace > 0 or md.get("finalizers"):
                return self._mark_deleting(info, ns, name, obj, user, grace=grace)
        if md.get("finalizers"):
            return self._mark_deleting(info, ns, name, obj, user, grace=0)
        return self._remove(info, key, user)

    @staticmethod
    def _graceful(info: KindInfo, obj: dict, grace_period: int | None) -> bool:
        """A running pod on a node is deleted gracefully unless its grace period is 0."""
        if info.kind != "Pod" or not dig(obj, "spec", "nodeName") or dig(obj, "status", "phase") in ("Succeeded",
                                                                                                    "Failed"):
            return False
        grace = grace_period if grace_period is not None else \
            dig(obj, "spec", "terminationGracePeriodSeconds", default=defaults.TERMINATION_GRACE_PERIOD_SECONDS)
        return grace > 0

    def _mark_deleting(self, info, ns, name, obj, user, grace: int = 0, phase: str | None = None) -> dict:
        md = obj["metadata"]
        if "deletionTimestamp" not in md:
            md["deletionTimestamp"] = self.sim.clock.rfc3339(self.sim.now_ms + grace * 1000)
            md["deletionGracePeriodSeconds"] = grace
        if phase:
            obj.setdefault("status", {})["phase"] = phase
        stored = self._store_call(self.store.update, self._key(info, ns, name), obj, user, True)
        self._trace(user, "delete", info, ns, name, "marked for deletion")
        return copy_json(stored)

    def _maybe_finish_deletion(self, info: KindInfo, obj: dict, user: str) -> None:
        """An object being deleted goes away once its last finalizer is removed."""
        md = obj["metadata"]
        # a pod bound to a node waits for its kubelet's final delete; an unbound one goes now
        if md.get("deletionTimestamp") and not md.get("finalizers") \
                and not (info.kind == "Pod" and dig(obj, "spec", "nodeName")) \
                and not (info.kind == "Namespace" and dig(obj, "spec", "finalizers")):
            self._remove(info, self._key(info, md.get("namespace", ""), md["name"]), user)

    def _remove(self, info: KindInfo, key, user: str, owned: bool = False) -> dict:
        try:
            gone = self._store_call(self.store.delete, key, user)
        except KeyMissing:
            raise APIError.not_found(info.plural, key[2], info.group) from None
        self.allocator.release(gone)
        if info.storage_resource == "events":
            self.event_ttl.deleted(key)
        self._trace(user, "delete", info, key[1], key[2])
        return gone if owned else copy_json(gone)

    _pods_info: KindInfo | None = None

    def bind(self, namespace: str, name: str, node: str, user: str = "system:kube-scheduler") -> dict:
        """The ``pods/binding`` subresource: assign a pending pod to a node (the scheduler's bind).

        Sets ``spec.nodeName`` and the ``PodScheduled=True`` condition in one write; a pod that is
        already bound is a Conflict, as upstream (``pod web is already assigned to node "n1"``).
        """
        self._check_available()
        info = self._pods_info
        if info is None:
            info = self._pods_info = self.info("pods")     # the core group's: no other group can take it
        key = ("pods", namespace, name)
        current = self.store.peek(key)
        if current is None:
            raise APIError.not_found("pods", name)
        if (current.get("spec") or {}).get("nodeName"):
            raise APIError.conflict("pods/binding", name,
                                    f'pod {name} is already assigned to node "{current["spec"]["nodeName"]}"')
        if (current.get("metadata") or {}).get("deletionTimestamp"):
            raise APIError.conflict("pods/binding", name, "pod is being deleted")
        # Stored objects are never changed in place, so the new version may share every part the
        # binding does not touch (a hot path: the scheduler binds every pod).
        pod = dict(current)
        pod["metadata"] = dict(current["metadata"])
        pod["spec"] = dict(current["spec"])
        pod["spec"]["nodeName"] = node
        status = pod["status"] = dict(current.get("status") or {})
        conditions = [c for c in status.get("conditions", []) if c.get("type") != "PodScheduled"]
        conditions.append({"type": "PodScheduled", "status": "True", "lastProbeTime": None,
                           "lastTransitionTime": self._now()})
        status["conditions"] = conditions
        self._store_call(self.store.update, key, pod, user, True)
        self._trace(user, "bind", info, namespace, name, f"to {node}")
        # like the real binding subresource, the answer is a Status, not the pod
        return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201}

    def finalize_pod(self, namespace: str, name: str, user: str = "kubelet") -> None:
        """The kubelet's final delete (grace period 0) once the containers are gone."""
        info = self.info("pods")
        key = self._key(info, namespace, name)
        if self.store.peek(key) is not None:
            self._remove(info, key, user)

    def evict(self, namespace: str, name: str, user: str = "admin", grace_period: int | None = None,
              dry_run: bool = False) -> dict:
        """The ``pods/eviction`` subresource: a delete that respects PodDisruptionBudgets
        (:mod:`~k8scourse.apiserver.eviction`); ``429 TooManyRequests`` when a budget forbids it."""
        from .eviction import evict_pod
        return evict_pod(self, namespace, name, user=user, grace_period=grace_period, dry_run=dry_run)
