"""Containers vs VMs: packing algorithms, density, consolidation."""

from __future__ import annotations

from k8scourse.cloud.hosts import (ADOPTION, App, best_fit, compare, consolidate, first_fit_decreasing, pack,
                                   sample_apps, sample_estate)


def test_ffd_beats_best_fit_in_arrival_order_on_a_known_set():
    apps = [App(f"a{i}", cpu, 1) for i, cpu in enumerate([2, 5, 4, 7, 1, 3, 8])]
    ffd = first_fit_decreasing(apps, (10, 100))
    bf = best_fit(apps, (10, 100))
    assert [[a.cpu for a in b] for b in ffd] == [[8, 2], [7, 3], [5, 4, 1]]
    assert [[a.cpu for a in b] for b in bf] == [[2, 5, 1], [4], [7, 3], [8]]
    assert len(best_fit(apps, (10, 100), decreasing=True)) == 3


def test_containers_need_fewer_hosts_than_vms():
    frame = compare(sample_apps(2)).set_index("mode")
    assert list(frame["hosts_used"]) == [4, 3, 3]
    assert frame.loc["container", "density"] > frame.loc["vm", "density"]
    assert frame.loc["container", "monthly_cost_usd"] < frame.loc["vm", "monthly_cost_usd"]
    assert frame.loc["vm", "start_time_s"] > frame.loc["hyperv", "start_time_s"] > frame.loc["container", "start_time_s"]
    assert frame.loc["hyperv", "overhead_memory_gb"] > frame.loc["container", "overhead_memory_gb"]
    per_host = pack(sample_apps(2), mode="container")
    assert per_host["n_apps"].sum() == 24 and (per_host["cpu_util"] <= 1).all()
    assert ADOPTION["containers_per_host"] == 7 and "survey" in ADOPTION["source"].lower()


def test_consolidation_decommissions_the_expected_vms():
    before, after, gone = consolidate(sample_estate())
    assert len(before) == 12 and before["cpu_util"].max() < 0.5
    kept = after[after["status"] == "kept"]["vm"].tolist()
    assert kept == ["vm-billing", "vm-search"]
    assert gone == [v for v in before["vm"] if v not in kept]
    assert after["n_apps"].sum() == 12
    assert round(before["monthly_cost_usd"].sum(), 2) == 1471.68
    assert after["monthly_cost_usd"].sum() == 560.64
