"""The piece of ``cryptography`` k8scourse signs service-account tokens with, in pure Python.

Only for the in-browser build (scripts/lite_build.py ships it as the ``k8scourse-lite-p256`` wheel):
Pyodide's ``cryptography`` is a compiled wheel that cannot be had offline, and the engine signs a
token for every pod's projected service-account volume (k8scourse/apiserver/tokens.py). What is
here is exactly what that module calls: a P-256 key from a scalar, its public key as SubjectPublicKeyInfo
(DER, PEM), and ECDSA with SHA-256 and deterministic nonces (RFC 6979), which gives the same
signature bytes as OpenSSL's. tests/lite/test_p256.py checks each against the real package.

Anything else of ``cryptography`` is not here: ``cryptography.x509`` raises ModuleNotFoundError, so
PyJWT sees no ``cryptography`` at all (it then verifies no ES256 tokens, see README).
"""

__version__ = "0+k8scourse.lite"
