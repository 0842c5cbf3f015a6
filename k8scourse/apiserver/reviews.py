"""The review kinds: questions put to the API server's authenticator and authorizer, never stored.

``POST …/selfsubjectaccessreviews`` (``kubectl auth can-i``), ``selfsubjectrulesreviews``
(``can-i --list``), ``selfsubjectreviews`` (``kubectl auth whoami``), ``subjectaccessreviews`` and
``localsubjectaccessreviews`` (may *someone else* do this?) and ``tokenreviews`` (whom does this
token authenticate?). Upstream answers them in registries that only implement ``create``: the body
comes back with its ``status`` filled in and nothing is written to etcd, so no name is needed.

>>> from k8scourse.sim import Simulation
>>> from k8scourse.apiserver import APIServer
>>> from k8scourse.apiserver.user import service_account_user
>>> api = APIServer(Simulation(seed=0))
>>> ask = {"spec": {"resourceAttributes": {"namespace": "default", "verb": "list", "resource": "pods"}}}
>>> review(api, service_account_user("default", "app"), "SelfSubjectAccessReview", "", ask)["status"]
{'allowed': False}
"""

from __future__ import annotations

from ..api.objects import copy_json, dig
from ..errors import APIError, FieldError
from .authorization import Attributes
from .tokens import authenticate_token
from .user import UserInfo

KINDS = {"SelfSubjectAccessReview": "authorization.k8s.io/v1", "SelfSubjectRulesReview": "authorization.k8s.io/v1",
         "SubjectAccessReview": "authorization.k8s.io/v1", "LocalSubjectAccessReview": "authorization.k8s.io/v1",
         "SelfSubjectReview": "authentication.k8s.io/v1", "TokenReview": "authentication.k8s.io/v1"}


def review(api, user: UserInfo, kind: str, namespace: str, body: dict) -> dict:
    """The answered review ``kind`` that ``user`` posted (in ``namespace`` for a local review)."""
    out = {"kind": kind, "apiVersion": KINDS[kind], "metadata": {"creationTimestamp": None},
           "spec": copy_json(body.get("spec") or {})}
    api.rbac_aggregator.sync()
    if kind == "SelfSubjectReview":
        out.pop("spec")
        out["status"] = {"userInfo": user_info(user)}
    elif kind == "TokenReview":
        found = authenticate_token(api, str(dig(body, "spec", "token", default="")))
        out["status"] = {"authenticated": True, "user": user_info(found), "audiences": [
            "https://kubernetes.default.svc.cluster.local"]} if found else {"user": {}}
    elif kind == "SelfSubjectRulesReview":
        out["status"] = _rules(api, user, str(dig(body, "spec", "namespace", default="")))
    else:
        subject = user
        if kind in ("SubjectAccessReview", "LocalSubjectAccessReview"):
            spec = body.get("spec") or {}
            subject = UserInfo(str(spec.get("user") or ""), str(spec.get("uid") or ""),
                               tuple(spec.get("groups") or ()), dict(spec.get("extra") or {}))
            if kind == "LocalSubjectAccessReview" and dig(spec, "resourceAttributes", "namespace",
                                                          default=namespace) != namespace:
                raise APIError.invalid(kind, "", [FieldError.invalid(
                    "spec.resourceAttributes.namespace", spec["resourceAttributes"].get("namespace"),
                    "must match metadata.namespace")], group="authorization.k8s.io")
        out["status"] = _access(api, subject, body.get("spec") or {}, namespace)
    return out


def user_info(user: UserInfo) -> dict:
    """A ``UserInfo`` in the API's shape (empty fields left out, as Go's omitempty does)."""
    info: dict = {"username": user.name}
    if user.uid:
        info["uid"] = user.uid
    if user.groups:
        info["groups"] = list(user.groups)
    if user.extra:
        info["extra"] = {k: list(v) for k, v in sorted(user.extra.items())}
    return info


def _access(api, subject: UserInfo, spec: dict, namespace: str) -> dict:
    resource = spec.get("resourceAttributes")
    if isinstance(resource, dict):
        attrs = Attributes(subject, str(resource.get("verb") or ""), str(resource.get("group") or ""),
                           str(resource.get("resource") or ""), str(resource.get("subresource") or ""),
                           str(resource.get("namespace") or namespace or ""), str(resource.get("name") or ""))
    else:
        path = dig(spec, "nonResourceAttributes", "path", default="")
        attrs = Attributes(subject, str(dig(spec, "nonResourceAttributes", "verb", default="")), path=str(path))
    decision = api.authorizer.authorize(attrs)
    status: dict = {"allowed": bool(decision.allowed)}
    if decision.reason:
        status["reason"] = decision.reason
    return status


def _rules(api, user: UserInfo, namespace: str) -> dict:
    rules, errors = api.authorizer.rbac.rules_for(user, namespace)
    resource_rules, url_rules = [], []
    for rule in rules:
        if rule.get("nonResourceURLs"):
            url_rules.append({"verbs": list(rule.get("verbs") or []), "nonResourceURLs": list(rule["nonResourceURLs"])})
        else:
            entry = {"verbs": list(rule.get("verbs") or []), "apiGroups": list(rule.get("apiGroups") or []),
                     "resources": list(rule.get("resources") or [])}
            if rule.get("resourceNames"):
                entry["resourceNames"] = list(rule["resourceNames"])
            resource_rules.append(entry)
    status: dict = {"resourceRules": resource_rules, "nonResourceRules": url_rules, "incomplete": bool(errors)}
    if errors:
        status["evaluationError"] = errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]"
    return status
