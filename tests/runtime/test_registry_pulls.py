"""Image references -> what a pull gets: the image, *not found*, *pull access denied*, or refused.

The table holds every reference of issue 13 (what a new user types from CKAD-style tasks and the
docs' classic tags) and the docs' deliberately bad ones. Tag facts come from the recorded
docker-library/official-images history (``k8scourse/runtime/data``).
"""

from __future__ import annotations

import pytest

from k8scourse.runtime import registry
from k8scourse.runtime.images import ImageInfo, ImageStore, PullFailure, lookup, pull_ms, resolve

NOT_FOUND = 'failed to pull and unpack image "{n}": failed to resolve reference "{n}": {n}: not found'
DENIED = ('failed to pull and unpack image "{n}": failed to resolve reference "{n}": pull access denied, repository '
          'does not exist or may require authorization: server message: insufficient_scope: authorization failed')

# reference, expected: ("image", canonical reference, program) or (gRPC code, message template with {n})
TABLE = [
    # issue 13: every one of these exists and a real cluster pulls it
    ("nginx:1.25-alpine", ("image", "docker.io/library/nginx:1.25-alpine", "nginx")),
    ("nginx:1.20", ("image", "docker.io/library/nginx:1.20", "nginx")),
    ("nginx:1.9.1", ("image", "docker.io/library/nginx:1.9.1", "nginx")),
    ("busybox:1.37.0", ("image", "docker.io/library/busybox:1.37.0", "shell")),
    ("httpd:2.4-alpine", ("image", "docker.io/library/httpd:2.4-alpine", "httpd")),
    ("python:3.11-alpine", ("image", "docker.io/library/python:3.11-alpine", "python")),
    ("redis:8.0.2", ("image", "docker.io/library/redis:8.0.2", "redis")),
    ("bitnami/kubectl", ("image", "docker.io/bitnami/kubectl:latest", "generic")),
    ("public.ecr.aws/docker/library/busybox:stable", ("image", "public.ecr.aws/docker/library/busybox:stable", "shell")),
    ("public.ecr.aws/nginx/nginx:stable-perl", ("image", "public.ecr.aws/nginx/nginx:stable-perl", "nginx")),
    # the classic tags of the lecture and the docs
    ("nginx:1.7.9", ("image", "docker.io/library/nginx:1.7.9", "nginx")),
    ("nginx:1.14.2", ("image", "docker.io/library/nginx:1.14.2", "nginx")),
    ("nginx:1.16.1", ("image", "docker.io/library/nginx:1.16.1", "nginx")),
    ("nginx", ("image", "docker.io/library/nginx:latest", "nginx")),
    ("nginx:stable", ("image", "docker.io/library/nginx:stable", "nginx")),
    ("nginx:mainline-alpine-perl", ("image", "docker.io/library/nginx:mainline-alpine-perl", "nginx")),
    ("busybox", ("image", "docker.io/library/busybox:latest", "shell")),
    ("alpine:3.19", ("image", "docker.io/library/alpine:3.19", "shell")),
    ("debian:bookworm-slim", ("image", "docker.io/library/debian:bookworm-slim", "shell")),
    ("ubuntu:22.04", ("image", "docker.io/library/ubuntu:22.04", "shell")),
    ("node:20-alpine", ("image", "docker.io/library/node:20-alpine", "node")),
    ("postgres:16", ("image", "docker.io/library/postgres:16", "postgres")),
    ("mysql:8.0", ("image", "docker.io/library/mysql:8.0", "mysql")),
    ("mongo:7", ("image", "docker.io/library/mongo:7", "server")),
    ("memcached:1.6-alpine", ("image", "docker.io/library/memcached:1.6-alpine", "server")),
    ("perl:5.38", ("image", "docker.io/library/perl:5.38", "perl")),
    ("golang:1.22-alpine", ("image", "docker.io/library/golang:1.22-alpine", "shell")),
    ("hello-world", ("image", "docker.io/library/hello-world:latest", "hello-world")),
    ("haproxy:2.8", ("image", "docker.io/library/haproxy:2.8", "daemon")),
    ("registry.k8s.io/pause:3.10", ("image", "registry.k8s.io/pause:3.10", "pause")),
    ("registry.k8s.io/e2e-test-images/agnhost:2.45", ("image", "registry.k8s.io/e2e-test-images/agnhost:2.45",
                                                      "agnhost")),
    ("mcr.microsoft.com/azuredocs/aci-helloworld", ("image", "mcr.microsoft.com/azuredocs/aci-helloworld:latest",
                                                    "aci-helloworld")),
    ("mcr.microsoft.com/oss/nginx/nginx:1.15.5-alpine", ("image", "mcr.microsoft.com/oss/nginx/nginx:1.15.5-alpine",
                                                         "nginx")),
    ("quay.io/someone/tool:v3", ("image", "quay.io/someone/tool:v3", "generic")),
    ("someone/tool", ("image", "docker.io/someone/tool:latest", "generic")),
    # tags the repository never published: the lecture's and the docs' bad-image steps
    ("nginx:1.161", ("NotFound", NOT_FOUND)),
    ("nginx:1.91", ("NotFound", NOT_FOUND)),
    ("nginx:1.61", ("NotFound", NOT_FOUND)),
    ("nginx:1.9.3-typo", ("NotFound", NOT_FOUND)),
    ("busybox:1.99", ("NotFound", NOT_FOUND)),
    ("public.ecr.aws/nginx/nginx:1.161", ("NotFound", NOT_FOUND)),
    ("public.ecr.aws/docker/library/ngnix", ("NotFound", NOT_FOUND)),
    ("nginx@sha256:" + "0" * 64, ("NotFound", NOT_FOUND)),
    # names Docker Hub does not have
    ("ngnix", ("Unknown", DENIED)),
    ("nosuchimage:1", ("Unknown", DENIED)),
    ("non-existing-repo/non-existing-image:example", ("Unknown", DENIED)),
    # nothing listens on a node's localhost:5000
    ("localhost:5000/app", ("Unknown", 'failed to pull and unpack image "{n}": failed to resolve reference "{n}": '
                                       'failed to do request: Head "http://localhost:5000/v2/app/manifests/latest": '
                                       'dial tcp 127.0.0.1:5000: connect: connection refused')),
]


