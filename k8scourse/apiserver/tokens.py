"""Service account tokens: the TokenRequest API and the token authenticator.

Models ``POST /api/v1/namespaces/NS/serviceaccounts/NAME/token`` (what ``kubectl create token`` and
the kubelet's projected token volumes call) and the JWT authenticator that accepts the tokens back:

* a token is a signed JWT whose claims a learner can decode (``jwt.io``, ``base64 -d``): ``iss``,
  ``sub`` (``system:serviceaccount:NS:NAME``), ``aud``, ``exp``, ``iat``, ``nbf``, ``jti`` and the
  ``kubernetes.io`` claim (namespace, service account name and uid; for tokens bound to a pod, the
  pod's and its node's name and uid; for a Secret, the Secret's);
* ``expirationSeconds`` defaults to 3600 and may not be under 600 (``may not specify a duration less
  than 10 minutes``); a pod-bound request for exactly 3607 s — the kubelet's — is extended to a
  year with a ``warnafter`` claim, as kube-apiserver's ``--service-account-extend-token-expiration``
  (on by default) does;
* a token authenticates while it has not expired (simulated time), its service account still exists
  with the same uid, and the object it is bound to (pod, Secret) still exists with the same uid;
* legacy tokens (the ``kubernetes.io/service-account-token`` Secrets) carry the pre-1.21 claims
  (``iss: kubernetes/serviceaccount``) and live as long as their Secret.

Deliberate differences: the signing key is an ECDSA P-256 key derived from the cluster's seed and
tokens are ES256-signed with deterministic (RFC 6979) signatures — kube-apiserver supports such keys,
but AKS signs RS256 with a random RSA key; the issuer is the upstream default
``https://kubernetes.default.svc.cluster.local``. Time is the simulated clock, so the same notebook
issues the same tokens byte for byte.

>>> from k8scourse.sim import Simulation
>>> from k8scourse.apiserver import APIServer
>>> api = APIServer(Simulation(seed=0))
>>> sa = api.create({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "app"}})
>>> token, exp = request_token(api, "default", "app", expiration_seconds=3600)
>>> claims = decode(token)
>>> claims["sub"], claims["exp"] - claims["iat"], claims["kubernetes.io"]["serviceaccount"]["name"]
('system:serviceaccount:default:app', 3600, 'app')
>>> authenticate_token(api, token).name
'system:serviceaccount:default:app'
"""

from __future__ import annotations

import base64
import datetime as _dt
import functools
import hashlib
import json
import uuid

from ..api.objects import dig
from ..api.typed import complete
from ..errors import APIError, FieldError
from .user import UserInfo, service_account_user

ISSUER = "https://kubernetes.default.svc.cluster.local"
LEGACY_ISSUER = "kubernetes/serviceaccount"
DEFAULT_EXPIRATION_S = 3600               # TokenRequestSpec default
MIN_EXPIRATION_S = 600                    # "may not specify a duration less than 10 minutes"
MAX_EXPIRATION_S = 1 << 32                # "may not specify a duration larger than 2^32 seconds"
KUBELET_EXPIRATION_S = 3607               # what the ServiceAccount admission plugin asks for
EXTENDED_EXPIRATION_S = 365 * 24 * 3600   # --service-account-extend-token-expiration
LEGACY_SECRET_TYPE = "kubernetes.io/service-account-token"
CREDENTIAL_ID = "authentication.kubernetes.io/credential-id"
LAST_USED = "kubernetes.io/legacy-token-last-used"


# ----------------------------------------------------------------------------- keys and JWS
@functools.lru_cache(maxsize=16)
def _signing_key(seed: int):
    """The cluster's service-account signing key: an EC P-256 key whose scalar comes from the seed."""
    from cryptography.hazmat.primitives.asymmetric import ec
    digest = hashlib.sha256(f"k8scourse service-account key {seed}".encode()).digest()
    # P-256's group order; the scalar must lie in [1, n-1]
    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
    return ec.derive_private_key(int.from_bytes(digest, "big") % (order - 1) + 1, ec.SECP256R1())


@functools.lru_cache(maxsize=16)
def key_id(seed: int) -> str:
    """``kid``: base64url of the SHA-256 of the public key's DER (PKIX) encoding, as upstream."""
    from cryptography.hazmat.primitives import serialization
    der = _signing_key(seed).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return _b64url(hashlib.sha256(der).digest())


def public_key_pem(seed: int) -> str:
    """The verification key (``--service-account-key-file``), PEM."""
    from cryptography.hazmat.primitives import serialization
    return _signing_key(seed).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _sign(seed: int, claims: dict) -> str:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
    header = {"alg": "ES256", "kid": key_id(seed)}
    signing_input = (_b64url(json.dumps(header, separators=(",", ":")).encode()) + "." +
                     _b64url(json.dumps(claims, separators=(",", ":"), sort_keys=True).encode()))
    der = _signing_key(seed).sign(signing_input.encode(), ec.ECDSA(hashes.SHA256(), deterministic_signing=True))
    r, s = decode_dss_signature(der)
    return signing_input + "." + _b64url(r.to_bytes(32, "big") + s.to_bytes(32, "big"))


