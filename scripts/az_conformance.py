"""How closely the simulated ``az`` answers like the real Azure CLI: counts over the recorded golden files.

    .venv/bin/python scripts/az_conformance.py [-v] [GOLDEN_DIR]

Each golden file (``tests/data/az-golden/NNN.txt``, recorded by ``scripts/record_az_golden.py``
with a throwaway home and no login) holds what the real CLI printed for one command line. The
command runs against a fresh simulated subscription (``Azure(seed=0)``) and is compared:

* **parsing** — the real CLI stopped at its argument parser (exit code 2): the simulator must print
  the same bytes with the same exit code. Counted: identical; same first line but different hints
  after it (examples, "Did you mean"); a different first line; a different exit code;
* **client checks** — the real CLI stopped in a check of its own before calling Azure (exit code 1
  without asking for a login): compared the same way;
* **past parsing** — the real CLI got as far as needing an account (``Please run 'az login'``):
  the simulator agrees when it also gets past its parser (no exit code 2) and printed the same
  warnings first.

The JSON golden files (``tests/data/az-golden/json/``, ``scripts/record_az_json.py``) hold how the
real CLI prints the results of a scenario's steps; the scenario runs again and each result is
compared: identical, or the keys the real CLI prints that the simulator leaves out (and those it
adds), at the top level and below.

``-v`` lists every file that differs with both outputs.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LOGIN = ("Please run 'az login'", 'Please run "az login"')


def read_golden(path: Path) -> tuple[str, str, int]:
    text = path.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    body, _, exit_line = rest.rstrip("\n").rpartition("\n")
    body = body + "\n" if body else ""
    return first[len("$ az "):], body, int(exit_line[len("[exit "):-1])


def category(body: str, exit_code: int) -> str:
    if any(phrase in body for phrase in LOGIN):
        return "past"
    return "parsing" if exit_code == 2 else "client"


def compare(line: str, body: str, exit_code: int):
    from k8scourse.cloud import Azure
    result = Azure(seed=0)(line, echo=False)
    got = str(result)
    kind = category(body, exit_code)
    if kind == "past":
        # warnings about the missing login are the logged-out CLI's own; the others must be there too
        warnings = [w for w in body.splitlines() if w.startswith("WARNING:") and "az login" not in w]
        ok = result.exit_code != 2 and all(w in got.splitlines() for w in warnings)
        return kind, "agree" if ok else "disagree", got, result.exit_code
    if (got, result.exit_code) == (body, exit_code):
        return kind, "identical", got, result.exit_code
    if result.exit_code != exit_code:
        return kind, "exit code differs", got, result.exit_code
    if got.split("\n", 1)[0] == body.split("\n", 1)[0]:
        return kind, "hints differ", got, result.exit_code
    return kind, "first line differs", got, result.exit_code


def _keys(value, path="") -> set[str]:
    found = set()
    if isinstance(value, dict):
        for k, v in value.items():
            found.add(f"{path}.{k}")
            found |= _keys(v, f"{path}.{k}")
    elif isinstance(value, list):
        for v in value:
            found |= _keys(v, f"{path}[]")
    return found


def json_report(folder: Path, verbose: bool) -> None:
    import json
    from k8scourse.cloud import Azure
    files = sorted((folder / "json").glob("*.json"))
    if not files:
        return
    az = Azure(seed=0)
    identical = 0
    for path in files:
        golden = json.loads(path.read_text(encoding="utf-8"))
        result = az(golden["command"], echo=False)
        try:
            got = json.loads(result.stdout)
        except ValueError:
            got = None
        if got == golden["output"]:
            identical += 1
            continue
        want, have = _keys(golden["output"]), _keys(got)
        def top(keys):                     # the keys of the result, or of each item of a list result
            return {k for k in keys if k.removeprefix("[]").count(".") == 1 and "[]" not in k.removeprefix("[]")}
        top_want, top_have = top(want), top(have)
        print(f"json {path.name}: top level lacks {len(top_want - top_have)} of {len(top_want)} keys, "
              f"adds {len(top_have - top_want)}; below: lacks {len((want - have) - top_want)}, "
              f"adds {len((have - want) - top_have)}")
        if verbose:
            print("   lacks:", sorted(want - have)[:40])
            print("   adds:", sorted(have - want)[:40])
    print(f"json: {len(files)} results — identical {identical}")


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    folder = Path(args[0]) if args else REPO / "tests" / "data" / "az-golden"
    counts: dict[tuple[str, str], int] = {}
    for path in sorted(folder.glob("[0-9][0-9][0-9].txt")):
        line, body, exit_code = read_golden(path)
        kind, verdict, got, got_code = compare(line, body, exit_code)
        counts[(kind, verdict)] = counts.get((kind, verdict), 0) + 1
        if verbose and verdict not in ("identical", "agree"):
            print(f"--- {path.name}: az {line}  [{kind}: {verdict}]\n{body}[exit {exit_code}]\n"
                  f"+++ simulator\n{got}[exit {got_code}]\n")
    for kind in ("parsing", "client", "past"):
        total = sum(n for (k, _), n in counts.items() if k == kind)
        parts = ", ".join(f"{v} {n}" for (k, v), n in sorted(counts.items()) if k == kind)
        print(f"{kind}: {total} commands — {parts}")
    json_report(folder, verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
