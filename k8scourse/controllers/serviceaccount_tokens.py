"""Legacy service account token Secrets: the ``serviceaccount-token`` controller.

Models kube-controller-manager's tokens controller for the Secrets a user still asks for by hand
(since 1.24 no ServiceAccount gets one automatically)::

    apiVersion: v1
    kind: Secret
    metadata:
      name: app-token
      annotations: {kubernetes.io/service-account.name: app}
    type: kubernetes.io/service-account-token

The controller fills ``data.token`` (a never-expiring JWT with the pre-1.21 claims,
:func:`k8scourse.apiserver.tokens.legacy_token`), ``data["ca.crt"]`` (the cluster CA that the
``kube-root-ca.crt`` ConfigMap publishes) and ``data.namespace``, and records the account's UID in the
``kubernetes.io/service-account.uid`` annotation. A Secret naming an account that does not exist —
or no longer the same one (another UID) — is deleted, and deleting an account deletes its token
Secrets. ``kubectl describe secret`` then shows the token, and ``--token`` or a pod with the Secret
mounted authenticates as the account (the API server stamps the Secret's
``kubernetes.io/legacy-token-last-used`` label with the day of use).

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=0); _ = c.kubectl("create sa app", echo=False)
>>> _ = c.apply('''{"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token",
... "metadata": {"name": "app-token", "annotations": {"kubernetes.io/service-account.name": "app"}}}''', echo=False)
>>> c.run(seconds=1)
>>> sorted(c.api.get("secrets", "app-token")["data"])
['ca.crt', 'namespace', 'token']
"""

from __future__ import annotations

import base64

from ..api.objects import copy_json, dig
from ..apiserver.tokens import LEGACY_SECRET_TYPE, legacy_token
from ..errors import APIError
from .runtime import Controller, Result

SA_NAME = "kubernetes.io/service-account.name"
SA_UID = "kubernetes.io/service-account.uid"
ROOT_CA = "kube-root-ca.crt"
USER = "system:kube-controller-manager"      # the tokens controller runs with the manager's own credentials


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


class ServiceAccountTokensController(Controller):
    resource, kind, component = "secrets", "Secret", "serviceaccount-token-controller"

    def watches(self) -> dict:
        return {"serviceaccounts": self._on_account}

    def on_primary(self, event) -> None:
        if self.running and event.type != "DELETED" and event.object.get("type") == LEGACY_SECRET_TYPE:
            self.enqueue(event.object)

    def _on_account(self, event) -> None:
        """An account created, changed or deleted: its token Secrets need a look."""
        if not self.running:
            return
        md = event.object["metadata"]
        for secret in self.primaries(md.get("namespace", "")):
            if secret.get("type") == LEGACY_SECRET_TYPE and dig(secret, "metadata", "annotations", SA_NAME) == md["name"]:
                self.enqueue(secret)

    def _sync(self, secret: dict) -> Result | None:
        if secret.get("type") != LEGACY_SECRET_TYPE or dig(secret, "metadata", "deletionTimestamp"):
            return None
        md = secret["metadata"]
        ns, annotations = md.get("namespace", ""), md.setdefault("annotations", {})
        sa = self.server.peek("serviceaccounts", annotations.get(SA_NAME, ""), ns)
        if sa is None or (annotations.get(SA_UID) and annotations[SA_UID] != sa["metadata"]["uid"]):
            try:
                self.server.delete("secrets", md["name"], ns, user=USER)
            except APIError as exc:
                if exc.reason != "NotFound":
                    raise
            return None
        data = dict(secret.get("data") or {})
        retry = None
        wanted = copy_json(secret)
        wanted["metadata"]["annotations"][SA_UID] = sa["metadata"]["uid"]
        if not data.get("token"):
            data["token"] = _b64(legacy_token(self.server, ns, sa["metadata"]["name"], sa["metadata"]["uid"],
                                              md["name"]))
        if not data.get("ca.crt"):
            ca = dig(self.server.peek("configmaps", ROOT_CA, ns) or {}, "data", "ca.crt", default="")
            if ca:
                data["ca.crt"] = _b64(ca)
            else:               # the root-ca publisher has not been here yet: look again, rate-limited
                retry = Result(requeue=True)
        data.setdefault("namespace", _b64(ns))
        wanted["data"] = data
        if wanted != secret:
            self.server.update(wanted, user=USER)
        return retry
