"""ResourceQuota admission: refuse what would take a namespace over one of its quotas.

Models k8s.io/apiserver/pkg/admission/plugin/resourcequota (Kubernetes 1.32) with the evaluators of
:mod:`k8scourse.apiserver.quota`. For a CREATE (and the UPDATEs upstream charges: a pod changing
its Terminating scope, a service changing type, a claim growing) in a namespace with quotas:

1. each quota that limits a resource of this kind and whose scopes all match the object is
   *pertinent*; a pod must state every cpu/memory request or limit a pertinent quota limits, else
   ``failed quota: <quota>: must specify limits.cpu for: web; requests.memory for: sidecar,web``;
2. the object's cost (minus the old object's, on update) is added to each pertinent quota's usage;
   if anything would exceed ``hard``: ``exceeded quota: <quota>, requested: requests.memory=700Mi,
   used: requests.memory=600Mi, limited: requests.memory=1Gi`` (only the exceeded resources,
   sorted by name);
3. once the write has succeeded (never for dry-run), the pertinent quotas' ``status.used`` is
   recomputed from the store and written through the status subresource as ``system:apiserver``.

Creating or changing a ResourceQuota schedules the computation of its ``status`` (``hard`` mirrors
``spec.hard``, ``used`` derived) for later in the same simulated instant, as the quota controller
does within its sync period. Events are never charged (upstream's ignored resources).

Deliberate differences: ``used`` is derived from the store at admission time instead of read from
``status.used`` (the simulator is single-threaded, so there is no race to guard against and no
window where a just-deleted pod is still charged); hence a quota whose status has not been computed
yet never answers ``status unknown for quota``. No admission configuration (``limitedResources``).
"""

from __future__ import annotations

from ...api.objects import dig
from ...errors import APIError
from .. import quota as q
from .plugin import AdmissionPlugin, Attributes

APISERVER_USER = "system:apiserver"


class ResourceQuotaAdmission(AdmissionPlugin):
    name = "ResourceQuota"
    operations = ("CREATE", "UPDATE")

    def handles(self, attrs: Attributes) -> bool:
        return (attrs.operation in self.operations and attrs.info.namespaced
                and not attrs.subresource and attrs.object is not None
                and attrs.info.group_resource not in q.IGNORED_RESOURCES)

    def validate(self, attrs: Attributes) -> None:
        if attrs.info.kind == "ResourceQuota" and not attrs.info.group:
            attrs.on_commit.append(lambda: self._schedule_sync(attrs.namespace, attrs.name))
        quotas = sorted(self.server.store.list("resourcequotas", attrs.namespace, copy=False),
                        key=lambda o: o["metadata"]["name"])
        if not quotas:
            return
        evaluator = q.evaluator_for(attrs.info.group_resource)
        obj, old = attrs.object, attrs.old_object
        if not evaluator.handles(attrs.operation, obj, old):
            return
        resource, name = attrs.info.group_resource, attrs.name

        pertinent = []
        for quota in quotas:
            if not q.quota_matches(evaluator, quota, obj):
                continue
            restricted = evaluator.matching_resources(q.hard_of(quota))
            problem = evaluator.constraints(restricted, obj)
            if problem:
                raise APIError.forbidden(resource, name,
                                         f"failed quota: {quota['metadata']['name']}: {problem}")
            pertinent.append(quota)

        sim = self.server.sim
        delta = evaluator.usage(obj, sim.now_ms, sim.clock)
        negative = sorted(k for k, v in delta.items() if v.sign() < 0)
        if negative:
            raise APIError.forbidden(resource, name,
                                     f"quota usage is negative for resource(s): {','.join(negative)}")
        if attrs.operation == "UPDATE" and old is not None:
            before = evaluator.usage(old, sim.now_ms, sim.clock)
            delta = {k: v - before[k] if k in before else v for k, v in delta.items()}
            delta = {k: v for k, v in delta.items() if v.sign() > 0}   # never a negative charge
        delta = {k: v for k, v in delta.items() if not v.is_zero()}
        if not delta or not pertinent:
            return

        new_usages = []
        for quota in pertinent:
            hard = q.hard_of(quota)
            used = q.quota_usage(self.server, quota)
            requested = q.mask(delta, hard)
            new_usage = q.add_into(dict(used), requested)
            exceeded = sorted(k for k in requested if k in hard and new_usage[k] > hard[k])
            if exceeded:
                raise APIError.forbidden(resource, name, (
                    f"exceeded quota: {quota['metadata']['name']}, "
                    f"requested: {q.format_list(q.mask(requested, exceeded))}, "
                    f"used: {q.format_list(q.mask(used, exceeded))}, "
                    f"limited: {q.format_list(q.mask(hard, exceeded))}"))
            new_usages.append((quota["metadata"]["name"], new_usage))

        namespace, creating = attrs.namespace, attrs.operation == "CREATE"

        def commit() -> None:
            # On create the store now holds exactly the old state plus this object, so the usage
            # derived above plus its cost *is* the derived usage; an update may also have released
            # something, so it is derived again.
            for quota_name, new_usage in new_usages:
                current = self.server.store.peek(("resourcequotas", namespace, quota_name))
                if current is not None:
                    q.sync_quota(self.server, current, APISERVER_USER, new_usage if creating else None)
        attrs.on_commit.append(commit)

    def _schedule_sync(self, namespace: str, name: str) -> None:
        def sync() -> None:
            current = self.server.store.peek(("resourcequotas", namespace, name))
            if current is None or dig(current, "metadata", "deletionTimestamp"):
                return
            try:
                q.sync_quota(self.server, current, APISERVER_USER)
            except APIError:
                pass          # the quota controller will get it on its next pass
        self.server.sim.schedule(0, sync, name=f"resourcequota status {namespace}/{name}")
