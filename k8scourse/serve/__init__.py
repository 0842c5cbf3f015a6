"""The simulated cluster as a real Kubernetes API endpoint: ``cluster.serve()``, ``k8scourse serve``.

A front end like ``cli``: it puts an HTTPS (or plain HTTP) server on loopback in front of a
cluster's API server, so the real ``kubectl``, the official ``kubernetes`` Python client, k9s or a
verify script talk to the simulated cluster as to any other. It speaks the Kubernetes REST API of
the simulated version (:mod:`.rest`): discovery (:mod:`.discovery`, aggregated included), OpenAPI v2
and v3 (:mod:`.openapi`), CRUD with every patch type and server-side apply, server-side Tables,
watches (:mod:`.watch`), ``pods/log`` with ``follow``, ``exec``/``attach`` over WebSockets
(:mod:`.streams`) and ``metrics.k8s.io``. It authenticates bearer tokens (:mod:`.auth`) and writes a
kubeconfig (:mod:`.kubeconfig`) so that a terminal's ``kubectl get nodes`` reaches the notebook's
cluster.

Time: ``cluster.serve()`` puts the cluster's clock in ``live`` mode (:mod:`k8scourse.pacing`:
simulated time follows the wall clock, so a real ``kubectl delete pod`` sees the grace period pass
and ``kubectl get -w`` sees pods start); ``serve(clock="manual")`` leaves time to the notebook's
``cluster.run(seconds=…)``, as tests do. Requests themselves never move the clock. Every request
holds the engine's lock (``engine.lock``), as every other front end's call does.

>>> from k8scourse import Cluster
>>> import tempfile, os
>>> c = Cluster(nodes=1, seed=0)
>>> served = c.serve(clock="manual", tls=False, kubeconfig=os.path.join(tempfile.mkdtemp(), "config"))
>>> served.url.startswith("http://127.0.0.1:")
True
>>> import urllib.request, json
>>> json.load(urllib.request.urlopen(served.url + "/version"))["gitVersion"]
'v1.32.4'
>>> served.stop()
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import t
from .kubeconfig import remove_from_kubeconfig, write_kubeconfig

if TYPE_CHECKING:  # pragma: no cover
    from .http import HTTPServer

# The HTTP server (aiohttp) and the REST handlers load when first used, so that the notebook
# facades can import this package at no cost.
__all__ = ["serve", "Served", "default_kubeconfig_path", "raw_request"]


def raw_request(engine, path: str, who, method: str = "GET", body: bytes = b"") -> tuple[int, str]:
    """``kubectl get|create|replace|delete --raw PATH`` inside the kernel: what the endpoint answers
    ``who`` (:mod:`.rest`)."""
    from .rest import raw_request as answer
    return answer(engine, path, who, method, body)


def default_kubeconfig_path(name: str) -> Path:
    """Where a served cluster's kubeconfig goes unless told otherwise: ``~/.kube/k8scourse/<name>.yaml``."""
    return Path(os.path.expanduser("~")) / ".kube" / "k8scourse" / f"{name}.yaml"


class Served:
    """A running endpoint: its URL, token and kubeconfig; ``stop()`` closes it."""

    def __init__(self, engine, server: "HTTPServer", token: str, kubeconfig: Path | None, ca_pem: bytes | None,
                 context: str):
        self.engine = engine
        self._server = server
        self.token = token
        self.kubeconfig = kubeconfig
        self.ca_pem = ca_pem
        self.context = context

    @property
    def url(self) -> str:
        scheme = "https" if self.ca_pem else "http"
        host = self._server.host
        host = f"[{host}]" if ":" in host else host
        return f"{scheme}://{host}:{self._server.port}"

    @property
    def lock(self):
        """The lock every call into the engine takes while serving (take it to change the cluster)."""
        return self._server.lock

    @property
    def running(self) -> bool:
        return self._server.running

    def env(self) -> dict[str, str]:
        """Environment for a child process whose ``kubectl`` should reach this cluster."""
        env = dict(os.environ)
        if self.kubeconfig is not None:
            env["KUBECONFIG"] = str(self.kubeconfig)
        return env

    def stop(self, forget: bool = False) -> None:
        """Stop serving; ``forget=True`` also removes the entries from the kubeconfig."""
        self._server.stop()
        if forget and self.kubeconfig is not None:
            remove_from_kubeconfig(self.kubeconfig, self.context)

    def __repr__(self) -> str:
        lines = [t("serve.serving", name=self.engine.name, url=self.url)]
        if self.kubeconfig is not None:
            lines.append(t("serve.kubeconfig", export=f"export KUBECONFIG={self.kubeconfig}"))
        if not self.running:
            lines = [t("serve.stopped", name=self.engine.name)]
        return "\n".join(lines)


def serve(engine, *, host: str = "127.0.0.1", port: int = 0, tls: bool = True,
          kubeconfig: str | os.PathLike | None = None, merge: bool = True, token: str | None = None,
          context: str | None = None, lock=None) -> Served:
    """Serve ``engine``'s API on ``host:port`` (loopback only; port 0 picks a free one).

    ``tls`` serves HTTPS with a CA made for this cluster (its certificate goes into the kubeconfig);
    ``kubeconfig`` is the file to write or merge into (default ``~/.kube/k8scourse/<name>.yaml``;
    ``False`` writes none); ``token`` the bearer token (default: a new random one).
    """
    from .auth import Authenticator, new_token
    from .http import HTTPServer, check_loopback
    check_loopback(host)
    context = context or engine.name
    token = token or new_token()
    ca_pem = ssl_context = None
    if tls:
        from .tls import new_bundle
        from ..apiserver.cluster_ca import authority
        bundle = new_bundle(engine.name)
        ca_pem, ssl_context = bundle.ca_pem, bundle.server_context(client_ca_pem=authority(engine.api.sim).pem)
    server = HTTPServer(engine, host=host, port=port, ssl_context=ssl_context,
                        authenticator=Authenticator(engine, token, tokenless_admin=not tls), lock=lock).start()
    path = None
    if kubeconfig is not False:
        path = Path(kubeconfig).expanduser() if kubeconfig else default_kubeconfig_path(engine.name)
        scheme_host = f"[{host}]" if ":" in host else host
        url = f"{'https' if tls else 'http'}://{scheme_host}:{server.port}"
        write_kubeconfig(path, context, url, token=token, ca_pem=ca_pem, merge=merge)
    return Served(engine, server, token, path, ca_pem, context)
