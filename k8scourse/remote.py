"""A real cluster behind the course's handle: ``Cluster.connect(kubeconfig=…, context=…)``.

The other direction of :mod:`k8scourse.serve`: when a class outgrows the simulator, the same
notebooks and the same grading checks run against any cluster in a kubeconfig (an AKS cluster after
``az aks get-credentials``, or a served simulator standing in for one). :class:`RemoteCluster` has
the surface of :class:`k8scourse.cluster.Cluster` that makes sense on a real cluster:

* ``kubectl(…)`` and ``apply(…)`` run the **real** ``kubectl`` binary with that kubeconfig and
  context, and return a :class:`~k8scourse.result.CommandResult` (printed unless ``echo=False``);
* ``get``/``list`` read objects as dicts with the official ``kubernetes`` Python client;
  ``pods()``/``nodes()`` give the same DataFrames as the simulator's handle;
* time controls become wall-clock waits: ``run(seconds=…)`` sleeps, ``wait_until(predicate,
  timeout_s)`` polls, ``settle()`` waits until no pod is Pending;
* ``view()`` is what grading checks read (:mod:`k8scourse.grading.view`): ``get``, ``list``,
  ``events``, ``kubectl_json``, ``nodes``, ``now_ms``.

What stays simulator-only, and says so (:class:`~k8scourse.errors.SimulationError`): ``explain``
(the scheduler's per-plugin record), ``faults``, ``trace``, ``history`` (etcd's write log),
``usage`` over time and the traffic model's ``request``/``curl`` — a real cluster keeps none of that
where a client can read it.

>>> RemoteCluster.__name__
'RemoteCluster'
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import subprocess
import sys
import time
from typing import Callable

from .api.kinds import REGISTRY
from .errors import APIError, SimulationError
from .i18n import t
from .frames import nodes_frame, pods_frame
from .result import CommandResult

_POLL_SECONDS = 1.0


def _simulator_only(what: str) -> SimulationError:
    return SimulationError(t("sim.simulator_only", what=what))


class RemoteCluster:
    """A cluster reached through a kubeconfig: the real kubectl and the official client."""

    def __init__(self, kubeconfig: str | os.PathLike | None = None, context: str | None = None,
                 kubectl: str | None = None):
        from kubernetes import config
        self.kubeconfig = str(kubeconfig) if kubeconfig else os.environ.get("KUBECONFIG") or \
            os.path.expanduser("~/.kube/config")
        _contexts, active = config.list_kube_config_contexts(config_file=self.kubeconfig)
        self.context = context or active["name"]
        self.client = config.new_client_from_config(config_file=self.kubeconfig, context=self.context)
        self._kubectl = kubectl or shutil.which("kubectl")
        self._version: str | None = None

    # ------------------------------------------------------------------ identity
    @property
    def name(self) -> str:
        return self.context

    @property
    def kubernetes_version(self) -> str:
        if self._version is None:
            info = self._call("/version")
            self._version = info["gitVersion"].lstrip("v")
        return self._version

    def reachable(self) -> bool:
        try:
            self._call("/readyz")
            return True
        except Exception:       # noqa: BLE001 - any failure to connect means "not reachable"
            return False

    # ------------------------------------------------------------------ REST through the official client
    def _call(self, path: str, query: list | None = None):
        from kubernetes.client.rest import ApiException
        try:
            data = self.client.call_api(path, "GET", query_params=query or [], response_type="object",
                                        auth_settings=["BearerToken"], _return_http_data_only=True,
                                        _preload_content=True)
        except ApiException as exc:
            import json
            try:
                status = json.loads(exc.body)
            except (TypeError, ValueError):
                status = {}
            raise APIError(status.get("reason", ""), exc.status, status.get("message", str(exc.reason))) from None
        return data

    @staticmethod
    def _path(kind: str, namespace: str | None, name: str = "") -> tuple[str, object]:
        info = REGISTRY.by_name(kind)
        if info is None:
            raise SimulationError(f'unknown resource type "{kind}"')
        base = f"/api/{info.version}" if not info.group else f"/apis/{info.group}/{info.version}"
        if info.namespaced and namespace is not None:
            base += f"/namespaces/{namespace}"
        path = f"{base}/{info.plural}" + (f"/{name}" if name else "")
        return path, info

    def get(self, kind: str, name: str, namespace: str = "default") -> dict:
        """One object as a dict; ``APIError`` (NotFound…) as the simulator's handle raises it."""
        path, _ = self._path(kind, namespace, name)
        return self._call(path)

    def list(self, kind: str, namespace: str | None = None, selector: str = "") -> list[dict]:
        path, _ = self._path(kind, namespace)
        return self._call(path, [("labelSelector", selector)] if selector else [])["items"]

    def pods(self, namespace: str | None = None):
        """Pods as a pandas DataFrame (namespace, name, phase, node), as ``Cluster.pods``."""
        return pods_frame(self.list("pods", namespace))

    def nodes(self):
        """Nodes as a pandas DataFrame, as ``Cluster.nodes``."""
        return nodes_frame(self.list("nodes"))

    # ------------------------------------------------------------------ commands: the real kubectl
    def kubectl(self, command: str | list[str], stdin: str | None = None, echo: bool = True) -> CommandResult:
        import shlex
        if self._kubectl is None:
            raise SimulationError(t("sim.no_kubectl"))
        argv = shlex.split(command) if isinstance(command, str) else list(command)
        if argv[:1] == ["kubectl"]:
            argv = argv[1:]
        proc = subprocess.run([self._kubectl, "--kubeconfig", self.kubeconfig, "--context", self.context, *argv],
                              input=stdin, capture_output=True, text=True)
        result = CommandResult(proc.stdout + proc.stderr, proc.stdout, proc.stderr, proc.returncode)
        if echo:
            sys.stdout.write(str(result))
        return result

    def apply(self, manifest: str, echo: bool = True) -> CommandResult:
        return self.kubectl(["apply", "-f", "-"], stdin=manifest, echo=echo)

    # ------------------------------------------------------------------ time: the wall clock
    @property
    def now(self) -> str:
        return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    def run(self, seconds: float = 0) -> None:
        """On a real cluster time passes by itself: wait ``seconds``."""
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
            raise SimulationError(t("sim.not_negative", name="a duration in seconds", got=repr(seconds)))
        time.sleep(seconds)

    def wait_until(self, predicate: Callable[[], bool], timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        while not predicate():
            if time.monotonic() >= deadline:
                return False
            time.sleep(_POLL_SECONDS)
        return True

    def settle(self, max_seconds: float = 600) -> None:
        """Wait until no pod is Pending (or ``max_seconds`` pass)."""
        self.wait_until(lambda: all((p.get("status") or {}).get("phase") != "Pending" for p in self.list("pods")),
                        max_seconds)

    # ------------------------------------------------------------------ simulator-only
    def explain(self, pod: str, namespace: str = "default", echo: bool = True):
        raise _simulator_only("explain (the scheduler's record of every filter and score)")

    @property
    def faults(self):
        raise _simulator_only("fault injection")

    def trace(self, src: str, dst: str, namespace: str = "default", echo: bool = True):
        raise _simulator_only("trace (the traffic model's hops)")

    def history(self) -> list[dict]:
        raise _simulator_only("history (etcd's log of every write)")

    def curl(self, url: str, echo: bool = True):
        raise _simulator_only("curl from outside (the traffic model)")

    # ------------------------------------------------------------------ grading
    def view(self) -> "RemoteClusterView":
        """What a grading check reads (:class:`k8scourse.grading.view.ClusterView`'s surface)."""
        return RemoteClusterView(self)

    def __repr__(self) -> str:
        return f"<RemoteCluster {self.context!r} ({self.kubeconfig})>"


class RemoteClusterView:
    """The read-only view grading checks use, over a real cluster."""

    def __init__(self, cluster: RemoteCluster):
        self._c = cluster

    @property
    def now_ms(self) -> int:
        return int(time.time() * 1000)

    def get(self, kind: str, name: str, namespace: str = "default") -> dict | None:
        try:
            return self._c.get(kind, name, namespace)
        except APIError as exc:
            if exc.code == 404:
                return None
            raise

    def list(self, kind: str, namespace: str | None = None, selector: str = "") -> list[dict]:
        return self._c.list(kind, namespace, selector)

    def events(self, namespace: str | None = None) -> list[dict]:
        return self.list("events", namespace)

    def kubectl_json(self, command: str):
        import json
        words = command.split()
        if not words or words[0] != "get":
            raise ValueError("only 'kubectl get' is allowed in a check")
        result = self._c.kubectl(words + ["-o", "json"], echo=False)
        return json.loads(result.stdout) if result.exit_code == 0 else None

    def nodes(self):
        return self._c.nodes()

    def pods(self, namespace: str | None = None):
        return self._c.pods(namespace)

    def history(self, resource: str | None = None, since_ms: int | None = None):
        raise _simulator_only("history (etcd's log of every write)")

    def usage(self, *args, **kwargs):
        raise _simulator_only("usage over time (the simulator's accounting)")

    def namespaces(self):
        raise _simulator_only("namespace accounting")

    def request(self, service: str, namespace: str, port: int, path: str = "/"):
        raise _simulator_only("a request through the traffic model")
