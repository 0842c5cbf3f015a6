"""A kubeconfig: named contexts, each a cluster plus a default namespace, and the current one.

Models ``~/.kube/config`` as kubectl reads it: ``kubectl config get-contexts``, ``use-context``,
``current-context`` and ``set-context --current --namespace=…`` work on this object, and
``az aks get-credentials`` merges new contexts into it, so several clusters can sit side by side.

Each context names a *user* entry whose credentials every request carries: AKS's local accounts
(``clusterUser_<rg>_<name>``, ``clusterAdmin_<rg>_<name>``) hold the client certificate
``CN=masterclient, O=system:masters`` — a cluster admin — and ``kubectl config set-credentials NAME
--token=…`` adds a user with a bearer token (a service account's, say).

>>> cfg = KubeConfig()
>>> _ = cfg.add_context("dev", cluster=None, cluster_name="dev", user="clusterUser_rg_dev")
>>> cfg.current_context, cfg.credentials("clusterUser_rg_dev").certificate_cn
('dev', 'masterclient')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..apiserver.authentication import Credentials


@dataclass
class Context:
    name: str
    cluster: Any                # the Cluster handle kubectl talks to
    cluster_name: str
    user: str
    namespace: str = ""


class KubeConfig:
    def __init__(self):
        self.contexts: dict[str, Context] = {}
        self.users: dict[str, Credentials] = {}
        self.current_context: str = ""

    def add_context(self, name: str, cluster, cluster_name: str, user: str, namespace: str = "",
                    make_current: bool = True) -> Context:
        ctx = Context(name, cluster, cluster_name, user, namespace)
        # az aks get-credentials writes the user entry with the context: an AKS local account
        self.users.setdefault(user, Credentials.aks_local_account())
        self.contexts[name] = ctx
        if make_current or not self.current_context:
            self.current_context = name
        return ctx

    def remove_context(self, name: str) -> None:
        self.contexts.pop(name, None)
        if self.current_context == name:
            self.current_context = ""

    def context(self, name: str | None = None) -> Context | None:
        return self.contexts.get(name or self.current_context)

    def cluster_named(self, name: str):
        """The cluster a context already calls ``name`` (None: kubectl would have no server for it)."""
        return next((c.cluster for c in self.contexts.values() if c.cluster_name == name and c.cluster is not None),
                    None)

    def credentials(self, user: str) -> Credentials | None:
        """The credentials of the user entry ``user`` (None: no such entry, kubectl then sends none)."""
        return self.users.get(user)

    def set_credentials(self, user: str, credentials: Credentials) -> None:
        self.users[user] = credentials
