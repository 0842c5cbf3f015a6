"""The kubelet's view of one container of a pod: state, restarts, back-off, environment.

* :class:`Backoff` is client-go's ``flowcontrol.Backoff`` as the kubelet uses it for crashed
  containers and for image pulls: the first failure does not wait; every later failure within
  the window waits twice as long as the previous one (10 s, 20 s, 40 s … capped at 300 s); an
  entry not touched for 2 × max (10 minutes) is forgotten — a container that ran ten minutes
  without problems starts again at 10 s.
* :class:`ContainerState` is what the status manager turns into a ``containerStatuses`` entry.
* :func:`container_env` composes the process environment (image ENV, ``HOSTNAME``, the
  ``kubernetes`` Service variables, ``env``/``envFrom`` with ``fieldRef``, ConfigMap and Secret
  keys) and :func:`expand` substitutes ``$(VAR)`` in ``command``/``args`` as the kubelet does.

>>> b = Backoff(10_000, 300_000)
>>> b.in_backoff("c", 0, 0), b.next("c", 0, 0), b.in_backoff("c", 500, 500), b.next("c", 500, 10_500)
(False, 10000, True, 20000)
>>> expand(["echo", "$(GREETING) $(NOPE) $$(ESC)"], {"GREETING": "hi"})
['echo', 'hi $(NOPE) $(ESC)']
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field

from .. import defaults


class Backoff:
    def __init__(self, initial_ms: int, max_ms: int):
        self.initial_ms = initial_ms
        self.max_ms = max_ms
        self._entries: dict[str, list[int]] = {}       # key -> [backoff ms, last update ms]

    def _expired(self, entry, event_ms: int) -> bool:
        return event_ms - entry[1] > 2 * self.max_ms

    def in_backoff(self, key: str, event_ms: int, now_ms: int) -> bool:
        """``IsInBackOffSince``: still waiting after the failure at ``event_ms``?"""
        entry = self._entries.get(key)
        if entry is None or self._expired(entry, event_ms):
            return False
        return now_ms - event_ms < entry[0]

    def next(self, key: str, event_ms: int, now_ms: int) -> int:
        """``Next``: record one more failure; returns the new delay."""
        entry = self._entries.get(key)
        if entry is None or self._expired(entry, event_ms):
            entry = [self.initial_ms, now_ms]
        else:
            entry = [min(entry[0] * 2, self.max_ms), now_ms]
        self._entries[key] = entry
        return entry[0]

    def get(self, key: str) -> int:
        entry = self._entries.get(key)
        return entry[0] if entry else 0

    def remaining_ms(self, key: str, now_ms: int) -> int:
        """How long the back-off of ``key`` still lasts from its last failure (0: none)."""
        entry = self._entries.get(key)
        return max(0, entry[1] + entry[0] - now_ms) if entry else 0

    def forget(self, prefix: str) -> None:
        for key in [k for k in self._entries if k.startswith(prefix)]:
            del self._entries[key]


@dataclass
class ContainerState:
    """One container of a pod, as the kubelet tracks it across restarts."""
    spec: dict
    init: bool = False
    record: object = None                  # runtime ContainerRecord of the current instance
    restart_count: int = 0
    waiting: tuple[str, str] | None = None  # (reason, message) while not running
    last_term: dict | None = None          # lastState.terminated
    term: dict | None = None               # state.terminated of the instance that exited
    ready: bool = False
    started: bool = False
    image_info: object = None              # ImageInfo once the image is on the node
    identity: object = None                # runtime.security.Identity it runs with (kubelet.security)
    probes: list = field(default_factory=list)
    wake: object = None                    # scheduled retry (back-off expiry)
    busy: bool = False                     # pull/create/start in flight

    @property
    def name(self) -> str:
        return self.spec["name"]

    @property
    def running(self) -> bool:
        return self.record is not None and self.record.running

    @property
    def sidecar(self) -> bool:
        return self.init and self.spec.get("restartPolicy") == "Always"

    def field_path(self) -> str:
        return f"spec.{'initContainers' if self.init else 'containers'}{{{self.name}}}"


class ConfigError(Exception):
    """``CreateContainerConfigError``: a ConfigMap/Secret the container needs is missing."""


def _ref_value(api, pod: dict, kind: str, ref: dict, key: str | None):
    ns = pod["metadata"].get("namespace", "default")
    obj = api.peek(kind, ref.get("name", ""), ns)
    singular = "configmap" if kind == "configmaps" else "secret"
    if obj is None:
        if ref.get("optional"):
            return None
        raise ConfigError(f'{singular} "{ref.get("name", "")}" not found')
    data = dict(obj.get("data") or {})
    if kind == "secrets":
        data = {k: base64.b64decode(v).decode("utf-8", "replace") for k, v in data.items()}
    else:
        data.update(obj.get("binaryData") or {})
    if key is None:
        return data
    if key not in data:
        if ref.get("optional"):
            return None
        raise ConfigError(f"couldn't find key {key} in {'ConfigMap' if kind == 'configmaps' else 'Secret'} "
                          f"{ns}/{ref.get('name', '')}")
    return data[key]


def container_env(api, pod: dict, spec: dict, pod_ip: str, host_ip: str) -> dict:
    """The environment of the container's process (raises :class:`ConfigError`)."""
    md, pspec = pod["metadata"], pod.get("spec") or {}
    env = {"HOSTNAME": pspec.get("hostname") or md["name"], "HOME": "/root",
           "KUBERNETES_SERVICE_HOST": defaults.KUBERNETES_SERVICE_IP, "KUBERNETES_SERVICE_PORT": "443",
           "KUBERNETES_SERVICE_PORT_HTTPS": "443", "KUBERNETES_PORT": f"tcp://{defaults.KUBERNETES_SERVICE_IP}:443",
           "_POD_IP": pod_ip}
    for src in spec.get("envFrom") or []:
        prefix = src.get("prefix", "")
        for kind, key in (("configmaps", "configMapRef"), ("secrets", "secretRef")):
            if isinstance(src.get(key), dict):
                for k, v in sorted((_ref_value(api, pod, kind, src[key], None) or {}).items()):
                    env[prefix + k] = v
    fields = {"metadata.name": md.get("name", ""), "metadata.namespace": md.get("namespace", ""),
              "metadata.uid": md.get("uid", ""), "spec.nodeName": pspec.get("nodeName", ""),
              "spec.serviceAccountName": pspec.get("serviceAccountName", ""), "status.podIP": pod_ip,
              "status.hostIP": host_ip}
    for e in spec.get("env") or []:
        vf = e.get("valueFrom")
        if not isinstance(vf, dict):
            env[e["name"]] = expand_text(str(e.get("value", "")), env)
        elif isinstance(vf.get("fieldRef"), dict):
            path = vf["fieldRef"].get("fieldPath", "")
            m = re.fullmatch(r"metadata\.(labels|annotations)\['(.+)'\]", path)
            env[e["name"]] = str((md.get(m.group(1)) or {}).get(m.group(2), "")) if m else fields.get(path, "")
        elif isinstance(vf.get("configMapKeyRef"), dict):
            value = _ref_value(api, pod, "configmaps", vf["configMapKeyRef"], vf["configMapKeyRef"].get("key"))
            if value is not None:
                env[e["name"]] = value
        elif isinstance(vf.get("secretKeyRef"), dict):
            value = _ref_value(api, pod, "secrets", vf["secretKeyRef"], vf["secretKeyRef"].get("key"))
            if value is not None:
                env[e["name"]] = value
    return env


_VAR = re.compile(r"\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)")


def expand_text(text: str, env: dict) -> str:
    def sub(m):
        if m.group(0) == "$$":
            return "$"
        return env.get(m.group(1), m.group(0))
    return _VAR.sub(sub, text)


def expand(words, env: dict):
    """``$(VAR)`` expansion of command/args (``$$`` escapes, unknown names stay as written)."""
    if not words:
        return words
    return [expand_text(str(w), env) for w in words]
