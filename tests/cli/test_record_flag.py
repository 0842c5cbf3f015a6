"""``--record`` over several commands: the change cause reaches ``rollout history``.

Single commands are compared with the real kubectl in the recorded ``record-flag/`` cases; these
sequences were run against the real kubectl 1.32 on the served cluster (the same outputs) and check
what a learner sees afterwards: the cause kubectl rebuilds from the command line, copied by the
Deployment controller onto the ReplicaSet of the revision — and kubectl 1.32's quirk that
``scale --record --dry-run=server`` still records (its recording patch is sent without the dry run).
"""

from __future__ import annotations

import shlex

from verb_cases import with_app

WARNING = "Flag --record has been deprecated, --record will be removed in the future\n"


def kubectl(cluster, command: str):
    return cluster.kubectl(shlex.split(command), echo=False)


def history(cluster) -> str:
    cluster.run(seconds=10)
    return kubectl(cluster, "rollout history deploy/web").stdout


def test_set_image_with_record_names_the_revision_and_a_dry_run_scale_overwrites_it():
    c = with_app()
    done = kubectl(c, "set image deploy/web nginx=nginx:1.27 --record")
    assert (done.stdout, done.stderr, done.exit_code) == ("deployment.apps/web image updated\n", WARNING, 0)
    assert history(c) == ("deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n"
                          "2         kubectl set image deploy/web nginx=nginx:1.27 --record=true\n\n")
    replicas = kubectl(c, "get deploy web -o jsonpath={.spec.replicas}").stdout
    assert kubectl(c, "scale deploy/web --replicas=5 --record --dry-run=server").stdout == \
        "deployment.apps/web scaled (server dry run)\n"
    assert kubectl(c, "get deploy web -o jsonpath={.spec.replicas}").stdout == replicas
    assert history(c).endswith("2         kubectl scale deploy/web --replicas=5 --record=true --dry-run=server\n\n")


def test_a_repeated_label_with_record_changes_nothing_the_second_time():
    c = with_app()
    first = kubectl(c, "label cm app a=b --record")
    revision = c.store.revision
    second = kubectl(c, "label cm app a=b --record")
    assert (first.stdout, second.stdout) == ("configmap/app labeled\n", "configmap/app not labeled\n")
    assert c.store.revision == revision
    cause = kubectl(c, "get cm app -o 'jsonpath={.metadata.annotations.kubernetes\\.io/change-cause}'").stdout
    assert cause == "kubectl label cm app a=b --record=true"


def test_patch_records_after_its_own_patch_and_still_says_no_change():
    c = with_app()
    done = kubectl(c, "patch cm app -p {} --record")
    assert done.stdout == "configmap/app patched (no change)\n"
    cause = kubectl(c, "get cm app -o 'jsonpath={.metadata.annotations.kubernetes\\.io/change-cause}'").stdout
    assert cause == "kubectl patch cm app --patch={} --record=true"


def test_edit_records_after_save_config_made_the_last_applied_configuration(monkeypatch, tmp_path):
    monkeypatch.setenv("KUBE_EDITOR", "sed -i 's/replicas: 2/replicas: 3/'")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    c = with_app()
    assert kubectl(c, "edit deploy/web --record --save-config").stdout == "deployment.apps/web edited\n"
    web = c.get("deployments", "web")
    annotations = web["metadata"]["annotations"]
    assert annotations["kubernetes.io/change-cause"] == "kubectl edit deploy/web --record=true --save-config=true"
    assert "change-cause" not in annotations["kubectl.kubernetes.io/last-applied-configuration"]
    assert web["spec"]["replicas"] == 3