def decode(token: str) -> dict:
    """The claims of a token, unverified (what ``jwt.io`` shows a learner)."""
    import jwt
    return jwt.decode(token, options={"verify_signature": False})


def _verify(seed: int, token: str) -> dict | None:
    """The claims if the signature is this cluster's; None otherwise (expiry is checked by the caller)."""
    import jwt
    try:
        return jwt.decode(token, _signing_key(seed).public_key(), algorithms=["ES256"],
                          options={"verify_exp": False, "verify_nbf": False, "verify_iat": False,
                                   "verify_aud": False, "verify_iss": False})
    except jwt.PyJWTError:
        return None


# ----------------------------------------------------------------------------- TokenRequest
def _jti(api, *parts) -> str:
    """A token ID: UUID-shaped, derived from the request (never from the cluster RNG: names stay put)."""
    counter = getattr(api, "_token_counter", 0) + 1
    api._token_counter = counter
    digest = hashlib.sha256("|".join(str(p) for p in (api.sim.seed, counter, *parts)).encode()).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def validate_expiration(seconds) -> None:
    if not isinstance(seconds, int) or seconds < MIN_EXPIRATION_S:
        raise APIError.invalid("TokenRequest", "", [FieldError.invalid(
            "spec.expirationSeconds", seconds, "may not specify a duration less than 10 minutes")],
            "authentication.k8s.io")
    if seconds > MAX_EXPIRATION_S:
        raise APIError.invalid("TokenRequest", "", [FieldError.invalid(
            "spec.expirationSeconds", seconds, "may not specify a duration larger than 2^32 seconds")],
            "authentication.k8s.io")


def request_token(api, namespace: str, name: str, *, expiration_seconds: int | None = None,
                  audiences=None, bound_kind: str = "", bound_name: str = "", bound_uid: str = "") -> tuple[str, int]:
    """A TokenRequest for service account ``namespace/name``: (token, expiration as Unix seconds)."""
    sa = api.peek("serviceaccounts", name, namespace)
    if sa is None:
        raise APIError.not_found("serviceaccounts", name)
    seconds = DEFAULT_EXPIRATION_S if expiration_seconds is None else expiration_seconds
    validate_expiration(seconds)
    audiences = list(audiences or [ISSUER])
    now = api.sim.clock.unix_ms() // 1000
    k8s: dict = {"namespace": namespace,
                 "serviceaccount": {"name": name, "uid": sa["metadata"]["uid"]}}
    extended = False
    if bound_kind:
        plural = {"Pod": "pods", "Secret": "secrets", "Node": "nodes"}.get(bound_kind)
        if plural is None:
            raise APIError.bad_request(f"cannot bind token for object of kind {bound_kind}")
        obj = api.peek(plural, bound_name, namespace if plural != "nodes" else "")
        if obj is None:
            raise APIError.not_found(plural, bound_name)
        uid = obj["metadata"]["uid"]
        if bound_uid and bound_uid != uid:
            raise APIError.conflict(plural, bound_name, f"the UID in the bound object reference ({bound_uid}) does "
                                    f"not match the UID in record. The object might have been deleted and then "
                                    f"recreated")
        k8s[bound_kind.lower()] = {"name": bound_name, "uid": uid}
        if bound_kind == "Pod":
            node = dig(obj, "spec", "nodeName")
            node_obj = api.peek("nodes", node) if node else None
            if node_obj is not None:
                k8s["node"] = {"name": node, "uid": node_obj["metadata"]["uid"]}
            extended = seconds == KUBELET_EXPIRATION_S
    exp = now + (EXTENDED_EXPIRATION_S if extended else seconds)
    if extended:
        k8s["warnafter"] = now + seconds
    claims = {"aud": audiences, "exp": exp, "iat": now, "iss": ISSUER,
              "jti": _jti(api, namespace, name, now, bound_kind, bound_name),
              "kubernetes.io": k8s, "nbf": now, "sub": f"system:serviceaccount:{namespace}:{name}"}
    return _sign(api.sim.seed, claims), exp


