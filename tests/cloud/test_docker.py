"""docker: build (classic log), tag, push to ACR (login needed), images, run, ps, pull."""

from __future__ import annotations

import re

import pytest

from k8scourse.cloud import Azure
from k8scourse.cloud.acr import find_registry
from k8scourse.cloud.docker import Docker
from k8scourse.cloud.http import curl


@pytest.fixture
def env():
    az = Azure(seed=0)
    az("group create -n rg -l eastus", echo=False)
    az("acr create -g rg -n k8scourseacr --sku Basic", echo=False)
    az.files["app/Dockerfile"] = ("FROM nginx\nCOPY index.html /usr/share/nginx/html/\nRUN echo building\n"
                                  "EXPOSE 80\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n")
    az.files["app/index.html"] = "<h1>My app</h1>\n"
    return az, Docker(az)


def test_private_registry_build_push_list(env):
    az, docker = env
    r = docker("build -t myapp:v1 app", echo=False)
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert lines[0].startswith("Sending build context to Docker daemon  ")
    assert lines[1] == "Step 1/5 : FROM nginx"
    assert "Step 3/5 : RUN echo building" in lines and "building" in lines
    assert re.fullmatch(r"Successfully built [0-9a-f]{12}", lines[-2]) and lines[-1] == "Successfully tagged myapp:v1"
    assert docker("build -t myapp:v1 app", echo=False).count(" ---> Using cache") == 4
    assert docker("tag myapp:v1 k8scourseacr.azurecr.io/myapp:v1", echo=False) == ""
    r = docker("push k8scourseacr.azurecr.io/myapp:v1", echo=False)
    assert r.exit_code == 1 and r.stderr == ("unauthorized: authentication required, visit "
                                             "https://aka.ms/acr/authorization for more information.\n")
    assert r.stdout.startswith("The push refers to repository [k8scourseacr.azurecr.io/myapp]\n")
    az("acr login -n k8scourseacr", echo=False)
    r = docker("push k8scourseacr.azurecr.io/myapp:v1", echo=False)
    assert r.exit_code == 0
    assert re.search(r"\nv1: digest: sha256:[0-9a-f]{64} size: \d+\n$", r.stdout)
    assert r.stdout.count(": Pushed\n") == 9
    assert az("acr repository list -n k8scourseacr -o tsv", echo=False) == "myapp\n"
    images = docker("images", echo=False).splitlines()
    assert images[0].split() == ["REPOSITORY", "TAG", "IMAGE", "ID", "CREATED", "SIZE"]
    assert images[0].index("TAG") == len("k8scourseacr.azurecr.io/myapp") + 3      # tabwriter padding 3
    assert images[1].split()[:2] == ["k8scourseacr.azurecr.io/myapp", "v1"]
    reg = find_registry(az.subscription, "k8scourseacr")
    assert reg.image_size("myapp", "v1") > 70_000_000
    # a second image on the same base only sends its own layer
    docker("tag nginx k8scourseacr.azurecr.io/nginx:latest", echo=False)
    assert docker("push k8scourseacr.azurecr.io/nginx", echo=False).count("Layer already exists") == 7


def test_run_ps_logs_curl(env):
    az, docker = env
    docker("build -t myapp:v1 app", echo=False)
    cid = docker("run -d -p 8080:80 --name web myapp:v1", echo=False).strip()
    assert re.fullmatch(r"[0-9a-f]{64}", cid)
    assert curl(az, "localhost:8080", echo=False) == "<h1>My app</h1>\n"
    r = docker("run --rm busybox echo hello world", echo=False)
    assert r.stdout == "hello world\n" and "Unable to find image 'busybox:latest' locally" in r.stderr
    ps = docker("ps", echo=False).splitlines()
    assert ps[0].split() == ["CONTAINER", "ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]
    assert len(ps) == 2 and "0.0.0.0:8080->80/tcp" in ps[1] and ps[1].endswith("web")
    assert "[notice] 1#1: start worker processes" in docker("logs web", echo=False)
    assert docker("rm web", echo=False).exit_code == 1
    docker("stop web", echo=False)
    assert "Exited (0)" in docker("ps -a", echo=False)


def test_errors(env):
    az, docker = env
    assert docker("tag nope:v1 x:v1", echo=False).stderr == "Error response from daemon: No such image: nope:v1\n"
    assert docker("push k8scourseacr.azurecr.io/nope:v1", echo=False).stderr == \
        "An image does not exist locally with the tag: k8scourseacr.azurecr.io/nope\n"
    r = docker("pull nosuchimage", echo=False)
    assert r.exit_code == 1 and "pull access denied for nosuchimage" in r.stderr
    az.files["bad/Dockerfile"] = "FROM busybox\nCOPY missing.txt /\n"
    r = docker("build -t bad bad", echo=False)
    assert r.exit_code == 1 and r.stderr == ("COPY failed: file not found in build context or excluded by "
                                             ".dockerignore: stat missing.txt: file does not exist\n")
    assert docker("frobnicate", echo=False).exit_code == 1
