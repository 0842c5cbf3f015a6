"""Images as registries and the Docker engine hold them: layers, a config, a manifest, digests.

Models the OCI/Docker image layout the lecture's ``docker push`` / ``az acr build`` output talks
about: an image is an ordered list of layers (content-addressed blobs, ``sha256:<64 hex>``), a
config blob whose digest is the image ID (``docker images`` shows its first 12 hex digits), and a
manifest (Docker schema 2) listing them; the manifest's digest and byte size are what ``docker
push`` prints (``v1: digest: sha256:… size: 1573``). Registries store each layer once, however
many repositories and tags refer to it — so a registry's storage is the sum of its *distinct*
layers.

Catalogue images (:mod:`k8scourse.runtime.images`) are split into layers deterministically from
their reference: their sizes add up to the catalogue's compressed size.

Deliberate differences: digests are sha256 of the simulator's own descriptions, not of real
content; layer counts of catalogue images are derived from their size, not the real ones.

>>> img = from_catalogue("nginx:1.25")
>>> len(img.layers) > 1, sum(s for _, s in img.layers) == img.info.size
(True, True)
>>> len(img.image_id), img.short_id == img.image_id[7:19]
(71, True)
>>> human_size(72481019), human_size(3072), human_size(2)
('72.5MB', '3.07kB', '2B')
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace

from ..runtime.images import ImageInfo, lookup, normalize


def sha256(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class StoredImage:
    """One image: what it runs (``info``), its layers (digest, bytes), files it added, its birth."""
    info: ImageInfo
    layers: tuple = ()                       # ((digest, size), ...) base first
    files: tuple = ()                        # ((path, text), ...) added by COPY/RUN
    created_ms: int | None = None            # simulated ms; None: before the simulation started
    history: tuple = ()                      # Dockerfile instructions, for `docker history`-like views

    @property
    def config_json(self) -> str:
        return json.dumps({"architecture": "amd64", "os": "linux",
                           "config": {"Entrypoint": list(self.info.entrypoint) or None,
                                      "Cmd": list(self.info.cmd) or None,
                                      "Env": [f"{k}={v}" for k, v in self.info.env],
                                      "ExposedPorts": {f"{p}/tcp": {} for p in self.info.ports}},
                           "rootfs": {"type": "layers", "diff_ids": [d for d, _ in self.layers]},
                           "history": list(self.history), "created": self.created_ms}, sort_keys=True)

    @property
    def image_id(self) -> str:
        return sha256(self.config_json)

    @property
    def short_id(self) -> str:
        return self.image_id[7:19]

    @property
    def size(self) -> int:
        return sum(size for _, size in self.layers)

    @property
    def files_dict(self) -> dict:
        return dict(self.files)

    def manifest(self) -> str:
        """The Docker schema-2 manifest, laid out as the Docker engine uploads it."""
        doc = {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
               "config": {"mediaType": "application/vnd.docker.container.image.v1+json",
                          "size": len(self.config_json), "digest": self.image_id},
               "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                           "size": size, "digest": digest} for digest, size in self.layers]}
        return json.dumps(doc, indent=3)

    @property
    def digest(self) -> str:
        return sha256(self.manifest())

    @property
    def manifest_size(self) -> int:
        return len(self.manifest())

    def renamed(self, reference: str) -> "StoredImage":
        """The same content under another name (``docker tag``)."""
        return replace(self, info=replace(self.info, reference=normalize(reference)))


_CATALOGUE_CACHE: dict[str, StoredImage] = {}


def layer_sizes(reference: str, total: int) -> tuple:
    """Split ``total`` bytes into 1–7 layers, base layer biggest, deterministically."""
    count = max(1, min(7, 1 + total // 12_000_000))
    weights = [int(hashlib.sha256(f"{reference}#{i}".encode()).hexdigest()[:4], 16) % 50 + 5
               for i in range(count)]
    weights[0] = sum(weights) * 3
    sizes = [total * w // sum(weights) for w in weights]
    sizes[0] += total - sum(sizes)
    return tuple((sha256(f"layer:{reference}:{i}"), s) for i, s in enumerate(sizes))


def from_catalogue(reference: str) -> StoredImage | None:
    """A public image from the runtime catalogue, as a layered image (None if unknown)."""
    info = lookup(reference)
    if info is None:
        return None
    cached = _CATALOGUE_CACHE.get(info.reference)
    if cached is None:
        base = info.reference.rsplit(":", 1)[0]
        cached = StoredImage(info, layer_sizes(base + ":" + str(info.size), info.size))
        _CATALOGUE_CACHE[info.reference] = cached
    return cached


def human_size(n: float) -> str:
    """Docker's ``units.HumanSize``: decimal units, 3 significant digits (``72.5MB``)."""
    units = ["B", "kB", "MB", "GB", "TB"]
    i = 0
    n = float(n)
    while n >= 1000 and i < len(units) - 1:
        n /= 1000
        i += 1
    return f"{n:.3g}{units[i]}"


def split_reference(ref: str) -> tuple[str, str, str]:
    """(registry host, repository path, tag) of a reference as the user typed it.

    >>> split_reference("myreg.azurecr.io/sample/hello:v1"), split_reference("nginx")
    (('myreg.azurecr.io', 'sample/hello', 'v1'), ('docker.io', 'library/nginx', 'latest'))
    """
    norm = normalize(ref)
    name, _, tag = norm.rpartition(":")
    host, _, path = name.partition("/")
    return host, path, tag


def display_name(ref: str) -> str:
    """The short form Docker prints (``nginx``, ``polinux/stress``, ``myreg.azurecr.io/app``)."""
    host, path, _ = split_reference(ref)
    if host == "docker.io":
        return path[len("library/"):] if path.startswith("library/") else path
    return f"{host}/{path}"

