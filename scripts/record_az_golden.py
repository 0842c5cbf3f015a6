"""Record what the real Azure CLI prints for each line of ``tests/data/az-golden/commands.txt``.

    python3 -m venv /tmp/azcli && /tmp/azcli/bin/pip install azure-cli==2.91.0
    python3 scripts/record_az_golden.py /tmp/azcli/bin/az [FIRST [LAST]]

Line N of ``commands.txt`` (an ``az`` command line without the leading ``az``) becomes
``NNN.txt``: the command line as ``$ az …``, what the CLI printed on stdout, then on stderr, then
``[exit N]`` — the format of the shared az golden folder. Every command runs with its own
throwaway home directory (no login, no configuration; shown as ``/home/student`` in the files), so
offline the CLI answers argument errors, validators and ``Please run 'az login' to setup account.``
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parents[1] / "tests" / "data" / "az-golden"
SHOWN_HOME = "/home/student"


def record(az: str, line: str, base_home: Path) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "h"
        shutil.copytree(base_home, home)
        env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
               "AZURE_CORE_COLLECT_TELEMETRY": "false"}
        proc = subprocess.run([az, *shlex.split(line)], capture_output=True, text=True, env=env, timeout=300,
                              stdin=subprocess.DEVNULL, cwd=tmp)
        text = f"$ az {line}\n{proc.stdout}{proc.stderr}[exit {proc.returncode}]\n"
        return text.replace(str(home), SHOWN_HOME)


def main() -> None:
    az = sys.argv[1]
    first = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    last = int(sys.argv[3]) if len(sys.argv) > 3 else 10 ** 6
    lines = (HERE / "commands.txt").read_text(encoding="utf-8").splitlines()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        base.mkdir()
        # One run builds the CLI's command index, so that the recorded runs start from the same state.
        subprocess.run([az, "version"], capture_output=True, env={"HOME": str(base), "PATH": os.environ["PATH"],
                                                                    "AZURE_CORE_COLLECT_TELEMETRY": "false"})
        for n, line in enumerate(lines, start=1):
            if not first <= n <= last or not line.strip():
                continue
            (HERE / f"{n:03d}.txt").write_text(record(az, line, base), encoding="utf-8")
            print(f"{n:03d} {line}", flush=True)
    (HERE / "AZ_VERSION").write_text(subprocess.run([az, "version"], capture_output=True, text=True, env={
        "HOME": tempfile.mkdtemp(), "PATH": os.environ["PATH"]}).stdout, encoding="utf-8")


if __name__ == "__main__":
    main()
