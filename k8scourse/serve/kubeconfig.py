"""The kubeconfig file a served cluster hands out, written on its own or merged into another.

Models what ``az aks get-credentials`` does with ``~/.kube/config``: a cluster entry (the server's
URL and, over HTTPS, its CA as ``certificate-authority-data``), a user entry (the bearer token) and
a context joining them, made current. Merging replaces the entries of the same names and keeps every
other cluster, user and context of the file, so a learner's real clusters stay where they were.

>>> import tempfile, os, yaml
>>> path = os.path.join(tempfile.mkdtemp(), "config")
>>> _ = write_kubeconfig(path, "demo", "http://127.0.0.1:8001", token="t")
>>> cfg = yaml.safe_load(open(path))
>>> cfg["current-context"], cfg["users"][0]["user"]["token"], cfg["clusters"][0]["cluster"]["server"]
('demo', 't', 'http://127.0.0.1:8001')
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import yaml


def _entry(items: list, name: str, key: str, value: dict) -> list:
    kept = [i for i in items or [] if isinstance(i, dict) and i.get("name") != name]
    return kept + [{"name": name, key: value}]


def write_kubeconfig(path: str | os.PathLike, name: str, server: str, *, token: str,
                     ca_pem: bytes | None = None, user: str | None = None, namespace: str = "",
                     merge: bool = True) -> Path:
    """Write (or merge into) the kubeconfig at ``path``; returns the path. The file is private (0600)."""
    path = Path(path).expanduser()
    config: dict = {}
    if merge and path.exists():
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        config = loaded if isinstance(loaded, dict) else {}
    user = user or f"clusterUser_{name}"
    cluster = {"server": server}
    if ca_pem:
        cluster["certificate-authority-data"] = base64.b64encode(ca_pem).decode()
    context = {"cluster": name, "user": user}
    if namespace:
        context["namespace"] = namespace
    config["apiVersion"] = "v1"
    config["kind"] = "Config"
    config["clusters"] = _entry(config.get("clusters"), name, "cluster", cluster)
    config["contexts"] = _entry(config.get("contexts"), name, "context", context)
    config["users"] = _entry(config.get("users"), user, "user", {"token": token})
    config["current-context"] = name
    config.setdefault("preferences", {})
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        yaml.safe_dump(config, fh, default_flow_style=False, sort_keys=False)
    os.replace(tmp, path)
    return path


def remove_from_kubeconfig(path: str | os.PathLike, name: str, user: str | None = None) -> None:
    """Take the served cluster's entries out again (``kubectl config delete-context`` and friends)."""
    path = Path(path).expanduser()
    if not path.exists():
        return
    config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    user = user or f"clusterUser_{name}"
    for key, entry in (("clusters", name), ("contexts", name), ("users", user)):
        config[key] = [i for i in config.get(key) or [] if isinstance(i, dict) and i.get("name") != entry]
    if config.get("current-context") == name:
        config["current-context"] = ""
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC | os.O_CREAT, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        yaml.safe_dump(config, fh, default_flow_style=False, sort_keys=False)
