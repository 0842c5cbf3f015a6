"""The exception a failed verification raises, as in cryptography."""


class InvalidSignature(Exception):
    pass
