r"""Image references as the container runtime reads them (the ``distribution/reference`` grammar).

Kubernetes 1.32's kubelet and containerd 1.7 parse ``spec.containers[].image`` with the Docker
reference grammar (``github.com/distribution/reference`` v0.6.0)::

    reference        := name [ ":" tag ] [ "@" digest ]
    name             := [domain '/'] remote-name
    domain           := host [':' port-number]       host: a DNS name, an IPv4 address or [IPv6]
    remote-name      := path-component ['/' path-component]*
    path-component   := [a-z0-9]+ ( ( [._] | __ | [-]+ ) [a-z0-9]+ )*
    tag              := [\w][\w.-]{0,127}
    digest           := algorithm ":" hex            (sha256 → 64 lower-case hex digits)

:func:`parse_normalized` is ``ParseNormalizedNamed`` — what the kubelet calls before a pull (its
``applyDefaultImageTag``): a first path element with a ``.`` or a ``:``, ``localhost``, or an
upper-case first element names a registry; anything else is on Docker Hub (``docker.io``) and a
single-element name is an official image (``library/``). Upper case in the repository is refused
with the words the kubelet puts in the ``InspectFailed`` event::

    Failed to apply default image tag "NGINX": couldn't parse image reference "NGINX": invalid
    reference format: repository name (library/NGINX) must be lowercase

and the container waits with ``InvalidImageName``. :func:`pull_name` is what containerd pulls
(``ParseDockerRef``): ``:latest`` when there is neither tag nor digest, and only the digest when
both are given. :func:`is_reference` is the plain grammar check ``kubectl run --image`` makes
(``error: Invalid image name "NGINX": invalid reference format``).

>>> pull_name("nginx"), pull_name("localhost:5000/app"), pull_name("quay.io/x/y:1@sha256:" + "a" * 64)[:40]
('docker.io/library/nginx:latest', 'localhost:5000/app:latest', 'quay.io/x/y@sha256:aaaaaaaaaaaaaaaaaaaaa')
>>> parse_normalized("Nginx:1.25")
Traceback (most recent call last):
...
k8scourse.runtime.reference.ReferenceError: invalid reference format: repository name (library/Nginx) must be lowercase
>>> is_reference("NGINX"), is_reference("nginx:1.25-alpine"), familiar("docker.io/library/nginx")
(False, True, 'nginx')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_DOMAIN = "docker.io"
LEGACY_DOMAIN = "index.docker.io"
OFFICIAL_PREFIX = "library/"
DEFAULT_TAG = "latest"
NAME_TOTAL_LENGTH_MAX = 255

_ALNUM = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_HOST = rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[(?:[a-fA-F0-9:]+)\])"
_DOMAIN = rf"{_HOST}(?::[0-9]+)?"
_PATH_COMPONENT = rf"{_ALNUM}(?:{_SEPARATOR}{_ALNUM})*"
_REMOTE = rf"{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*"
_NAME = rf"(?:{_DOMAIN}/)?{_REMOTE}"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}"

REFERENCE = re.compile(rf"^({_NAME})(?::({_TAG}))?(?:@({_DIGEST}))?$", re.ASCII)
_ANCHORED_NAME = re.compile(rf"^(?:({_DOMAIN})/)?({_REMOTE})$", re.ASCII)
_IDENTIFIER = re.compile(r"^[a-f0-9]{64}$")
# go-digest: the algorithms a Go binary links in, and the length of their hex digests.
_DIGEST_SIZES = {"sha256": 64, "sha384": 96, "sha512": 128}


class ReferenceError(ValueError):
    """A reference the grammar refuses; ``str()`` is the Go error text."""


@dataclass(frozen=True)
class Reference:
    """A parsed reference: ``domain`` ("" when none was given), ``path``, ``tag``, ``digest``."""
    domain: str
    path: str
    tag: str = ""
    digest: str = ""

    @property
    def name(self) -> str:
        return f"{self.domain}/{self.path}" if self.domain else self.path

    def __str__(self) -> str:
        return self.name + (f":{self.tag}" if self.tag else "") + (f"@{self.digest}" if self.digest else "")


def _check_digest(text: str) -> None:
    algorithm, _, encoded = text.partition(":")
    size = _DIGEST_SIZES.get(algorithm)
    if size is None:
        raise ReferenceError("unsupported digest algorithm")
    if len(encoded) != size:
        raise ReferenceError("invalid checksum digest length")
    if not re.fullmatch(r"[a-f0-9]+", encoded):
        raise ReferenceError("invalid checksum digest format")


def parse(text: str) -> Reference:
    """``reference.Parse``: the grammar alone, no normalisation (errors as Go words them)."""
    m = REFERENCE.match(text)
    if m is None:
        if text == "":
            raise ReferenceError("repository name must have at least one component")
        if REFERENCE.match(text.lower()) is not None:
            raise ReferenceError("repository name must be lowercase")
        raise ReferenceError("invalid reference format")
    named = _ANCHORED_NAME.match(m.group(1))
    domain, path = (named.group(1) or "", named.group(2)) if named else ("", m.group(1))
    if len(path) > NAME_TOTAL_LENGTH_MAX:
        raise ReferenceError(f"repository name must not be more than {NAME_TOTAL_LENGTH_MAX} characters")
    if m.group(3):
        _check_digest(m.group(3))
    return Reference(domain, path, m.group(2) or "", m.group(3) or "")


def split_domain(name: str) -> tuple[str, str]:
    """``splitDockerDomain``: (registry, remote name) of a familiar name, Docker Hub by default."""
    first, slash, rest = name.partition("/")
    if not slash:
        return DEFAULT_DOMAIN, OFFICIAL_PREFIX + name
    if first == "localhost":
        domain, remote = first, rest
    elif first == LEGACY_DOMAIN:
        domain, remote = DEFAULT_DOMAIN, rest
    elif any(c in first for c in ".:") or first.lower() != first:
        domain, remote = first, rest
    else:
        domain, remote = DEFAULT_DOMAIN, name
    if domain == DEFAULT_DOMAIN and "/" not in remote:
        remote = OFFICIAL_PREFIX + remote
    return domain, remote


def parse_normalized(text: str) -> Reference:
    """``ParseNormalizedNamed``: the canonical reference (``nginx`` → ``docker.io/library/nginx``)."""
    if _IDENTIFIER.match(text):
        raise ReferenceError(f"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings")
    domain, remainder = split_domain(text)
    remote = remainder.split(":", 1)[0]
    if remote.lower() != remote:
        raise ReferenceError(f"invalid reference format: repository name ({remote}) must be lowercase")
    ref = parse(f"{domain}/{remainder}")
    return ref


def pull_name(text: str) -> str:
    """What containerd pulls (``ParseDockerRef``): tag ``latest`` by default, the digest when given."""
    ref = parse_normalized(text)
    if ref.digest:
        return f"{ref.name}@{ref.digest}"
    return f"{ref.name}:{ref.tag or DEFAULT_TAG}"


def is_reference(text: str) -> bool:
    """The grammar check ``kubectl run --image`` makes (``reference.ReferenceRegexp``)."""
    return REFERENCE.match(text) is not None


def familiar(name: str) -> str:
    """The short name Docker shows: ``docker.io/library/nginx`` → ``nginx``, ``docker.io/x/y`` → ``x/y``."""
    if name.startswith(DEFAULT_DOMAIN + "/"):
        rest = name[len(DEFAULT_DOMAIN) + 1:]
        if rest.startswith(OFFICIAL_PREFIX) and "/" not in rest[len(OFFICIAL_PREFIX):]:
            return rest[len(OFFICIAL_PREFIX):]
        return rest
    return name
