"""The simulated Azure sits below its front ends and its packages have no import cycles."""

from __future__ import annotations

import grimp
import pytest


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("k8scourse")


def _cloud_models(graph) -> list[str]:
    return sorted(m for m in graph.modules if m.startswith("k8scourse.cloud.") or m == "k8scourse.cloud")


def test_the_azure_models_import_nothing_from_the_front_ends(graph):
    front_ends = ("k8scourse.cli", "k8scourse.widgets", "k8scourse.grading")
    offenders = [(m, i) for m in _cloud_models(graph) for i in graph.find_modules_directly_imported_by(m)
                 if any(i == f or i.startswith(f + ".") for f in front_ends)]
    assert offenders == []
    # the one way up: `from k8scourse.cloud import Azure` re-exports the handle lazily
    assert [(m, i) for m in _cloud_models(graph) for i in graph.find_modules_directly_imported_by(m)
            if i == "k8scourse.azure"] == [("k8scourse.cloud", "k8scourse.azure")]


@pytest.mark.parametrize("package", ["k8scourse.cloud.aks", "k8scourse.cloud.aci", "k8scourse.cloud.docker"])
def test_no_import_cycle_inside_the_package(graph, package):
    modules = sorted(m for m in graph.modules if m.startswith(package + "."))
    assert len(modules) >= 2
    for module in modules:
        for other in modules:
            if module != other and graph.chain_exists(importer=module, imported=other, as_packages=False):
                assert not graph.chain_exists(importer=other, imported=module, as_packages=False), (module, other)


def test_the_handle_keeps_its_public_import_path():
    from k8scourse.azure import Azure
    from k8scourse.cloud import Azure as ReExported
    assert ReExported is Azure
