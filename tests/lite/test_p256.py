"""lite/shims/cryptography (the browser's stand-in) against the real cryptography, under CPython."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

SHIMS = Path(__file__).resolve().parents[2] / "lite" / "shims"


@pytest.fixture
def shim(monkeypatch):
    """The stand-in's modules, imported under their own names and put back afterwards."""
    saved = {k: v for k, v in sys.modules.items() if k == "cryptography" or k.startswith("cryptography.")}
    for name in saved:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.syspath_prepend(str(SHIMS))
    try:
        yield (importlib.import_module("cryptography.hazmat.primitives.asymmetric.ec"),
               importlib.import_module("cryptography.hazmat.primitives.serialization"),
               importlib.import_module("cryptography.hazmat.primitives.hashes"),
               importlib.import_module("cryptography.exceptions"))
    finally:
        for name in [k for k in sys.modules if k == "cryptography" or k.startswith("cryptography.")]:
            del sys.modules[name]
        sys.modules.update(saved)


@pytest.mark.parametrize("secret", [1, 2, 12345, 2**255 + 19, 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632550])
def test_keys_and_deterministic_signatures_match_cryptography(shim, secret):
    from cryptography.hazmat.primitives import hashes as real_hashes
    from cryptography.hazmat.primitives import serialization as real_ser
    from cryptography.hazmat.primitives.asymmetric import ec as real_ec
    real_key = real_ec.derive_private_key(secret, real_ec.SECP256R1())
    real = {fmt: real_key.public_key().public_bytes(getattr(real_ser.Encoding, fmt),
                                                     real_ser.PublicFormat.SubjectPublicKeyInfo)
            for fmt in ("DER", "PEM")}
    real_sigs = [real_key.sign(m, real_ec.ECDSA(real_hashes.SHA256(), deterministic_signing=True))
                 for m in (b"", b"k8scourse", b"x" * 1000)]

    ec, ser, hashes, exceptions = shim
    key = ec.derive_private_key(secret, ec.SECP256R1())
    for fmt in ("DER", "PEM"):
        assert key.public_key().public_bytes(getattr(ser.Encoding, fmt), ser.PublicFormat.SubjectPublicKeyInfo) == real[fmt]
    algorithm = ec.ECDSA(hashes.SHA256(), deterministic_signing=True)
    sigs = [key.sign(m, algorithm) for m in (b"", b"k8scourse", b"x" * 1000)]
    assert sigs == real_sigs
    key.public_key().verify(sigs[1], b"k8scourse", algorithm)
    with pytest.raises(exceptions.InvalidSignature):
        key.public_key().verify(sigs[1], b"k8scoursf", algorithm)


def test_what_the_stand_in_does_not_do_it_refuses(shim):
    ec, _, hashes, _ = shim
    key = ec.derive_private_key(7, ec.SECP256R1())
    with pytest.raises(NotImplementedError):
        key.sign(b"m", ec.ECDSA(hashes.SHA256()))        # random nonces: not reproducible, not here
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("cryptography.x509")      # PyJWT then does without cryptography
