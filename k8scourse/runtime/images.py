"""Images: references, the registries' answers, and a node's content store (containerd's image service).

A reference such as ``nginx:1.7.9`` is parsed with the container runtime's own grammar
(:mod:`~k8scourse.runtime.reference`: ``nginx`` → ``docker.io/library/nginx:latest``,
``polinux/stress`` → ``docker.io/polinux/stress:latest``, digests, ``localhost:5000/…``) and
answered by the registry that hosts it (:mod:`~k8scourse.runtime.registry`: every official image
with its real tags, mirrors, and any other repository assumed to exist). The image's config and
behaviour come from its family (:mod:`~k8scourse.runtime.families`), so every tag and mirror of
nginx is nginx.

Pull time (bandwidth model): a pull costs a fixed registry round trip plus the size at a steady
download rate, rounded to 100 ms — :data:`~k8scourse.defaults.IMAGE_PULL_OVERHEAD_MS` +
size / :data:`~k8scourse.defaults.IMAGE_PULL_BYTES_PER_S`. nginx:1.7.9 (39,947,825 bytes) takes
6.2 s, as in the recorded ``kubectl describe`` (golden 01). Pulls on one node are serialised
(kubelet's ``serializeImagePulls: true``), so a pull queued behind another one waits; the
kubelet's ``Pulled`` event reports both figures (``in 6.2s (9.8s including waiting)``).

A failed pull reads as containerd words it (the text after ``desc =``): a tag the repository never
published, ``… failed to resolve reference "docker.io/library/nginx:1.161":
docker.io/library/nginx:1.161: not found`` (gRPC ``NotFound``); a repository Docker Hub does not
have, ``… pull access denied, repository does not exist or may require authorization: server
message: insufficient_scope: authorization failed`` (``Unknown``).

Deliberate differences: sizes are approximate compressed sizes (amd64): the images the course's
notebooks pull keep fixed figures (:data:`PINNED`), every other tag gets its family's figure spread
±5 % by the reference; digests are the sha256 of the reference — stable, but not the registry's
real digests; registries never rate-limit.

>>> normalize("nginx:1.7.9"), normalize("polinux/stress"), normalize("mcr.microsoft.com/azuredocs/aci-helloworld")
('docker.io/library/nginx:1.7.9', 'docker.io/polinux/stress:latest', 'mcr.microsoft.com/azuredocs/aci-helloworld:latest')
>>> lookup("nginx:1.7.9").size, pull_ms(lookup("nginx:1.7.9").size)
(39947825, 6200)
>>> lookup("nginx:1.25-alpine").program, lookup("nginx:1.161") is None, pull_error("nginx:nope").split(": ")[-1]
('nginx', True, 'not found')
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from .. import defaults
from . import registry
from .families import BINARIES, size_of, userland_of
from .reference import ReferenceError, parse_normalized

MB = 1_000_000


@dataclass(frozen=True)
class ImageInfo:
    """One image (repository + tag) as the registry serves it."""
    reference: str               # normalised: docker.io/library/nginx:1.7.9
    size: int                    # bytes downloaded by a pull (what the Pulled event reports)
    entrypoint: tuple = ()       # image ENTRYPOINT
    cmd: tuple = ()              # image CMD
    program: str = "shell"       # behaviour name in k8scourse.runtime.programs
    ports: tuple = ()            # ports the program listens on by default
    env: tuple = ()              # image ENV as (name, value)
    user: str = ""               # image USER ("" = root)
    version: str = ""            # the release the tag stands for (nginx:1.25 → 1.25.5)
    shell: bool = True           # the image has /bin/sh and the usual tools
    pinned_digest: str = ""      # a digest reference's digest (the registry's, when pulled by digest)
    userland: str = "busybox"    # the base system's tools (k8scourse.runtime.shell.USERLANDS)
    tools: frozenset = frozenset()   # tools the image adds to its userland
    @property
    def repository(self) -> str:
        return self.reference.split("@", 1)[0].rsplit(":", 1)[0] if "@" in self.reference else \
            self.reference.rsplit(":", 1)[0]

    @property
    def tag(self) -> str:
        return "" if "@" in self.reference else self.reference.rsplit(":", 1)[1]

    @property
    def digest(self) -> str:
        return self.pinned_digest or "sha256:" + hashlib.sha256(self.reference.encode()).hexdigest()

    @property
    def image_id(self) -> str:
        """What containerStatuses[].imageID shows: ``docker.io/library/nginx@sha256:…``."""
        return f"{self.repository}@{self.digest}"


def normalize(ref: str) -> str:
    """containerd's name of an image reference (``registry/path:tag`` or ``registry/path@digest``).

    A reference the grammar refuses is returned as typed (the kubelet refuses it before any pull).
    """
    try:
        parsed = parse_normalized(ref.strip())
    except ReferenceError:
        return ref.strip()
    if parsed.digest:
        return f"{parsed.name}@{parsed.digest}"
    return f"{parsed.name}:{parsed.tag or 'latest'}"


# Sizes of the images the course's notebooks and tests pull: the figures their recorded outputs
# (pull times, `Image size:` of the Pulled event, crictl images) were made with.
PINNED: dict[str, dict[str, int]] = {
    "docker.io/library/nginx": {"1.7.9": 39947825, "1.9.2": 51950462, "1.14.2": 44710204, "1.15": 44692386, "1.16.1": 51030575, "1.19": 53599413, "1.21": 56734201, "1.23": 57012365, "1.25": 70544981, "1.27": 72131840, "1.29": 72481019, "alpine": 20511346, "latest": 72481019, "stable": 72131840},
    "registry.k8s.io/nginx-slim": {"0.7": 5319126, "0.8": 5358232, "0.24": 18392410},
    "registry.k8s.io/nginx": {"latest": 44710204},
    "docker.io/library/httpd": {"2.4": 58342188, "2.4.58": 58333020, "latest": 58342188, "alpine": 21872950},
    "docker.io/library/busybox": {"1.28": 727869, "1.34": 772788, "1.35": 2217340, "1.36": 2231050, "1.37": 2165140, "latest": 2165140},
    "registry.k8s.io/busybox": {"1.27.2": 1223842, "1.24": 676817, "latest": 1223842},
    "docker.io/library/alpine": {"3": 3642849, "3.18": 3406413, "3.19": 3414000, "3.20": 3625000, "latest": 3642849},
    "docker.io/library/ubuntu": {"20.04": 27510000, "22.04": 29540000, "24.04": 29720000, "latest": 29720000},
    "docker.io/library/debian": {"bookworm": 48490000, "bullseye": 55050000, "12": 48490000, "latest": 48490000},
    "docker.io/library/fedora": {"latest": 64550000},
    "docker.io/library/bash": {"5": 6250000, "latest": 6250000},
    "docker.io/library/redis": {"5": 36440000, "6.0.5": 38300000, "7": 45120000, "7.2": 45120000, "latest": 45120000, "alpine": 16630000},
    "docker.io/library/mysql": {"5.6": 102880000, "5.7": 137050000, "8.0": 165380000, "latest": 165380000},
    "docker.io/library/postgres": {"13": 139200000, "15": 148320000, "16": 151700000, "latest": 151700000},
    "docker.io/library/mongo": {"4.2": 146400000, "latest": 276000000},
    "docker.io/library/rabbitmq": {"latest": 92800000},
    "docker.io/library/wordpress": {"6.2.1-apache": 248900000, "latest": 251000000},
    "docker.io/library/perl": {"5.34": 326900000, "5.38": 332400000, "latest": 332400000},
    "docker.io/library/python": {"3": 371600000, "3.11": 371600000, "3.12": 372600000, "3.12-slim": 45190000, "latest": 372600000},
    "docker.io/polinux/stress": {"latest": 4041486, "1.0.4": 4041486},
    "docker.io/vish/stress": {"latest": 1524820},
    "docker.io/microsoft/aci-helloworld": {"latest": 27016212},
    "mcr.microsoft.com/azuredocs/aci-helloworld": {"latest": 27016212, "v1": 27016212},
    "registry.k8s.io/pause": {"2.0": 239840, "3.1": 317164, "3.6": 301773, "3.8": 311286, "3.9": 321520, "3.10": 320368, "latest": 320368},
    "k8s.gcr.io/pause": {"2.0": 239840, "3.1": 317164, "3.2": 299513},
    "k8s.gcr.io/echoserver": {"1.4": 46137868, "1.10": 46349690},
    "registry.k8s.io/echoserver": {"1.4": 46137868, "1.10": 46349690},
    "docker.io/hashicorp/http-echo": {"latest": 2708544, "1.0": 2708544, "0.2.3": 2593248},
    "gcr.io/google-samples/hello-app": {"1.0": 4545184, "2.0": 4547710},
    "us-docker.pkg.dev/google-samples/containers/gke/hello-app": {"1.0": 4545184, "2.0": 4547710},
    "gcr.io/google-samples/node-hello": {"1.0": 254400000},
    "registry.k8s.io/e2e-test-images/agnhost": {"2.39": 52100000, "2.40": 52260000, "2.45": 56480000, "2.52": 57210000},
    "registry.k8s.io/hpa-example": {"latest": 176200000},
    "registry.k8s.io/coredns/coredns": {"v1.11.1": 16190137, "v1.11.3": 18562039, "v1.12.0": 20939036},
    "docker.io/curlimages/curl": {"8.18.0": 11900000, "latest": 11900000},
}
# The sandbox image every node has from the start (kubeadm/AKS node images pre-pull it).
PAUSE_IMAGE = "registry.k8s.io/pause:3.10"


def _info(name: str, tag: str, repo: registry.Repository, digest: str = "") -> ImageInfo:
    reference = f"{name}@{digest}" if digest and not tag else f"{name}:{tag}"
    fam = repo.family
    size = PINNED.get(name, {}).get(tag) or size_of(reference, fam, tag)
    version = repo.tags.release(tag) if repo.tags is not None and tag else ""
    userland, tools = userland_of(fam, tag) if fam.shell else ("none", frozenset())
    tools = tools | frozenset(BINARIES.get(fam.program, ()))
    return ImageInfo(reference, size, fam.entrypoint, fam.cmd, fam.program, fam.ports, fam.env, fam.user,
                     version or tag, fam.shell, digest if digest and not tag else "", userland, tools)


@dataclass(frozen=True)
class PullFailure:
    """Why a pull fails: the gRPC code and containerd's message (after ``desc =``)."""
    code: str
    message: str


