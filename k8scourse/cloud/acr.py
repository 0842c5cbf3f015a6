"""Azure Container Registry: a private Docker registry as an Azure resource.

Models what the lecture's ACR slides claim and what ``az acr`` shows (kubernetes-facts §7.5):

* a registry has a name of 5–50 letters and digits, unique across Azure (its DNS name
  ``<name>.azurecr.io`` is the ``loginServer``, always lower case), a SKU (Basic, Standard,
  Premium) that can be changed at any time, and repositories of tagged images;
* storage is counted per *distinct* layer (two tags sharing a base image store it once) against the
  SKU's included storage (10 / 100 / 500 GiB); ``az acr show-usage`` reports it;
* geo-replication is Premium only; each replica is a region that serves the same content;
* ``az acr build`` runs get IDs ``ca1``, ``ca2`` … per registry.

Other parts of the simulator look registries up here — the API for them:

* :func:`find_registry(sub, name_or_login_server)` → :class:`Registry` or None. Accepts
  ``myacr``, ``myacr.azurecr.io`` or a whole image reference ``myacr.azurecr.io/app:v1``;
* :meth:`Registry.has_image(repo, tag)`, :meth:`Registry.image_size(repo, tag)` (compressed bytes a
  pull downloads), :meth:`Registry.image_info(repo, tag)` (a
  :class:`k8scourse.runtime.images.ImageInfo`, what a kubelet needs to run it: entrypoint, cmd,
  program, ports, env);
* :func:`resolve_image(sub, reference)` → a :class:`~k8scourse.cloud.layers.StoredImage` for any
  reference: ``*.azurecr.io`` ones from the subscription's registries, others from the public
  catalogue; None when nothing has it.

Global uniqueness: the simulator plays "the rest of Azure" with :data:`TAKEN_NAMES`, names the
documentation uses that are certainly taken in real Azure, so a student meets the real error.

Deliberate differences: names may be typed in any case (the CLI asks for lower case; the login
server is lower-cased either way); throughput limits (ReadOps/WriteOps per minute) are not
modelled; prices are per day, prorated by the second.

>>> from k8scourse.cloud.subscription import Subscription
>>> sub = Subscription()
>>> _ = sub.create_group("rg", "eastus")
>>> reg = create_registry(sub, "rg", "demoRegistry1", "Basic", "eastus", now_ms=0, now_text="t")
>>> reg.login_server, find_registry(sub, "demoregistry1.azurecr.io/app:v1") is reg
('demoregistry1.azurecr.io', True)
>>> validate_name("my-registry")
'Registry names may contain only alpha numeric characters and must be between 5 and 50 characters'
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..runtime.images import ImageInfo
from .layers import StoredImage, from_catalogue, split_reference
from .errors import ARMError
from .subscription import Resource, Subscription

TYPE = "Microsoft.ContainerRegistry/registries"
SUFFIX = ".azurecr.io"
GIB = 1024 ** 3

# SKU -> limits (container-registry-skus / limits docs, as in kubernetes-facts §7.5).
SKUS = {
    "Basic": {"storage_gib": 10, "webhooks": 2, "geo_replication": False},
    "Standard": {"storage_gib": 100, "webhooks": 10, "geo_replication": False},
    "Premium": {"storage_gib": 500, "webhooks": 500, "geo_replication": True},
}
STORAGE_LIMIT_GIB = {"Basic": 40 * 1024, "Standard": 40 * 1024, "Premium": 100 * 1024}

# "The rest of Azure": names already claimed by others (documentation examples).
TAKEN_NAMES = frozenset({"mycontainerregistry", "contosoregistry", "azure"})

BAD_NAME = "Registry names may contain only alpha numeric characters and must be between 5 and 50 characters"
REPLICATIONS_NOT_SUPPORTED = "Replications are only supported for managed registries in Premium SKU."


def name_in_use(name: str) -> str:
    """What the CLI says when a registry's DNS name is taken (its check before creating one)."""
    return (f"The registry DNS name {name.lower()}{SUFFIX} is already in use. You can check if the name is "
            f"already claimed using following API: https://docs.microsoft.com/en-us/rest/api/containerregistry/"
            f"registries/checknameavailability")


def name_available(sub: Subscription, name: str) -> bool:
    """ARM's ``checkNameAvailability``: no registry in Azure has the name (the rest of Azure: TAKEN_NAMES)."""
    return find_registry(sub, name) is None and name.lower() not in TAKEN_NAMES


def validate_name(name: str) -> str | None:
    """The CLI's name check (before any call to Azure): the error text, or None if fine."""
    if not (5 <= len(name) <= 50) or not name.isascii() or not name.isalnum():
        return BAD_NAME
    return None


