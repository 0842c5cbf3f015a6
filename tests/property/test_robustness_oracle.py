"""Issue 17's hostile inputs answered as the real tools answer them.

Byte-for-byte against the real kubectl (tests/data/robustness, see its README), plus the limits
whose words are upstream's: go-yaml's alias and depth limits, the API server's 3 MiB request limit,
``-R`` walking a tree as Go's ``filepath.Walk`` does (no symbolic links followed).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from k8scourse import Cluster

DATA = Path(__file__).resolve().parent.parent / "data" / "robustness"
RECORDS = json.loads((DATA / "real_kubectl.json").read_text())


@pytest.mark.parametrize("record", RECORDS, ids=[f"{i}-{' '.join(r['args'][:2])}" for i, r in enumerate(RECORDS)])
def test_the_real_kubectl_answer(record, tmp_path):
    (tmp_path / "nul.yaml").write_text("metadata:\n  labels:\n    a: \x00b\n")
    (tmp_path / "bad.yaml").write_text("a: [\n")
    c = Cluster(nodes=1, seed=1)
    before = c.store.revision
    args = [a.replace("{dir}", str(tmp_path)) for a in record["args"]]
    result = c.kubectl(args, stdin=record["stdin"], echo=False)
    assert (result.exit_code, str(result)) == (record["exit_code"], record["output"])
    if "--dry-run=client" in args or result.exit_code:
        assert c.store.revision == before


def test_a_self_referencing_alias_and_a_bomb_cost_nothing():
    c = Cluster(nodes=1, seed=1)
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefg", "bcdefgh"))
    out = c.kubectl(["apply", "-f", "-"], stdin=bomb, echo=False)
    assert out.stderr == "error: error parsing STDIN: error converting YAML to JSON: yaml: document contains " \
                         "excessive aliasing\n"


@pytest.mark.parametrize("verb", ["create", "apply"])
def test_a_body_over_3_mib_is_refused_by_the_api_server(verb):
    c = Cluster(nodes=1, seed=1)
    before = c.store.revision
    body = json.dumps({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "big"},
                       "data": {"a": "x" * (3 * 1024 * 1024)}})
    out = c.kubectl([verb, "-f", "-"], stdin=body, echo=False)
    action = "creating"
    assert out.exit_code == 1
    assert out.stderr == f'Error from server (RequestEntityTooLarge): error when {action} "STDIN": ' \
                         f'Request entity too large: limit is 3145728\n'
    assert c.store.revision == before


def test_recursive_walks_follow_no_symbolic_links(tmp_path):
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "loop").symlink_to(tree)                     # a loop: never followed
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "o.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: outside}\n")
    (tree / "elsewhere").symlink_to(outside)                     # a link out of the tree: not descended
    (tree / "sub" / "b.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n")
    (tree / "a.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
    (tree / "z.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: z}\n")
    c = Cluster(nodes=1, seed=1)
    out = c.kubectl(["apply", "-R", "-f", str(tree)], echo=False)
    # Walk's order: a.yaml, then sub/ (before z.yaml), then z.yaml
    assert out.stdout == "configmap/a created\nconfigmap/b created\nconfigmap/z created\n"
    assert c.kubectl(["get", "cm", "outside"], echo=False).exit_code == 1


def test_a_recursive_walk_stops_at_the_first_unreadable_directory(tmp_path, monkeypatch):
    """``kubectl describe -R -f /`` ends at /proc/1/fdinfo on a real machine: the same rule, on a tree
    with an unreadable directory (the walk's error names the path as typed, then Go's PathError).
    The directory is made unreadable by refusing to list it (chmod does not stop root)."""
    import errno
    tree = tmp_path / "tree"
    (tree / "a").mkdir(parents=True)
    (tree / "b").mkdir()
    (tree / "a" / "x.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")
    listdir = os.listdir

    def guarded(path):
        if str(path) == str(tree / "b"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return listdir(path)
    monkeypatch.setattr(os, "listdir", guarded)
    c = Cluster(nodes=1, seed=1)
    out = c.kubectl(["describe", "-R", "-f", str(tree)], echo=False)
    assert out.exit_code == 1
    assert out.stderr == f'error: error reading "{tree}": open {tree}/b: permission denied\n'