def token_request(api, namespace: str, name: str, body: dict) -> dict:
    """The ``serviceaccounts/token`` subresource: the TokenRequest posted, answered — its spec with the
    defaults (the API server's audience, an hour), ``status.token`` and ``status.expirationTimestamp``."""
    spec = dict((body or {}).get("spec") or {})
    bound = spec.get("boundObjectRef") or {}
    token, exp = request_token(api, namespace, name, expiration_seconds=spec.get("expirationSeconds"),
                               audiences=spec.get("audiences") or None, bound_kind=bound.get("kind", ""),
                               bound_name=bound.get("name", ""), bound_uid=bound.get("uid", ""))
    spec.setdefault("audiences", [ISSUER])
    spec.setdefault("expirationSeconds", DEFAULT_EXPIRATION_S)
    when = _dt.datetime.fromtimestamp(exp, tz=_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    answer = {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest",
              "metadata": {"name": name, "namespace": namespace}, "spec": spec,
              "status": {"token": token, "expirationTimestamp": when}}
    return complete(answer)


def legacy_token(api, namespace: str, sa_name: str, sa_uid: str, secret_name: str) -> str:
    """The token a ``kubernetes.io/service-account-token`` Secret holds (never expires)."""
    claims = {"iss": LEGACY_ISSUER,
              "kubernetes.io/serviceaccount/namespace": namespace,
              "kubernetes.io/serviceaccount/secret.name": secret_name,
              "kubernetes.io/serviceaccount/service-account.name": sa_name,
              "kubernetes.io/serviceaccount/service-account.uid": sa_uid,
              "sub": f"system:serviceaccount:{namespace}:{sa_name}"}
    return _sign(api.sim.seed, claims)


# ----------------------------------------------------------------------------- authenticator
def authenticate_token(api, token: str, audience: str = ISSUER) -> UserInfo | None:
    """The service account a token authenticates as, or None (invalid, expired, revoked)."""
    if not isinstance(token, str) or token.count(".") != 2 or len(token) > 64 * 1024:
        return None
    claims = _verify(api.sim.seed, token)
    if claims is None:
        return None
    if claims.get("iss") == LEGACY_ISSUER:
        return _legacy_user(api, token, claims)
    if claims.get("iss") != ISSUER:
        return None
    now = api.sim.clock.unix_ms() // 1000
    if not isinstance(claims.get("exp"), int) or now >= claims["exp"] or now < claims.get("nbf", 0):
        return None
    if audience not in (claims.get("aud") or []):
        return None
    k8s = claims.get("kubernetes.io") or {}
    ns, sa_claim = k8s.get("namespace", ""), k8s.get("serviceaccount") or {}
    sa = api.peek("serviceaccounts", sa_claim.get("name", ""), ns)
    if sa is None or sa["metadata"]["uid"] != sa_claim.get("uid"):
        return None
    extra = {CREDENTIAL_ID: [f"JTI={claims.get('jti', '')}"]}
    for kind, plural in (("pod", "pods"), ("secret", "secrets")):
        ref = k8s.get(kind)
        if ref:
            obj = api.peek(plural, ref.get("name", ""), ns)
            if obj is None or obj["metadata"]["uid"] != ref.get("uid"):
                return None
            extra[f"authentication.kubernetes.io/{kind}-name"] = [ref["name"]]
            extra[f"authentication.kubernetes.io/{kind}-uid"] = [ref["uid"]]
    node = k8s.get("node")
    if node:
        extra["authentication.kubernetes.io/node-name"] = [node["name"]]
        extra["authentication.kubernetes.io/node-uid"] = [node["uid"]]
    return service_account_user(ns, sa_claim["name"], sa["metadata"]["uid"], dict(sorted(extra.items())))


def _legacy_user(api, token: str, claims: dict) -> UserInfo | None:
    ns = claims.get("kubernetes.io/serviceaccount/namespace", "")
    secret = api.peek("secrets", claims.get("kubernetes.io/serviceaccount/secret.name", ""), ns)
    if secret is None or secret.get("type") != LEGACY_SECRET_TYPE:
        return None
    stored = dig(secret, "data", "token", default="")
    if base64.b64decode(stored or "").decode("utf-8", "replace") != token:
        return None
    name = claims.get("kubernetes.io/serviceaccount/service-account.name", "")
    sa = api.peek("serviceaccounts", name, ns)
    if sa is None or sa["metadata"]["uid"] != claims.get("kubernetes.io/serviceaccount/service-account.uid"):
        return None
    _mark_used(api, secret)
    return service_account_user(ns, name, sa["metadata"]["uid"])


def _mark_used(api, secret: dict) -> None:
    """LegacyServiceAccountTokenTracking: label the Secret with the day (UTC) its token was last used."""
    import datetime
    today = datetime.datetime.fromtimestamp(api.sim.clock.unix_ms() / 1000, datetime.timezone.utc).strftime("%Y-%m-%d")
    if dig(secret, "metadata", "labels", LAST_USED) == today:
        return
    updated = json.loads(json.dumps(secret))
    updated["metadata"].setdefault("labels", {})[LAST_USED] = today
    try:
        api.update(updated, user="system:apiserver", trusted=True)
    except APIError:
        pass        # a conflicting write: the next use stamps it