@dataclass
class Registry:
    name: str
    resource_group: str
    location: str
    sku: str
    created_ms: int
    created_text: str
    admin_enabled: bool = False
    repositories: dict = field(default_factory=dict)      # repo -> {tag: StoredImage}
    replications: list = field(default_factory=list)      # [{"name", "location", "created_ms"}]
    sku_history: list = field(default_factory=list)       # [(ms, sku)] for prorated cost
    deleted_ms: int | None = None
    runs: int = 0
    tags: dict = field(default_factory=dict)

    def __post_init__(self):
        if not self.sku_history:
            self.sku_history.append((self.created_ms, self.sku))

    @property
    def login_server(self) -> str:
        return self.name.lower() + SUFFIX

    # ------------------------------------------------------------------ images
    def image(self, repo: str, tag: str = "latest") -> StoredImage | None:
        return self.repositories.get(repo.lower(), {}).get(tag)

    def has_image(self, repo: str, tag: str = "latest") -> bool:
        return self.image(repo, tag) is not None

    def image_size(self, repo: str, tag: str = "latest") -> int | None:
        img = self.image(repo, tag)
        return None if img is None else img.size

    def image_info(self, repo: str, tag: str = "latest") -> ImageInfo | None:
        img = self.image(repo, tag)
        return None if img is None else img.info

    def has_layer(self, digest: str) -> bool:
        return any(digest == d for tags in self.repositories.values() for img in tags.values()
                   for d, _ in img.layers)

    def put(self, repo: str, tag: str, image: StoredImage) -> StoredImage:
        """Store ``image`` as ``repo:tag`` (named after this registry)."""
        stored = image.renamed(f"{self.login_server}/{repo.lower()}:{tag}")
        self.repositories.setdefault(repo.lower(), {})[tag] = stored
        return stored

    def delete_repository(self, repo: str) -> bool:
        return self.repositories.pop(repo.lower(), None) is not None

    def delete_tag(self, repo: str, tag: str) -> bool:
        tags = self.repositories.get(repo.lower(), {})
        if tags.pop(tag, None) is None:
            return False
        if not tags:
            self.repositories.pop(repo.lower(), None)
        return True

    def storage_bytes(self) -> int:
        """Bytes stored: every distinct layer once, plus manifests and configs."""
        layers = {}
        extra = 0
        for tags in self.repositories.values():
            for img in tags.values():
                layers.update(dict(img.layers))
                extra += img.manifest_size + len(img.config_json)
        return sum(layers.values()) + extra

    def next_run_id(self) -> str:
        """``ca1`` … ``ca9``, ``caa`` … ``caz``, ``ca10`` …: base 36 after the ``ca`` prefix."""
        self.runs += 1
        n, digits = self.runs, ""
        while n:
            n, r = divmod(n, 36)
            digits = "0123456789abcdefghijklmnopqrstuvwxyz"[r] + digits
        return "ca" + digits

    # ------------------------------------------------------------------ SKU
    def change_sku(self, sku: str, now_ms: int) -> None:
        self.sku = sku
        self.sku_history.append((now_ms, sku))

    def usage(self) -> list[dict]:
        limits = SKUS[self.sku]
        return [
            {"currentValue": self.storage_bytes(), "limit": limits["storage_gib"] * GIB, "name": "Size",
             "unit": "Bytes"},
            {"currentValue": 0, "limit": limits["webhooks"], "name": "Webhooks", "unit": "Count"},
            {"currentValue": len(self.replications) + (1 if self.replications else 0),
             "limit": -1 if limits["geo_replication"] else 0, "name": "Geo-replications", "unit": "Count"},
        ]

    def to_json(self, sub: Subscription) -> dict:
        return {
            "adminUserEnabled": self.admin_enabled, "anonymousPullEnabled": False,
            "creationDate": self.created_text, "dataEndpointEnabled": False, "dataEndpointHostNames": [],
            "encryption": {"keyVaultProperties": None, "status": "disabled"},
            "id": sub.resource_id(TYPE, self.resource_group, self.name), "identity": None,
            "location": self.location, "loginServer": self.login_server, "name": self.name,
            "networkRuleBypassOptions": "AzureServices", "networkRuleSet": None,
            "policies": {"exportPolicy": {"status": "enabled"},
                         "quarantinePolicy": {"status": "disabled"},
                         "retentionPolicy": {"days": 7, "lastUpdatedTime": None, "status": "disabled"},
                         "trustPolicy": {"status": "disabled", "type": "Notary"}},
            "privateEndpointConnections": [], "provisioningState": "Succeeded",
            "publicNetworkAccess": "Enabled", "resourceGroup": self.resource_group,
            "sku": {"name": self.sku, "tier": self.sku}, "status": None, "tags": dict(self.tags),
            "type": TYPE, "zoneRedundancy": "Disabled"}


# ---------------------------------------------------------------------- lookups
def registries(sub: Subscription, group: str | None = None) -> list[Registry]:
    return [r.model for r in sub.list(TYPE, group)]


def find_registry(sub: Subscription, login_server_or_name: str) -> Registry | None:
    """The registry named by ``myacr``, ``myacr.azurecr.io`` or ``myacr.azurecr.io/repo:tag``."""
    text = (login_server_or_name or "").strip().lower()
    text = text.split("://", 1)[-1].split("/", 1)[0]
    name = text[:-len(SUFFIX)] if text.endswith(SUFFIX) else text
    if "." in name:
        return None
    found = sub.find(TYPE, name)
    return None if found is None else found.model


