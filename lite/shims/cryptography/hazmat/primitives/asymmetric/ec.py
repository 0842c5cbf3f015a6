"""NIST P-256: keys from a scalar, SubjectPublicKeyInfo, ECDSA-SHA256 with RFC 6979 nonces."""

import base64
import hashlib
import hmac

from ...primitives import serialization
from .utils import decode_dss_signature, encode_dss_signature

# The curve y² = x³ - 3x + b over GF(p), its base point G and the group order n (SEC 2, FIPS 186-4).
P = 0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
B = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
     0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)
# DER of AlgorithmIdentifier {id-ecPublicKey, prime256v1} inside SubjectPublicKeyInfo, up to the key
_SPKI_PREFIX = bytes.fromhex("3059301306072a8648ce3d020106082a8648ce3d030107034200")


def _add(p1, p2):
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    (x1, y1), (x2, y2) = p1, p2
    if x1 == x2 and (y1 + y2) % P == 0:
        return None
    if p1 == p2:
        slope = (3 * x1 * x1 - 3) * pow(2 * y1, -1, P) % P
    else:
        slope = (y2 - y1) * pow(x2 - x1, -1, P) % P
    x3 = (slope * slope - x1 - x2) % P
    return x3, (slope * (x1 - x3) - y1) % P


def _mul(k: int, point):
    result = None
    while k:
        if k & 1:
            result = _add(result, point)
        point = _add(point, point)
        k >>= 1
    return result


class SECP256R1:
    name = "secp256r1"
    key_size = 256


class ECDSA:
    def __init__(self, algorithm, deterministic_signing: bool = False):
        self.algorithm = algorithm
        self.deterministic_signing = deterministic_signing


def _rfc6979_nonce(secret: int, digest: bytes) -> int:
    """RFC 6979 §3.2 for a 256-bit order and SHA-256 (qlen = hlen: no bit trimming)."""
    x = secret.to_bytes(32, "big")
    h = (int.from_bytes(digest, "big") % N).to_bytes(32, "big")
    v, k = b"\x01" * 32, b"\x00" * 32
    k = hmac.new(k, v + b"\x00" + x + h, hashlib.sha256).digest()
    v = hmac.new(k, v, hashlib.sha256).digest()
    k = hmac.new(k, v + b"\x01" + x + h, hashlib.sha256).digest()
    v = hmac.new(k, v, hashlib.sha256).digest()
    while True:
        v = hmac.new(k, v, hashlib.sha256).digest()
        candidate = int.from_bytes(v, "big")
        if 1 <= candidate < N:
            return candidate
        k = hmac.new(k, v + b"\x00", hashlib.sha256).digest()
        v = hmac.new(k, v, hashlib.sha256).digest()


class EllipticCurvePublicKey:
    curve = SECP256R1()
    key_size = 256

    def __init__(self, point):
        self._point = point

    def public_bytes(self, encoding, format) -> bytes:
        if format is not serialization.PublicFormat.SubjectPublicKeyInfo:
            raise NotImplementedError("only SubjectPublicKeyInfo in the in-browser build")
        x, y = self._point
        der = _SPKI_PREFIX + b"\x04" + x.to_bytes(32, "big") + y.to_bytes(32, "big")
        if encoding is serialization.Encoding.DER:
            return der
        text = base64.b64encode(der).decode()
        lines = [text[i:i + 64] for i in range(0, len(text), 64)]
        return ("-----BEGIN PUBLIC KEY-----\n" + "\n".join(lines) + "\n-----END PUBLIC KEY-----\n").encode()

    def verify(self, signature: bytes, data: bytes, signature_algorithm) -> None:
        from ....exceptions import InvalidSignature
        r, s = decode_dss_signature(signature)
        if not (1 <= r < N and 1 <= s < N):
            raise InvalidSignature()
        z = int.from_bytes(hashlib.sha256(data).digest(), "big")
        w = pow(s, -1, N)
        point = _add(_mul(z * w % N, G), _mul(r * w % N, self._point))
        if point is None or point[0] % N != r:
            raise InvalidSignature()


class EllipticCurvePrivateKey:
    curve = SECP256R1()
    key_size = 256

    def __init__(self, secret: int):
        self._secret = secret
        self._public = EllipticCurvePublicKey(_mul(secret, G))

    def public_key(self) -> EllipticCurvePublicKey:
        return self._public

    def sign(self, data: bytes, signature_algorithm: ECDSA) -> bytes:
        if not signature_algorithm.deterministic_signing:
            raise NotImplementedError("only deterministic ECDSA (RFC 6979) in the in-browser build")
        digest = hashlib.sha256(data).digest()
        z = int.from_bytes(digest, "big")
        k = _rfc6979_nonce(self._secret, digest)
        r = _mul(k, G)[0] % N
        s = pow(k, -1, N) * (z + r * self._secret) % N
        return encode_dss_signature(r, s)


def derive_private_key(private_value: int, curve) -> EllipticCurvePrivateKey:
    if not isinstance(curve, SECP256R1):
        raise NotImplementedError("only P-256 in the in-browser build")
    if not 1 <= private_value < N:
        raise ValueError("private_value must be in [1, n-1]")
    return EllipticCurvePrivateKey(private_value)