@pytest.mark.parametrize("ref,expected", TABLE, ids=[r for r, _ in TABLE])
def test_pull_result(ref, expected):
    found = resolve(ref)
    if expected[0] == "image":
        assert isinstance(found, ImageInfo), getattr(found, "message", found)
        assert (found.reference, found.program) == expected[1:]
    else:
        assert isinstance(found, PullFailure)
        name = found.message.split('"')[1]
        assert (found.code, found.message) == (expected[0], expected[1].format(n=name))


def test_the_official_names_and_tags_are_the_recorded_ones():
    names = registry.official_names()
    assert len(names) == 186 and {"nginx", "busybox", "httpd", "hello-world", "centos", "openjdk"} <= set(names)
    nginx = registry.official_tags("nginx")
    assert all(nginx.has(t) for t in ("1.7.9", "1.9.1", "1.20", "1.25-alpine", "stable-perl", "alpine3.19-slim"))
    assert not any(nginx.has(t) for t in ("1.161", "1.91", "1.61", "latest-perl-alpine"))
    assert nginx.release("1.25") == "1.25.5" and nginx.release("stable") == "1.28.2"
    assert len(list(nginx)) == 1297


def test_sizes_and_digests_are_stable_and_plausible():
    # the images the notebooks pull keep their recorded sizes (pull times stay what the outputs show)
    assert lookup("nginx:1.7.9").size == 39947825 and pull_ms(lookup("nginx:1.7.9").size) == 6200
    assert lookup("busybox:1.36").size == 2231050
    a, b = resolve("nginx:1.25-alpine"), resolve("nginx:1.25-alpine")
    assert a.size == b.size and a.digest == b.digest and a.digest.startswith("sha256:")
    assert 15_000_000 < lookup("nginx:1.25-alpine").size < 25_000_000 < lookup("nginx:1.25-bookworm").size
    assert lookup("nginx:1.25-perl").size > lookup("nginx:1.25-bookworm").size
    assert lookup("busybox:1.37.0").size < 3_000_000 < lookup("python:3.11-slim").size < lookup("python:3.11").size


