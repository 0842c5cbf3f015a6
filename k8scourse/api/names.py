"""Name rules and generated names: k8s.io/apimachinery ``pkg/util/validation`` and friends.

Each ``is_*`` function returns a list of error messages worded like upstream's (empty when the
value is valid), so the API server can wrap them into field errors:

* :func:`is_dns1123_subdomain` -- most object names (Pods, Deployments, ConfigMaps...), max 253.
* :func:`is_dns1123_label` -- Namespace and Node-ish names, label-like parts, max 63.
* :func:`is_dns1035_label` -- Service names (must start with a letter), max 63.
* :func:`is_qualified_name` -- label keys / annotation key names: optional DNS prefix + ``/``.
* :func:`is_valid_label_value` -- label values (may be empty), max 63.
* :func:`is_valid_port_name` -- container/service port names (IANA_SVC_NAME), max 15.

Generated names follow ``names.SimpleNameGenerator``: ``generateName`` + 5 characters from the
alphabet ``bcdfghjklmnpqrstvwxz2456789`` (no vowels, no look-alike digits), the base cut to 58
characters. UIDs are UUID4-shaped. Both draw from the ``random.Random`` passed in, so a seeded
cluster names its objects the same way every run.

Deliberate differences: messages use the long-standing wording (``must be no more than 63
characters``, ``a qualified name ...``; Kubernetes 1.34+ says ``bytes`` / ``a valid label key``).
Lengths are counted in UTF-8 bytes, as Go's ``len`` does.

>>> is_dns1123_label("web-1"), is_dns1123_label("web.1")
([], ['must not contain dots'])
>>> import random
>>> generate_name("web-", random.Random(0))
'web-q7rcl'
"""

from __future__ import annotations

import random
import re
import uuid

__all__ = [
    "is_dns1123_subdomain", "is_dns1123_label", "is_dns1035_label", "is_qualified_name",
    "is_valid_label_value", "is_valid_port_name", "max_len_error", "regex_error",
    "generate_name", "generate_name_suffix", "new_uid", "NAME_SUFFIX_ALPHABET",
]

DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*"
DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?"
QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?"

_DNS1123_LABEL = re.compile(DNS1123_LABEL_FMT)
_DNS1123_SUBDOMAIN = re.compile(DNS1123_SUBDOMAIN_FMT)
_DNS1035_LABEL = re.compile(DNS1035_LABEL_FMT)
_QUALIFIED_NAME = re.compile(QUALIFIED_NAME_FMT)
_LABEL_VALUE = re.compile(LABEL_VALUE_FMT)
_PORT_NAME_CHARSET = re.compile("[-a-z0-9]+")
_HAS_LETTER = re.compile("[a-z]")

_DNS1123_LABEL_MSG = ("a lowercase RFC 1123 label must consist of lower case alphanumeric "
                      "characters or '-', and must start and end with an alphanumeric character")
_DNS1123_SUBDOMAIN_MSG = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                          "characters, '-' or '.', and must start and end with an alphanumeric "
                          "character")
_DNS1035_LABEL_MSG = ("a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
                      "start with an alphabetic character, and end with an alphanumeric character")
_QUALIFIED_NAME_MSG = ("must consist of alphanumeric characters, '-', '_' or '.', and must start "
                       "and end with an alphanumeric character")
_LABEL_VALUE_MSG = ("a valid label must be an empty string or consist of alphanumeric characters, "
                    "'-', '_' or '.', and must start and end with an alphanumeric character")

NAME_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
_MAX_NAME_LENGTH = 63
_RANDOM_LENGTH = 5


def max_len_error(length: int) -> str:
    return f"must be no more than {length} characters"


def regex_error(msg: str, fmt: str, *examples: str) -> str:
    """Upstream's RegexError text, double spaces between examples included."""
    if not examples:
        return f"{msg} (regex used for validation is '{fmt}')"
    shown = " or ".join(f"'{e}', " for e in examples)
    return f"{msg} (e.g. {shown}regex used for validation is '{fmt}')"