def get_registry(sub: Subscription, name: str, group: str | None = None) -> Registry:
    """A registry by name or the CLI's error (``The resource with name 'x' and type … could not be found``)."""
    reg = find_registry(sub, name)
    if reg is None or (group and reg.resource_group.lower() != group.lower()):
        raise ARMError("ResourceNotFound",
                       f"The Resource '{TYPE}/{name}' under resource group '{group}' was not found. "
                       f"For more details please go to https://aka.ms/ARMResourceNotFoundFix"
                       if group else
                       f"The resource with name '{name}' and type '{TYPE}' could not be found in "
                       f"subscription '{sub.name} ({sub.id})'.")
    return reg


def resolve_image(sub: Subscription, reference: str) -> StoredImage | None:
    """The image a reference names: from an ACR in ``sub`` for ``*.azurecr.io``, else the catalogue."""
    host, path, tag = split_reference(reference)
    if host.endswith(SUFFIX):
        reg = find_registry(sub, host)
        return None if reg is None else reg.image(path, tag)
    return from_catalogue(reference)


def create_registry(sub: Subscription, group: str, name: str, sku: str, location: str, *,
                    now_ms: int, now_text: str, admin_enabled: bool = False) -> Registry:
    """Create (or, if it exists in the same group, update) a registry, with ARM's checks."""
    bad = validate_name(name)
    if bad:
        raise ARMError("InvalidParameter", bad)
    existing = find_registry(sub, name)
    if existing is not None and existing.resource_group.lower() == group.lower():
        existing.change_sku(sku, now_ms)
        return existing
    if existing is not None or name.lower() in TAKEN_NAMES:
        raise ARMError("AlreadyInUse", name_in_use(name), status=409)
    reg = Registry(name, sub.group(group)["name"], location, sku, now_ms, now_text, admin_enabled)
    sub.add(Resource(TYPE, reg.resource_group, name, {}, model=reg))
    return reg


def delete_registry(sub: Subscription, reg: Registry, now_ms: int) -> None:
    reg.deleted_ms = now_ms
    found = sub.find(TYPE, reg.name)
    if found is not None:
        sub.remove(found)
    ledger(sub).append(reg)


def ledger(sub: Subscription) -> list:
    """Deleted registries, kept for cost accounting (they were billed while they existed)."""
    return sub.__dict__.setdefault("_acr_deleted", [])


def add_replication(reg: Registry, location: str, now_ms: int) -> dict:
    if not SKUS[reg.sku]["geo_replication"]:
        raise ARMError("UnsupportedSku", REPLICATIONS_NOT_SUPPORTED)
    if location == reg.location or any(r["location"] == location for r in reg.replications):
        raise ARMError("ReplicationAlreadyExists" if location != reg.location else "InvalidParameters",
                       f"A replication in location '{location}' already exists for registry '{reg.name}'."
                       if location != reg.location else
                       f"Cannot create a replication in the registry's home location '{location}'.")
    rep = {"name": location, "location": location, "created_ms": now_ms}
    reg.replications.append(rep)
    return rep


def admin_passwords(reg) -> list[str]:
    """The two admin passwords of a registry (``az acr credential show``), stable per registry."""
    return [hashlib.sha256(f"{reg.name.lower()}:{i}:{reg.created_ms}".encode()).hexdigest()[:32] + "+ACR"
            for i in (1, 2)]


def refresh_token(reg: Registry, user: str, tenant: str, now_ms: int) -> str:
    """An ACR refresh token for ``user`` (what ``az acr login --expose-token`` prints): a JWT whose
    claims name the registry, the user and its tenant, valid 3 hours from ``now_ms``. The signature
    is the simulator's own (deterministic) bytes."""
    import base64
    import json

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")
    now = now_ms // 1000
    seed = f"{reg.name.lower()}:{user}:{now_ms}".encode()
    jti = hashlib.sha256(b"jti:" + seed).hexdigest()
    header = {"alg": "RS256", "kid": hashlib.sha256(b"kid:" + seed).hexdigest()[:40].upper(), "typ": "JWT"}
    claims = {"jti": f"{jti[:8]}-{jti[8:12]}-{jti[12:16]}-{jti[16:20]}-{jti[20:32]}", "sub": user, "nbf": now,
              "exp": now + 3 * 3600, "iat": now, "iss": "Azure Container Registry", "aud": reg.login_server,
              "version": "1.0", "rid": hashlib.sha256(b"rid:" + seed).hexdigest()[:32], "grant_type": "refresh_token",
              "tenant": tenant, "permissions": {"actions": ["read", "write", "delete"]}}
    signature = b"".join(hashlib.sha256(bytes([i]) + seed).digest() for i in range(8))
    return ".".join((b64(json.dumps(header, separators=(",", ":")).encode()),
                     b64(json.dumps(claims, separators=(",", ":")).encode()), b64(signature)))