def test_a_digest_reference_pulls_the_tag_it_names():
    info = lookup("nginx:1.7.9")
    by_digest = lookup("nginx@" + info.digest)
    assert by_digest is not None and by_digest.reference == info.reference
    anywhere = lookup("quay.io/someone/tool@sha256:" + "b" * 64)
    assert anywhere.image_id == "quay.io/someone/tool@sha256:" + "b" * 64


def test_the_node_pulls_in_turn_and_private_registries_still_answer_first():
    store = ImageStore(resolver=lambda ref: "unauthorized" if ref.startswith("myacr.azurecr.io/") else None)
    finish, took, info = store.schedule_pull("nginx:1.25-alpine", 0)
    assert info.reference == "docker.io/library/nginx:1.25-alpine" and took == pull_ms(info.size)
    assert store.schedule_pull("ngnix", 0)[2] is None
    assert store.error_for("myacr.azurecr.io/app:v1") == ("Unknown", "unauthorized")


def _pod(c, name: str, image: str) -> None:
    c.apply(f"apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec:\n  containers:\n"
            f"  - {{name: {name}, image: \"{image}\"}}\n", echo=False)


def _events(c, name: str):
    evs = sorted((e for e in c.list("events", "default") if e["involvedObject"].get("name") == name),
                 key=lambda e: (e["firstTimestamp"] or e["eventTime"][:19] + "Z", e["metadata"]["name"]))
    return [(e["type"], e["reason"], e["message"]) for e in evs]


def test_pods_of_every_kind_of_reference_through_the_kubelet():
    from k8scourse import Cluster
    c = Cluster(nodes=2, seed=0)
    for name, image in (("alpine-web", "nginx:1.25-alpine"), ("typo", "nginx:1.161"), ("denied", "ngnix"),
                        ("upper", "NGINX"), ("local", "localhost:5000/app")):
        _pod(c, name, image)
    c.run(seconds=60)
    table = {line.split()[0]: line.split()[2] for line in str(c.kubectl("get pods", echo=False)).splitlines()[1:]}
    assert table == {"alpine-web": "Running", "typo": "ImagePullBackOff", "denied": "ImagePullBackOff",
                     "upper": "InvalidImageName", "local": "ImagePullBackOff"}
    assert ("Warning", "Failed", 'Failed to pull image "nginx:1.161": rpc error: code = NotFound desc = failed to '
            'pull and unpack image "docker.io/library/nginx:1.161": failed to resolve reference '
            '"docker.io/library/nginx:1.161": docker.io/library/nginx:1.161: not found') in _events(c, "typo")
    assert ("Warning", "Failed", 'Failed to pull image "ngnix": rpc error: code = Unknown desc = failed to pull and '
            'unpack image "docker.io/library/ngnix:latest": failed to resolve reference '
            '"docker.io/library/ngnix:latest": pull access denied, repository does not exist or may require '
            'authorization: server message: insufficient_scope: authorization failed') in _events(c, "denied")
    upper = _events(c, "upper")
    assert ("Warning", "InspectFailed", 'Failed to apply default image tag "NGINX": couldn\'t parse image reference '
            '"NGINX": invalid reference format: repository name (library/NGINX) must be lowercase') in upper
    assert ("Warning", "Failed", "Error: InvalidImageName") in upper and not any(e[1] == "Pulling" for e in upper)
    status = c.get("pods", "upper")["status"]["containerStatuses"][0]["state"]["waiting"]
    assert status["reason"] == "InvalidImageName" and status["message"].startswith("Failed to apply default image")
    pulled = [e for e in _events(c, "alpine-web") if e[1] == "Pulled"][0][2]
    assert pulled.startswith('Successfully pulled image "nginx:1.25-alpine" in ') and \
        pulled.endswith(f"Image size: {lookup('nginx:1.25-alpine').size} bytes.")
    logs = str(c.kubectl("logs alpine-web", echo=False))
    assert "[notice] 1#1: nginx/1.25.5" in logs


def test_kubectl_run_refuses_a_reference_outside_the_grammar():
    from k8scourse import Cluster
    c = Cluster(nodes=1, seed=0)
    r = c.kubectl("run web --image=NGINX", echo=False)
    assert (str(r), r.exit_code) == ('error: Invalid image name "NGINX": invalid reference format\n', 1)
    assert c.api.peek("pods", "web", "default") is None
