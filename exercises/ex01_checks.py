"""Python checks of exercise ex01 (the spec's ``type: python`` entries call these)."""

from k8scourse.cloud import hosts
from k8scourse.grading.checks import fail, ok


def vm_hosts(view, args):
    """The student's ``vm_hosts`` answer equals what the VM-per-app model needs (recomputed here)."""
    want = hosts.summary(hosts.sample_apps(int(args["copies"])), args["host"], "vm")["hosts_used"]
    answer = view.answers.get("vm_hosts")
    if isinstance(answer, int) and not isinstance(answer, bool) and answer == want:
        return ok("grading.object.ok", kind="answer", name="vm_hosts")
    return fail("grading.object.field", kind="answer", name="vm_hosts", path="value", actual=answer, expected="?")