@lru_cache(maxsize=4096)
def resolve(ref: str) -> ImageInfo | PullFailure:
    """What pulling ``ref`` from its (public) registry gives: the image, or the failure."""
    norm = normalize(ref)
    try:
        parsed = parse_normalized(ref.strip())
    except ReferenceError as exc:
        return PullFailure("Unknown", f'failed to pull and unpack image "{norm}": {exc}')
    name, tag, digest = parsed.name, parsed.tag or ("" if parsed.digest else "latest"), parsed.digest
    repo = registry.find(name)
    head = f'failed to pull and unpack image "{norm}": failed to resolve reference "{norm}": '
    if repo.kind == "refused":
        host, _, path = name.partition("/")
        port = host.rpartition(":")[2] if ":" in host else "80"
        return PullFailure("Unknown", head + f'failed to do request: Head "http://{host}/v2/{path}/manifests/'
                                             f'{digest or tag}": dial tcp 127.0.0.1:{port}: connect: connection refused')
    if repo.kind == "denied":
        return PullFailure("Unknown", head + "pull access denied, repository does not exist or may require "
                                             "authorization: server message: insufficient_scope: authorization failed")
    not_found = PullFailure("NotFound", head + f"{norm}: not found")
    if repo.kind == "not-found":
        return not_found
    if digest:
        if repo.tags is None:
            return _info(name, "", repo, digest)
        for candidate in ([tag] if parsed.tag else []) + list(repo.tags):
            info = _info(name, candidate, repo)
            if info.digest == digest and repo.tags.has(candidate):
                return info
        return not_found
    if repo.tags is not None and not repo.tags.has(tag):
        return not_found
    return _info(name, tag, repo)


