"""``kubectl cp``: copy files and folders between the local disk and a container's file tree.

``kubectl cp POD:PATH LOCAL`` (``NAMESPACE/POD:PATH`` too) and ``kubectl cp LOCAL POD:PATH``;
``-c`` picks the container (else the default one, as ``kubectl exec`` picks it). The real kubectl
runs ``tar`` in the container through exec; the simulator reads and writes the container's file
tree (:mod:`k8scourse.runtime.filesystem`) directly — the same files ``kubectl exec … cat`` shows.
A folder is copied with everything below it; copying onto an existing folder puts the source inside
it. Success prints nothing, as kubectl does.

Deliberate differences: no permissions or owners are copied; ``--no-preserve`` and ``--retries``
are accepted and change nothing.

>>> from k8scourse import Cluster
>>> c = Cluster(nodes=1, seed=0)
>>> _ = c.kubectl("run box --image=busybox -- sleep 3600", echo=False); c.run(seconds=30)
>>> print(c.kubectl("cp a.txt b.txt", echo=False), end="")
error: one of src or dest must be a remote file specification
"""

from __future__ import annotations

import os

from ...api.objects import dig
from ...errors import APIError
from ...runtime.filesystem import ReadOnlyError, norm
from ..flags import Flag
from .command import CommandError, Invocation
from .exec import _container, upgrade_refused

CP_FLAGS = (
    Flag("container", "c", "string", "", "Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation"),
    Flag("no-preserve", "", "bool", False, "The copied file/directory's ownership and permissions will not be preserved in the container"),
    Flag("retries", "", "int", 0, "Set number of retries to complete a copy operation from a container."),
)


def _remote(spec: str) -> tuple[str, str, str] | None:
    """(namespace, pod, path) of ``[ns/]pod:path``; None for a local path."""
    if ":" not in spec or spec.startswith(("/", ".")):
        return None
    pod, _, path = spec.partition(":")
    namespace, _, pod = pod.rpartition("/")
    return namespace, pod, path


def _local(inv: Invocation, path: str) -> str:
    cwd = inv.extra.get("cwd")
    return path if os.path.isabs(path) or not cwd else os.path.join(cwd, path)


def _files(inv: Invocation, namespace: str, pod_name: str):
    pod = inv.api.get("pods", pod_name, namespace)
    phase = dig(pod, "status", "phase", default="Pending")
    if phase in ("Succeeded", "Failed"):
        raise CommandError(f"cannot exec into a container in a completed pod; current phase is {phase}")
    container = _container(inv, pod, pod_name)
    try:
        live = inv.api.pod_files(namespace, pod_name, container)
    except APIError as exc:
        raise upgrade_refused(exc) from None
    if live is None:
        raise CommandError(f"the simulator has no file tree for container {container} of pod {pod_name}")
    return live


def run_cp(inv: Invocation) -> int:
    if len(inv.args) != 2:
        raise CommandError("source and destination are required")
    src, dest = inv.args
    remote_src, remote_dest = _remote(src), _remote(dest)
    if (remote_src is None) == (remote_dest is None):
        raise CommandError("one of src or dest must be " +
                           ("a remote file specification" if remote_src is None else "a local file specification"))
    if remote_dest is not None:
        local = _local(inv, src)
        if not os.path.exists(local):
            raise CommandError(f"{src} doesn't exist in local filesystem")
        namespace, pod, path = remote_dest
        live = _files(inv, namespace or inv.namespace, pod)
        return _upload(inv, live, local, path or "/")
    namespace, pod, path = remote_src
    live = _files(inv, namespace or inv.namespace, pod)
    return _download(inv, live, path, _local(inv, dest))


def _upload(inv: Invocation, live, local: str, path: str) -> int:
    target = norm(path)
    if live.is_dir(target):
        target = norm(f"{target}/{os.path.basename(local.rstrip('/'))}")
    try:
        if os.path.isdir(local):
            for root, _dirs, names in os.walk(local):
                rel = os.path.relpath(root, local)
                for name in sorted(names):
                    with open(os.path.join(root, name), encoding="utf-8", errors="replace") as fh:
                        live[norm(f"{target}/{'' if rel == '.' else rel}/{name}")] = fh.read()
        else:
            with open(local, encoding="utf-8", errors="replace") as fh:
                live[target] = fh.read()
    except ReadOnlyError:
        inv.warn(f"tar: {target.lstrip('/')}: Cannot open: Read-only file system")
        raise CommandError("command terminated with exit code 2") from None
    return 0


def _download(inv: Invocation, live, path: str, local: str) -> int:
    source = norm(path)
    if live.is_dir(source):
        base = local
        if os.path.isdir(local):
            base = os.path.join(local, os.path.basename(source.rstrip("/")) or "root")
        prefix = source.rstrip("/") + "/"
        for name in sorted(live):
            if name.startswith(prefix):
                out = os.path.join(base, name[len(prefix):])
                os.makedirs(os.path.dirname(out), exist_ok=True)
                with open(out, "w", encoding="utf-8") as fh:
                    fh.write(live[name])
        return 0
    text = live.read(source)
    if text is None:
        inv.warn(f"tar: {source.lstrip('/')}: No such file or directory")
        inv.warn("tar: Exiting with failure status due to previous errors")
        return 1
    out = os.path.join(local, os.path.basename(source)) if os.path.isdir(local) else local
    try:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise CommandError(f"open {out}: {exc.strerror.lower() if exc.strerror else exc}") from None
    return 0