def _blen(value: str) -> int:
    return len(value.encode("utf-8"))


def is_dns1123_label(value: str) -> list[str]:
    errs = []
    if _blen(value) > 63:
        errs.append(max_len_error(63))
    if not _DNS1123_LABEL.fullmatch(value):
        if _DNS1123_SUBDOMAIN.fullmatch(value):
            errs.append("must not contain dots")
        else:
            errs.append(regex_error(_DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, "my-name", "123-abc"))
    return errs


def is_dns1123_subdomain(value: str) -> list[str]:
    errs = []
    if _blen(value) > 253:
        errs.append(max_len_error(253))
    if not _DNS1123_SUBDOMAIN.fullmatch(value):
        errs.append(regex_error(_DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"))
    return errs


def is_dns1035_label(value: str) -> list[str]:
    errs = []
    if _blen(value) > 63:
        errs.append(max_len_error(63))
    if not _DNS1035_LABEL.fullmatch(value):
        errs.append(regex_error(_DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, "my-name", "abc-123"))
    return errs


def is_qualified_name(value: str) -> list[str]:
    """Label key rules: ``[prefix/]name``, prefix a DNS-1123 subdomain, name up to 63 characters.

    >>> is_qualified_name("app.kubernetes.io/name"), is_qualified_name("a/b/c")[0][:19]
    ([], 'a qualified name mu')
    """
    errs = []
    parts = value.split("/")
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errs.append("prefix part must be non-empty")
        else:
            errs.extend("prefix part " + m for m in is_dns1123_subdomain(prefix))
    else:
        return [
            "a qualified name "
            + regex_error(_QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ]
    if not name:
        errs.append("name part must be non-empty")
    elif _blen(name) > 63:
        errs.append("name part " + max_len_error(63))
    if not _QUALIFIED_NAME.fullmatch(name):
        errs.append("name part " + regex_error(_QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT,
                                               "MyName", "my.name", "123-abc"))
    return errs


def is_valid_label_value(value: str) -> list[str]:
    errs = []
    if _blen(value) > 63:
        errs.append(max_len_error(63))
    if not _LABEL_VALUE.fullmatch(value):
        errs.append(regex_error(_LABEL_VALUE_MSG, LABEL_VALUE_FMT, "MyValue", "my_value", "12345"))
    return errs


def is_valid_port_name(port: str) -> list[str]:
    errs = []
    if _blen(port) > 15:
        errs.append(max_len_error(15))
    if not _PORT_NAME_CHARSET.fullmatch(port):
        errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if not _HAS_LETTER.search(port):
        errs.append("must contain at least one letter (a-z)")
    if "--" in port:
        errs.append("must not contain consecutive hyphens")
    if port and (port[0] == "-" or port[-1] == "-"):
        errs.append("must not begin or end with a hyphen")
    return errs


def generate_name_suffix(rng: random.Random) -> str:
    """Five characters from upstream's name alphabet, drawn from ``rng``."""
    return "".join(rng.choice(NAME_SUFFIX_ALPHABET) for _ in range(_RANDOM_LENGTH))


def generate_name(base: str, rng: random.Random) -> str:
    """``metadata.generateName`` handling: base cut to 58 characters plus a random suffix."""
    return base[:_MAX_NAME_LENGTH - _RANDOM_LENGTH] + generate_name_suffix(rng)


def new_uid(rng: random.Random) -> str:
    """A UUID4-shaped ``metadata.uid`` from ``rng``'s bits.

    >>> new_uid(random.Random(1))[14]
    '4'
    >>> new_uid(random.Random(7)) == str(uuid.UUID(int=random.Random(7).getrandbits(128), version=4))
    True
    """
    # uuid.UUID(int=..., version=4) sets the variant and version bits; the same in two masks
    # (a hot path: every create), formatted as str(UUID) does
    h = "%032x" % ((rng.getrandbits(128) & _UUID4_KEEP) | _UUID4_SET)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


_UUID4_KEEP = ~((0xc000 << 48) | (0xf000 << 64))
_UUID4_SET = (0x8000 << 48) | (4 << 76)
