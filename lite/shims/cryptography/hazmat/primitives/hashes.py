"""SHA-256, the one hash ES256 uses."""

import hashlib


class SHA256:
    name = "sha256"
    digest_size = 32

    @staticmethod
    def digest(data: bytes) -> bytes:
        return hashlib.sha256(data).digest()
