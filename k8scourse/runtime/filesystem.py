"""File systems in simulated time: a container's writable layer, volumes, and the view that joins them.

* :class:`FileStore` — the files of one place (a container's writable layer on top of its image,
  an ``emptyDir``, a node's ``hostPath`` tree, a persistent volume's disk, the files a ConfigMap
  volume projects). Every change is stamped with the simulated millisecond it happened at, so a
  reader asks for the store *as of* a time: a program that ran ahead of the clock (see
  :mod:`k8scourse.runtime.programs`) writes its future, and an exec probe at ``now`` still sees
  the present. Appends are kept as chunks (a log file does not copy itself per line).
* :class:`ContainerFS` — what one container sees: its own layer at ``/`` and the volumes mounted
  over it (``volumeMounts``: mount path, ``subPath``, ``readOnly``); the longest mount path wins,
  as with real bind mounts, and a mount hides what the image had below it (an ``emptyDir`` on
  ``/usr/share/nginx/html`` starts empty). It behaves as a mutable mapping of path → text as of
  its clock, so the shell and ``kubectl exec`` use it like a dict.

A write to a read-only mount raises :class:`ReadOnlyError` (``Read-only file system``, what the
kernel answers for ``configMap``/``secret``/``projected`` volumes and ``readOnly: true`` mounts).

Deliberate differences: no permissions, owners, symlinks, inodes or sizes on disk; directories exist
when created (``mkdir``) or when a file lies below them; paths are normalised (``//``, ``.``,
``..``) and relative paths are taken from ``/``.

>>> layer, vol = FileStore("layer", base={"/etc/motd": "hi\\n"}), FileStore("emptyDir", kind="emptyDir")
>>> fs = ContainerFS(layer, [Mount("/data", vol)], clock=lambda: 10)
>>> fs["/data/x"] = "one\\n"; fs.write("/data/x", "two\\n", append=True)
>>> fs["/data/x"], sorted(fs), vol.read("/x", 9)
('one\\ntwo\\n', ['/data/x', '/etc/motd'], None)
"""

from __future__ import annotations

import posixpath
from bisect import bisect_right, insort
from collections.abc import MutableMapping
from dataclasses import dataclass

_FAR = 1 << 62


class ReadOnlyError(OSError):
    """A write below a read-only mount (EROFS)."""


def norm(path: str) -> str:
    """The absolute, normalised form of ``path`` (``/a//b/../c`` → ``/a/c``)."""
    if path[:1] == "/" and "//" not in path and "/." not in path and (path[-1:] != "/" or path == "/"):
        return path
    out = posixpath.normpath("/" + (path or "/"))
    return "/" + out.lstrip("/") if out != "/" else "/"


def _under(path: str, prefix: str) -> bool:
    return prefix == "/" or path == prefix or path.startswith(prefix + "/")


class FileTree(dict):
    """A snapshot of a container's files (path → text); ``rootfs``: it holds the image's files too."""
    rootfs = False


