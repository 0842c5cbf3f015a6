"""Image references parsed as the container runtime parses them, checked against the upstream tables.

``data/reference_tables.json`` holds the test tables of ``github.com/distribution/reference``
v0.6.0 (the parser Kubernetes 1.32's kubelet vendors; Apache-2.0): every row must parse — or fail
with the same Go error text — here too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from k8scourse.runtime.reference import ReferenceError, familiar, is_reference, parse, parse_normalized, pull_name

TABLES = json.loads((Path(__file__).parent / "data" / "reference_tables.json").read_text())


@pytest.mark.parametrize("name", TABLES["normalized_valid"])
def test_upstream_valid_names_parse(name):
    ref = parse_normalized(name)
    assert ref.domain and ref.name.startswith(ref.domain + "/")     # normalized: always with a registry


@pytest.mark.parametrize("name", TABLES["normalized_invalid"])
def test_upstream_invalid_names_are_refused(name):
    with pytest.raises(ReferenceError):
        parse_normalized(name)


@pytest.mark.parametrize("case", [c for c in TABLES["parse"] if "err" in c], ids=lambda c: c["input"][:40] or "empty")
def test_upstream_parse_table_refusals(case):
    with pytest.raises(ReferenceError) as exc:
        parse(case["input"])
    assert str(exc.value) == case["err"]


@pytest.mark.parametrize("case", [c for c in TABLES["parse"] if "err" not in c], ids=lambda c: c["input"][:40])
def test_upstream_parse_table(case):
    ref = parse(case["input"])
    assert (ref.name, ref.domain, ref.tag, ref.digest) == (
        case["repository"], case.get("domain", ""), case.get("tag", ""), case.get("digest", ""))


@pytest.mark.parametrize("row", TABLES["repository_info"], ids=lambda r: r["FamiliarName"])
def test_upstream_familiar_and_full_names(row):
    for text in [row["FamiliarName"], row["FullName"]] + ([row["AmbiguousName"]] if row.get("AmbiguousName") else []):
        ref = parse_normalized(text)
        assert (ref.name, familiar(ref.name), ref.domain) == (row["FullName"], row["FamiliarName"], row["Domain"])


@pytest.mark.parametrize("text,pulled", [
    ("nginx", "docker.io/library/nginx:latest"),
    ("nginx:1.25-alpine", "docker.io/library/nginx:1.25-alpine"),
    ("library/nginx:1.27", "docker.io/library/nginx:1.27"),
    ("index.docker.io/library/busybox:1.36", "docker.io/library/busybox:1.36"),
    ("bitnami/kubectl", "docker.io/bitnami/kubectl:latest"),
    ("localhost:5000/app", "localhost:5000/app:latest"),
    ("localhost/app:v1", "localhost/app:v1"),
    ("public.ecr.aws/nginx/nginx:stable-perl", "public.ecr.aws/nginx/nginx:stable-perl"),
    ("nginx:1.25@sha256:" + "a" * 64, "docker.io/library/nginx@sha256:" + "a" * 64),     # the digest wins
])
def test_what_containerd_pulls(text, pulled):
    assert pull_name(text) == pulled


@pytest.mark.parametrize("text,error", [
    ("NGINX", "invalid reference format: repository name (library/NGINX) must be lowercase"),
    ("Nginx:1.25", "invalid reference format: repository name (library/Nginx) must be lowercase"),
    ("myRegistry.azurecr.io/App:v1", "invalid reference format: repository name (App) must be lowercase"),
    ("nginx@sha256:abc", "invalid reference format"),
    ("nginx@sha256:" + "a" * 40, "invalid checksum digest length"),
    ("nginx@md5:" + "a" * 32, "unsupported digest algorithm"),
    ("nginx:", "invalid reference format"),
    ("a" * 64, "invalid repository name (" + "a" * 64 + "), cannot specify 64-byte hexadecimal strings"),
])
def test_kubelet_refusals(text, error):
    with pytest.raises(ReferenceError) as exc:
        parse_normalized(text)
    assert str(exc.value) == error


def test_kubectl_run_checks_only_the_grammar():
    # recorded with the real kubectl 1.32: "error: Invalid image name "NGINX": invalid reference format"
    assert not is_reference("NGINX") and not is_reference("Nginx:1") and not is_reference("nginx@sha256:0")
    assert is_reference("nginx:1.25-alpine") and is_reference("localhost:5000/app") and is_reference("Foo/bar")
