"""kubectl cp, debug and port-forward through ``Cluster.kubectl``: what the real kubectl cannot be
recorded doing against the simulator (its cp runs tar in the container; port-forward holds a tunnel)."""

from __future__ import annotations

import pytest

from k8scourse import Cluster


@pytest.fixture
def box(tmp_path):
    c = Cluster(nodes=1, seed=0)
    c._kubectl.cwd = str(tmp_path)
    c.kubectl("run box --image=busybox -- sleep 3600", echo=False)
    c.kubectl("create deployment web --image=nginx --port=80", echo=False)
    c.kubectl("expose deployment web --port=8080 --target-port=80", echo=False)
    c.run(seconds=60)
    return c


def test_cp_into_and_out_of_a_container(box, tmp_path):
    (tmp_path / "note.txt").write_text("hello\n")
    r = box.kubectl("cp note.txt box:/tmp/note.txt", echo=False)
    assert (r.stdout, r.stderr, r.exit_code) == ("", "", 0)
    assert box.kubectl("exec box -- cat /tmp/note.txt", echo=False).stdout == "hello\n"
    box.kubectl(["exec", "box", "--", "sh", "-c", "mkdir -p /data/sub && echo a > /data/a && echo b > /data/sub/b"],
                echo=False)
    assert box.kubectl("cp box:/data out", echo=False).exit_code == 0
    assert (tmp_path / "out" / "a").read_text() == "a\n" and (tmp_path / "out" / "sub" / "b").read_text() == "b\n"
    assert box.kubectl("cp box:/tmp/note.txt back.txt", echo=False).exit_code == 0
    assert (tmp_path / "back.txt").read_text() == "hello\n"
    missing = box.kubectl("cp box:/nope x.txt", echo=False)
    assert missing.exit_code == 1 and "No such file or directory" in missing.stderr


def test_debug_says_what_is_not_modelled(box):
    r = box.kubectl("debug box -it --image=busybox --profile=general", echo=False)
    assert r.exit_code == 1 and "not modelled" in r.stderr and "kubectl exec box" in r.stderr
    node = box.list("nodes")[0]["metadata"]["name"]
    r = box.kubectl(f"debug node/{node} -it --image=busybox --profile=general", echo=False)
    assert r.exit_code == 1 and "not modelled" in r.stderr


def test_port_forward_resolves_then_says_it_binds_nothing(box):
    r = box.kubectl("port-forward svc/web 9000:8080", echo=False)
    assert r.stdout == "Forwarding from 127.0.0.1:9000 -> 80\nForwarding from [::1]:9000 -> 80\n"
    assert r.exit_code == 1 and "no local port is bound" in r.stderr
    assert box.kubectl("port-forward deploy/web 80", echo=False).stdout.startswith("Forwarding from 127.0.0.1:80 -> 80")


def test_help_lists_only_what_works():
    from k8scourse.cli.kubectl import _LATER, COMMANDS, _USAGE
    listed = [line.split()[0] for line in _USAGE.splitlines()
              if line.startswith("  ") and len(line.split()) > 1 and line.split()[0] != "kubectl"]
    assert listed and all(name in COMMANDS for name in listed)
    assert not set(_LATER) & set(COMMANDS)
