"""The registries a node pulls from: which repositories exist and which tags they publish.

* **Docker Hub's official images** (``docker.io/library/NAME``, what ``nginx`` means): the names
  and the complete tag sets come from ``data/official-tags.txt.gz`` (recorded from the
  ``docker-library/official-images`` history, see ``data/README.md``). A tag the repository never
  published is *not found* (``nginx:1.161``, ``nginx:1.91``); a name that is not an official image is
  refused the way Docker Hub refuses a repository that does not exist (``ngnix``: *pull access
  denied, repository does not exist or may require authorization*).
* **Mirrors** of official images: ``public.ecr.aws/docker/library/NAME`` is ``NAME``, and
  ``public.ecr.aws/nginx/nginx`` is ``nginx`` (same tags); other mirrors the course knows
  (:data:`~k8scourse.runtime.families.REPOSITORIES`) behave like their family.
* **Everything else** — another Docker Hub namespace (``bitnami/kubectl``), ``gcr.io``,
  ``quay.io``, ``registry.k8s.io`` … — is assumed to exist with any tag (the simulator cannot know
  the world's registries), except the repositories the Kubernetes docs use *because* they do not
  exist (:data:`ABSENT`).
* A registry on ``localhost`` (``localhost:5000/app``): nothing listens there on a node, so the
  pull fails with the connection refused (containerd speaks plain HTTP to localhost).

Private registries (an AKS cluster's attached ACRs) are answered before this module by the
cluster's resolver (:class:`k8scourse.runtime.images.ImageStore`).

>>> official_tags("nginx").has("1.25-alpine"), official_tags("nginx").has("1.161"), official_tags("ngnix")
(True, False, None)
>>> official_tags("nginx").release("1.25"), official_tags("nginx").release("stable-perl")
('1.25.5', '1.28.2')
>>> find("docker.io/library/ngnix").kind, find("docker.io/bitnami/kubectl").tags is None
('denied', True)
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .families import GENERIC, MIRROR_OF, OFFICIAL_MIRRORS, REPOSITORIES, Family, family_of

_VERSION = re.compile(r"^(\d+(?:\.\d+)*)(.*)$")
# Repositories known not to exist: the docs' example of a pull that fails
# (kubernetes.io "Handling Pod and container failures": non-existing-repo/non-existing-image:example).
ABSENT = frozenset({"docker.io/non-existing-repo/non-existing-image"})


def _vkey(version: str) -> tuple:
    return tuple(int(x) for x in version.split("."))


class TagSet:
    """The tags one official repository published, grouped as versions × suffixes."""

    def __init__(self, aliases: dict[str, str], words: frozenset, groups: dict[str, frozenset]):
        self.aliases, self.words, self.groups = aliases, words, groups

    def has(self, tag: str) -> bool:
        m = _VERSION.match(tag)
        if m is None:
            return tag in self.words
        return m.group(1) in self.groups.get(m.group(2) or "~", ())

    def __iter__(self):
        yield from sorted(self.words)
        for suffix in sorted(self.groups):
            for version in sorted(self.groups[suffix], key=_vkey):
                yield version + ("" if suffix == "~" else suffix)

    def release(self, tag: str) -> str:
        """The full release a tag stands for (``1.25`` → ``1.25.5``, ``stable`` → ``1.28.2``); "" if unknown."""
        if tag in self.aliases:
            return self.aliases[tag]
        m = _VERSION.match(tag)
        if m is None:
            word = tag.split("-", 1)[0]
            return self.aliases.get(word, "")
        version, suffix = m.group(1), m.group(2) or "~"
        newer = [v for v in self.groups.get(suffix, ()) if v.startswith(version + ".")]
        return max(newer, key=_vkey) if newer else version


@lru_cache(maxsize=1)
def _sections() -> dict[str, str]:
    raw = resources.files(__package__).joinpath("data/official-tags.txt.gz").read_bytes()
    text = gzip.decompress(raw).decode()
    out = {}
    for block in text.split("\n[")[1:]:
        name, _, body = block.partition("]\n")
        out[name] = body
    return out


@lru_cache(maxsize=None)
def official_tags(name: str) -> TagSet | None:
    """The tags of ``docker.io/library/NAME``, or None when Docker Hub has no such official image."""
    body = _sections().get(name)
    if body is None:
        return None
    aliases, words, groups = {}, frozenset(), {}
    for line in body.splitlines():
        key, _, values = line.partition("\t")
        if key == "@":
            aliases = dict(item.split("=", 1) for item in values.split())
        elif key == "=":
            words = frozenset(values.split())
        elif key:
            groups[key] = frozenset(values.split())
    return TagSet(aliases, words, groups)


def official_names() -> list[str]:
    return sorted(_sections())


@dataclass(frozen=True)
class Repository:
    """A repository a pull can reach, or why it cannot (``kind``)."""
    name: str                      # canonical name: docker.io/library/nginx
    kind: str = "exists"           # exists, denied (no such repository), not-found, refused
    family: Family = GENERIC
    tags: TagSet | None = None     # None: every tag exists (a registry the simulator cannot list)


def find(name: str) -> Repository:
    """What the registry answers for the canonical repository ``name``."""
    host = name.split("/", 1)[0]
    if host == "localhost" or host.startswith(("localhost:", "127.0.0.1")):
        return Repository(name, "refused")
    if name in ABSENT:
        return Repository(name, "denied")
    if name.startswith("docker.io/library/"):
        official = name[len("docker.io/library/"):]
        tags = official_tags(official)
        if tags is None:
            return Repository(name, "denied")
        return Repository(name, family=family_of(name, official=True), tags=tags)
    for prefix in OFFICIAL_MIRRORS:
        if name.startswith(prefix):
            tags = official_tags(name[len(prefix):])
            if tags is None:
                return Repository(name, "not-found")
            return Repository(name, family=family_of(name, official=True), tags=tags)
    if name in MIRROR_OF:
        return Repository(name, family=family_of(name), tags=official_tags(MIRROR_OF[name]))
    return Repository(name, family=family_of(name), tags=None)


def known(name: str) -> bool:
    """Whether the course knows the repository (an official image, a mirror, a catalogued one)."""
    return find(name).kind == "exists" and (find(name).tags is not None or name in REPOSITORIES)
