"""k8scourse.api.names: upstream name rules, messages and seeded generated names."""

import random
import re

from k8scourse.api.names import (
    NAME_SUFFIX_ALPHABET, generate_name, generate_name_suffix, is_dns1035_label, is_dns1123_label,
    is_dns1123_subdomain, is_qualified_name, is_valid_label_value, is_valid_port_name, new_uid,
)

SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")


def test_dns1123_subdomain():
    assert is_dns1123_subdomain("web") == []
    assert is_dns1123_subdomain("my.app-1") == []
    assert is_dns1123_subdomain("Web") == [SUBDOMAIN_MSG]
    assert is_dns1123_subdomain("a" * 254) == ["must be no more than 253 characters"]
    assert is_dns1123_subdomain("") == [SUBDOMAIN_MSG]
    assert is_dns1123_subdomain("web\n") == [SUBDOMAIN_MSG]      # $ must not match before \n


def test_dns1123_label():
    assert is_dns1123_label("ns-1") == []
    assert is_dns1123_label("a.b") == ["must not contain dots"]
    assert is_dns1123_label("-a") == [
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
        "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
        "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]
    assert is_dns1123_label("a" * 64) == ["must be no more than 63 characters"]


def test_dns1035_label():
    assert is_dns1035_label("my-svc") == []
    assert is_dns1035_label("1svc") == [
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
        "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
        "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]


def test_qualified_name():
    assert is_qualified_name("app") == []
    assert is_qualified_name("app.kubernetes.io/name") == []
    assert is_qualified_name("/a") == ["prefix part must be non-empty"]
    assert is_qualified_name("Example.com/a") == ["prefix part " + SUBDOMAIN_MSG]
    errs = is_qualified_name("a/")
    assert errs[0] == "name part must be non-empty" and errs[1].startswith("name part must consist")
    assert is_qualified_name("a" * 64)[0] == "name part must be no more than 63 characters"
    assert is_qualified_name("a/b/c")[0].startswith("a qualified name must consist of")
    assert is_qualified_name("a/b/c")[0].endswith(
        "with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")


def test_label_value():
    assert is_valid_label_value("") == []
    assert is_valid_label_value("v1.2_beta-3") == []
    assert is_valid_label_value("a b") == [
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
        "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
        "'my_value',  or '12345', regex used for validation is "
        "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"]
    assert is_valid_label_value("a" * 64) == ["must be no more than 63 characters"]
    assert is_valid_label_value("é" * 32)[0] == "must be no more than 63 characters"  # UTF-8 bytes


def test_port_name():
    assert is_valid_port_name("http") == []
    assert is_valid_port_name("http-metrics") == []
    assert is_valid_port_name("8080") == ["must contain at least one letter (a-z)"]
    assert is_valid_port_name("a--b") == ["must not contain consecutive hyphens"]
    assert is_valid_port_name("-ab") == ["must not begin or end with a hyphen"]
    assert is_valid_port_name("HTTP") == [
        "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
        "must contain at least one letter (a-z)"]
    assert is_valid_port_name("a" * 16) == ["must be no more than 15 characters"]


def test_generated_names_are_seeded():
    a, b = random.Random(7), random.Random(7)
    names = [generate_name("web-7d4b9c-", a) for _ in range(20)]
    assert names == [generate_name("web-7d4b9c-", b) for _ in range(20)]
    for name in names:
        suffix = name[len("web-7d4b9c-"):]
        assert len(suffix) == 5 and set(suffix) <= set(NAME_SUFFIX_ALPHABET)
    assert len(generate_name("x" * 80, a)) == 63
    assert len(generate_name_suffix(random.Random(1))) == 5


def test_uid_shape_and_determinism():
    uid = new_uid(random.Random(3))
    assert uid == new_uid(random.Random(3))
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", uid)
    assert uid != new_uid(random.Random(4))