class FileStore:
    """Time-stamped files of one place; paths inside it start at its own ``/``."""

    def __init__(self, name: str = "", base: dict | None = None, kind: str = "layer", medium: str = ""):
        self.name = name
        self.kind = kind                  # layer, emptyDir, hostPath, pv, configMap, secret, …
        self.medium = medium              # "Memory" for a tmpfs emptyDir
        self.base = base or {}            # files present from the start (image files, API data); not copied
        self._hist: dict[str, list] = {}  # path -> [(t, seq, text or None, append)]
        self._dirs: dict[str, int] = {}   # directories made with mkdir -> when
        self._seq = 0
        self.peers: list = []             # programs that mount it (brought up to date before shared reads)
        # Callbacks ``f(t)`` told of every change (its simulated time, possibly ahead of the clock):
        # the kubelet's prober stops coasting a probe whose outcome reads these files.
        self.watchers: list = []

    @property
    def shared(self) -> bool:
        return self.kind != "layer"

    # ------------------------------------------------------------------ writes
    def _add(self, t: int, path: str, text, append: bool) -> None:
        self._seq += 1
        insort(self._hist.setdefault(norm(path), []), (int(t), self._seq, text, append))
        for watcher in list(self.watchers):
            watcher(int(t))

    def write(self, t: int, path: str, text: str, append: bool = False) -> None:
        self._add(t, path, text, append)

    def remove(self, t: int, path: str) -> None:
        self._add(t, path, None, False)

    def mkdir(self, t: int, path: str) -> None:
        path = norm(path)
        while path != "/" and path not in self._dirs:
            self._dirs[path] = int(t)
            path = posixpath.dirname(path)
        for watcher in list(self.watchers):
            watcher(int(t))

    def next_change_after(self, t: int) -> int | None:
        """The earliest change stamped after ``t`` that is already known (a program runs ahead)."""
        found = None
        for hist in self._hist.values():
            if hist[-1][0] > t:
                i = bisect_right(hist, (t, _FAR))
                found = hist[i][0] if found is None else min(found, hist[i][0])
        for when in self._dirs.values():
            if when > t:
                found = when if found is None else min(found, when)
        return found

    # ------------------------------------------------------------------ reads
    def read(self, path: str, t: int = _FAR) -> str | None:
        path = norm(path)
        hist = self._hist.get(path)
        if not hist:
            return self.base.get(path)
        end = bisect_right(hist, (t, _FAR))
        if end == 0:
            return self.base.get(path)
        chunks = []
        i = end - 1
        while i >= 0:
            _, _, text, append = hist[i]
            if text is None:                  # removed (and maybe appended to afterwards)
                if not chunks:
                    return None
                break
            chunks.append(text)
            if not append:
                break
            i -= 1
        else:
            chunks.append(self.base.get(path, ""))
        return "".join(reversed(chunks))

    def exists(self, path: str, t: int = _FAR) -> bool:
        return self.read(path, t) is not None

    def paths(self, t: int = _FAR, under: str = "/") -> list[str]:
        """Files present at ``t`` (below ``under``), sorted."""
        names = set(self.base) | set(self._hist)
        return sorted(p for p in names if _under(p, under) and p != under and self.read(p, t) is not None)

    def is_dir(self, path: str, t: int = _FAR) -> bool:
        path = norm(path)
        if path == "/" or self._dirs.get(path, _FAR) <= t:
            return True
        return any(p.startswith(path + "/") for p in self.paths(t, path))

    def listdir(self, path: str, t: int = _FAR) -> list[str]:
        path = norm(path)
        names = {p[len(path):].lstrip("/").split("/", 1)[0] for p in self.paths(t, path)}
        names |= {d[len(path):].lstrip("/").split("/", 1)[0] for d, when in self._dirs.items()
                  if when <= t and _under(d, path) and d != path}
        return sorted(n for n in names if n)

    def size(self, t: int = _FAR) -> int:
        """Bytes of file content at ``t`` (what a ``medium: Memory`` emptyDir holds in RAM)."""
        return sum(len(self.read(p, t) or "") for p in self.paths(t))

    def snapshot(self, t: int = _FAR) -> dict:
        return {p: self.read(p, t) for p in self.paths(t)}


@dataclass
class Mount:
    """One ``volumeMount``: ``path`` in the container shows ``store`` from ``sub`` (its subPath) on."""
    path: str
    store: FileStore
    sub: str = "/"
    read_only: bool = False
    volume: str = ""

    def __post_init__(self):
        self.path, self.sub = norm(self.path), norm(self.sub)


