"""Golden-file tests: the printers against what real kubectl v1.32.4 printed (goldens 11, 13, 14,
15, 19 in ``tests/data/reference/kubectl-golden``), fed with the objects of ``state.yaml``.

The goldens list pods in the order of ``state.yaml`` (nginx, crash, memhog, huge). A real API
server lists in name order; the printers print whatever order they are given, so the tests pass
the pods in file order.
"""

from __future__ import annotations

import yaml

from k8scourse.cli.printers import (KUBECTL_GET, format_objects, print_jsonpath, tabwrite)

from reftables import KUBECTL_GOLDEN as GOLDEN


def golden(n: int) -> tuple[str, str, int]:
    """(command line, output, exit code) of golden file ``n``."""
    text = (GOLDEN / f"{n:02d}.txt").read_text(encoding="utf-8")
    command, _, rest = text.partition("\n")
    out, _, code = rest.rpartition("[exit ")
    return command.removeprefix("$ "), out, int(code.strip().rstrip("]"))


def state_objects() -> list[dict]:
    with open(GOLDEN / "state.yaml", encoding="utf-8") as fh:
        return [d for d in yaml.safe_load_all(fh) if d]


def of_kind(kind: str) -> list[dict]:
    return [o for o in state_objects() if o.get("kind") == kind]


def get(kind: str, name: str) -> dict:
    return next(o for o in of_kind(kind) if o["metadata"]["name"] == name)


def test_golden_files_parse():
    command, out, code = golden(13)
    assert command == "kubectl get pods -o name" and code == 0 and out.endswith("\n")


def test_golden_13_output_name():
    _, expected, code = golden(13)
    pods = of_kind("Pod")
    assert [p["metadata"]["name"] for p in pods] == ["nginx", "crash", "memhog", "huge"]
    assert format_objects(pods, "name") == expected and code == 0


def test_golden_14_custom_columns():
    command, expected, _ = golden(14)
    output = command.split(" -o ", 1)[1]
    assert output == "custom-columns=NAME:.metadata.name,NODE:.spec.nodeName"
    assert format_objects(of_kind("Pod"), output) == expected


def test_golden_15_jsonpath_scalar_no_newline():
    command, expected, _ = golden(15)
    template = command.split("-o jsonpath=", 1)[1]
    assert expected == "10.244.0.12"          # no trailing newline
    assert print_jsonpath(get("Pod", "nginx"), template) == expected
    assert format_objects([get("Pod", "nginx")], "jsonpath=" + template, single_item=True) == expected


def test_golden_19_jsonpath_map_as_json():
    command, expected, _ = golden(19)
    template = command.split("-o jsonpath=", 1)[1]
    assert template == "{.spec.strategy}"
    assert format_objects([get("Deployment", "web")], "jsonpath=" + template, single_item=True) == expected


def _top_lines(rows, header):
    return "".join("\t".join(r) + "\t\n" for r in [header] + rows)


def test_golden_11_12_top_alignment_with_trailing_tab():
    """``kubectl top`` ends every line with a tab: the last column is padded too."""
    _, expected, _ = golden(11)
    text = _top_lines([["aks-nodepool1-12345678-vmss000000", "183m", "9%", "1534Mi", "33%"],
                       ["aks-nodepool1-12345678-vmss000001", "97m", "5%", "1290Mi", "28%"]],
                      ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"])
    assert tabwrite(text, **KUBECTL_GET) == expected
    _, expected, _ = golden(12)
    text = _top_lines([["crash", "0m", "0Mi"], ["memhog", "1m", "98Mi"], ["nginx", "0m", "3Mi"]],
                      ["NAME", "CPU(cores)", "MEMORY(bytes)"])
    assert tabwrite(text, **KUBECTL_GET) == expected
