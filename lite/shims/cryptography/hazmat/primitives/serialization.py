"""The encodings of a public key the simulator asks for."""

import enum


class Encoding(enum.Enum):
    PEM = "PEM"
    DER = "DER"


class PublicFormat(enum.Enum):
    SubjectPublicKeyInfo = "X.509 subjectPublicKeyInfo with PKCS#1"