class ContainerFS(MutableMapping):
    """A container's file tree as of ``clock()``: its layer at ``/`` plus the mounted volumes."""

    def __init__(self, layer: FileStore | None = None, mounts=(), clock=None, read_only_root: bool = False):
        self.layer = layer if layer is not None else FileStore("layer")
        self.mounts: list[Mount] = sorted(mounts, key=lambda m: -len(m.path))
        self.clock = clock or (lambda: _FAR)
        self.read_only_root = read_only_root      # readOnlyRootFilesystem: the layer refuses writes

    def at(self, t: int) -> "ContainerFS":
        """The same tree, read and written at the fixed time ``t``."""
        return ContainerFS(self.layer, self.mounts, lambda: t, self.read_only_root)

    def resolve(self, path: str) -> tuple[FileStore, str, Mount | None]:
        path = norm(path)
        if not self.mounts:
            return self.layer, path, None
        for m in self.mounts:
            if _under(path, m.path):
                return m.store, norm(m.sub + path[len(m.path):]), m
        return self.layer, path, None

    def mount_of(self, path: str) -> Mount | None:
        return self.resolve(path)[2]

    def read_only(self, path: str) -> bool:
        m = self.resolve(path)[2]
        return m.read_only if m is not None else self.read_only_root

    def shared(self, path: str) -> bool:
        """Whether others (containers, pods) may change this path: it lies in a writable shared volume."""
        store, _, m = self.resolve(path)
        return m is not None and store.shared and not (m.read_only and store.kind in ("configMap", "secret"))

    # ------------------------------------------------------------------ reads
    def read(self, path: str, t: int | None = None) -> str | None:
        store, inner, _ = self.resolve(path)
        return store.read(inner, self.clock() if t is None else t)

    def is_dir(self, path: str) -> bool:
        path = norm(path)
        store, inner, m = self.resolve(path)
        if store.is_dir(inner, self.clock()):
            return True
        return any(_under(mp.path, path) and mp.path != path for mp in self.mounts)

    def listdir(self, path: str) -> list[str]:
        path = norm(path)
        store, inner, _ = self.resolve(path)
        names = set(store.listdir(inner, self.clock()))
        for m in self.mounts:
            if _under(m.path, path) and m.path != path:
                names.add(m.path[len(path):].lstrip("/").split("/", 1)[0])
        return sorted(names)

    def snapshot(self, t: int | None = None) -> FileTree:
        t = self.clock() if t is None else t
        out = FileTree({p: text for p, text in self.layer.snapshot(t).items() if self.resolve(p)[2] is None})
        for m in reversed(self.mounts):
            single = m.store.read(m.sub, t) if m.sub != "/" else None
            if single is not None:
                out[m.path] = single
            for p in m.store.paths(t, m.sub):
                full = norm(m.path + "/" + p[len(m.sub):])
                if self.resolve(full)[2] is m:
                    out[full] = m.store.read(p, t)
        return out

    def __getitem__(self, path: str) -> str:
        text = self.read(path)
        if text is None:
            raise KeyError(path)
        return text

    def __contains__(self, path) -> bool:
        return isinstance(path, str) and self.read(path) is not None

    def __iter__(self):
        return iter(sorted(self.snapshot()))

    def __len__(self) -> int:
        return len(self.snapshot())

    # ------------------------------------------------------------------ writes
    def _writable(self, path: str) -> tuple[FileStore, str]:
        store, inner, m = self.resolve(path)
        if m.read_only if m is not None else self.read_only_root:
            raise ReadOnlyError(30, "Read-only file system", path)
        return store, inner

    def write(self, path: str, text: str, append: bool = False, t: int | None = None) -> None:
        store, inner = self._writable(path)
        store.write(self.clock() if t is None else t, inner, text, append)

    def remove(self, path: str, t: int | None = None) -> None:
        store, inner = self._writable(path)
        store.remove(self.clock() if t is None else t, inner)

    def mkdir(self, path: str, t: int | None = None) -> None:
        store, inner = self._writable(path)
        store.mkdir(self.clock() if t is None else t, inner)

    def __setitem__(self, path: str, text: str) -> None:
        self.write(path, text)

    def __delitem__(self, path: str) -> None:
        if path not in self:
            raise KeyError(path)
        self.remove(path)
