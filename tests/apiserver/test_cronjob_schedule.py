"""CronJob schedules are parsed at create time (robfig/cron's ParseStandard, as the API server's
validateScheduleFormat does) and refused with its error text."""

from __future__ import annotations

import pytest

from k8scourse.cluster import Cluster


@pytest.fixture(scope="module")
def cluster():
    return Cluster(nodes=1, seed=9)


@pytest.mark.parametrize("schedule, detail", [
    ("* * * 99 *", "end of range (99) above maximum (12): 99"),
    ("61 * * * *", "end of range (61) above maximum (59): 61"),
    ("bogus", "expected exactly 5 fields, found 1: [bogus]"),
    ("0 0 * * * *", "expected exactly 5 fields, found 6: [0 0 * * * *]"),
    ("5-2 * * * *", "beginning of range (5) beyond end of range (2): 5-2"),
    ("*/0 * * * *", "step of range should be a positive number: */0"),
    ("a * * * *", 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax'),
    ("@bogus", "unrecognized descriptor: @bogus"),
    ("@every 5x", 'failed to parse duration @every 5x: time: invalid duration "5x"'),
    ("TZ=Asia/Seoul * * * * *", "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"),
])
def test_a_bad_schedule_is_refused_with_the_parser_text(cluster, schedule, detail):
    out = cluster.kubectl(["create", "cronjob", "cj", "--image=busybox", f"--schedule={schedule}"], echo=False)
    assert out.exit_code == 1
    # kubectl create cronjob wraps the server's refusal (checked against the real kubectl 1.32)
    assert out.stderr == (f'error: failed to create cronjob: CronJob.batch "cj" is invalid: spec.schedule: '
                          f'Invalid value: "{schedule}": {detail}\n')
    assert cluster.api.peek("cronjobs", "cj", "default") is None


def test_a_bad_zone_in_the_schedule_is_two_errors(cluster):
    out = cluster.kubectl(["create", "cronjob", "cj", "--image=busybox", "--schedule=TZ=No/Where * * * * *"],
                          echo=False)
    assert out.stderr == (
        'error: failed to create cronjob: CronJob.batch "cj" is invalid: [spec.schedule: Invalid value: '
        '"TZ=No/Where * * * * *": provided bad location No/Where: unknown time zone No/Where, spec.schedule: '
        'Invalid value: "TZ=No/Where * * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead]\n')


@pytest.mark.parametrize("schedule", ["*/5 * * * *", "@hourly", "@every 90s", "0 9-17 * * MON-FRI", "0 0 1 JAN ?"])
def test_good_schedules_are_accepted(cluster, schedule):
    out = cluster.kubectl(["create", "cronjob", "ok", "--image=busybox", f"--schedule={schedule}", "--dry-run=server"],
                          echo=False)
    assert out.exit_code == 0, out