def lookup(ref: str) -> ImageInfo | None:
    """The image a pull of ``ref`` gets from its public registry (None when the pull fails)."""
    found = resolve(ref)
    return found if isinstance(found, ImageInfo) else None


def known_repository(ref: str) -> bool:
    """Whether the repository of ``ref`` exists (a wrong tag of it is then *not found*)."""
    try:
        name = parse_normalized(ref.strip()).name
    except ReferenceError:
        return False
    return registry.find(name).kind == "exists"


def pull_error(ref: str) -> str:
    """containerd's error for an image it cannot pull (the text after ``desc = ``)."""
    found = resolve(ref)
    return found.message if isinstance(found, PullFailure) else ""


def pull_error_code(ref: str) -> str:
    """gRPC status code of the failure (``rpc error: code = NotFound desc = …``)."""
    found = resolve(ref)
    return found.code if isinstance(found, PullFailure) else ""


def pull_ms(size: int) -> int:
    """How long pulling ``size`` bytes takes, rounded to 100 ms (see the module docstring)."""
    raw = defaults.IMAGE_PULL_OVERHEAD_MS + size * 1000 / defaults.IMAGE_PULL_BYTES_PER_S
    return max(100, int(round(raw / 100.0)) * 100)


@dataclass
class ImageStore:
    """A node's images (containerd content store) with a serialised pull queue.

    ``resolver`` answers for private registries (an AKS cluster's attached ACRs): called with a
    reference, it returns the :class:`ImageInfo` to pull, an error text (the registry refused: the
    pull fails with it), or None (not a private registry: the public catalogue answers).
    """
    present: dict = field(default_factory=dict)     # normalised reference -> ImageInfo
    busy_until_ms: int = 0                          # when the pull in progress finishes
    resolver: Callable[[str], "ImageInfo | str | None"] | None = None

    def __post_init__(self):
        pause = lookup(PAUSE_IMAGE)
        self.present.setdefault(pause.reference, pause)

    def preload(self, ref: str) -> None:
        """``ref`` is on the node from the start (an image the node image caches)."""
        info = lookup(ref)
        if info is not None:
            self.present.setdefault(info.reference, info)

    def resolve(self, ref: str) -> "ImageInfo | str | None":
        if self.resolver is not None:
            found = self.resolver(ref)
            if found is not None:
                return found
        return lookup(ref)

    def error_for(self, ref: str) -> tuple[str, str]:
        """(gRPC code, containerd's message) of a failed pull of ``ref``."""
        found = self.resolver(ref) if self.resolver is not None else None
        if isinstance(found, str):
            return "Unknown", found
        return pull_error_code(ref), pull_error(ref)

    def has(self, ref: str) -> bool:
        info = self.resolve(ref)
        return isinstance(info, ImageInfo) and info.reference in self.present

    def schedule_pull(self, ref: str, now_ms: int) -> tuple[int, int, ImageInfo | None]:
        """Reserve the puller: (finish time, time spent pulling, info or None if it fails)."""
        info = self.resolve(ref)
        if not isinstance(info, ImageInfo):
            info = None
        if info is None:
            duration = defaults.IMAGE_PULL_OVERHEAD_MS
        elif info.reference in self.present:
            duration = defaults.IMAGE_PULL_OVERHEAD_MS          # manifest check only (pull policy Always)
        else:
            duration = pull_ms(info.size)
        start = max(now_ms, self.busy_until_ms)
        self.busy_until_ms = start + duration
        return self.busy_until_ms, duration, info

    def add(self, info: ImageInfo) -> None:
        self.present[info.reference] = info

    def node_images(self) -> list[dict]:
        """``status.images`` of the Node: largest first, as the kubelet reports them (max 50)."""
        items = sorted(self.present.values(), key=lambda i: (-i.size, i.reference))
        return [{"names": [i.image_id, i.reference], "sizeBytes": i.size}
                for i in items[:defaults.NODE_STATUS_MAX_IMAGES]]


def go_duration_ms(ms: int) -> str:
    """Go's ``time.Duration.String()`` of a whole number of milliseconds.

    >>> go_duration_ms(6200), go_duration_ms(512), go_duration_ms(62500), go_duration_ms(0), go_duration_ms(160000)
    ('6.2s', '512ms', '1m2.5s', '0s', '2m40s')
    """
    if ms == 0:
        return "0s"
    if ms < 1000:
        return f"{ms}ms"
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds = f"{rest / 1000:.3f}".rstrip("0").rstrip(".")
    text = f"{seconds}s"
    if hours:
        return f"{hours}h{minutes}m{text}"
    if minutes:
        return f"{minutes}m{text}"
    return text
