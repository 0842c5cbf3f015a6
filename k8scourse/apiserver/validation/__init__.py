"""Validation of submitted objects (placeholder: the full implementation replaces this file).

Contract used by the API server:
* ``decode_errors(info, obj) -> str | None`` — strict decoding (unknown fields, wrong types);
* ``validate(info, obj, old) -> list[FieldError]`` — schema-required fields and semantic rules;
* ``convert_to_storage_version(info, obj) -> dict`` — older served versions to the stored one.
"""

from __future__ import annotations


def decode_errors(info, obj):
    return None


def validate(info, obj, old):
    return []


def convert_to_storage_version(info, obj):
    return obj
