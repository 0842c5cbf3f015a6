"""Record the tags of Docker Hub's official images into ``k8scourse/runtime/data/official-tags.txt.gz``.

Source: a clone of https://github.com/docker-library/official-images. Docker Hub builds every tag
of an official image (``docker.io/library/NAME``) from that repository's ``library/NAME`` file, so
the union of the tags those files ever listed (the whole git history: ``Tags:``/``SharedTags:``
lines, and the ``tag: git://…`` lines of the 2014–2015 format) is the set of tags that were ever
published; Docker Hub keeps old tags. Aliases (``latest``, ``stable``, ``1.25``, ``alpine`` …) are
resolved as of the last commit before the simulator's epoch (``k8scourse.defaults.EPOCH``).

Usage: ``python scripts/record_image_tags.py /path/to/official-images``. The output is a gzip file
(mtime 0, so reruns on the same commit give the same bytes) of sections::

    [nginx]
    @<TAB>latest=1.29.5 stable=1.28.2 …        alias -> the full version it pointed at, at the epoch
    =<TAB>latest mainline stable alpine …      tags that do not start with a digit
    ~<TAB>1 1.7.9 1.9.1 …                      versions published as bare tags
    -alpine<TAB>1.9.5 1.25 …                   versions published with that suffix (1.25-alpine)
"""

from __future__ import annotations

import collections
import gzip
import io
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "k8scourse" / "runtime" / "data" / "official-tags.txt.gz"
_OLD_LINE = re.compile(r"^\+([\w][\w.-]{0,127}):\s*(git://|https?://)")
_VERSION = re.compile(r"^(\d+(?:\.\d+)*)(.*)$")
# Field names of the RFC 2822 format whose values are URLs (not tags of the old "tag: url" format).
_FIELDS = frozenset({"GitRepo", "GitFetch", "GitCommit", "Directory", "File", "Maintainers", "Architectures",
                     "Constraints", "Builder"})


def git(repo: str, *args: str) -> str:
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True, text=True,
                          errors="replace").stdout


def all_tags(repo: str) -> dict[str, set]:
    """Every tag each library/NAME file ever listed."""
    proc = subprocess.Popen(["git", "-C", repo, "log", "-p", "--no-renames", "--format=@@commit %H",
                             "--", "library/"], stdout=subprocess.PIPE, text=True, errors="replace")
    tags: dict[str, set] = collections.defaultdict(set)
    name = None
    for line in proc.stdout:
        if line.startswith("+++ "):
            m = re.match(r"\+\+\+ b/library/(\S+)", line)
            name = m.group(1) if m else None
        elif name and (line.startswith("+Tags:") or line.startswith("+SharedTags:")):
            tags[name].update(t.strip() for t in line.split(":", 1)[1].split(",") if t.strip())
        elif name and not line.startswith("---"):
            m = _OLD_LINE.match(line)
            if m and m.group(1) not in _FIELDS:
                tags[name].add(m.group(1))
    proc.wait()
    return tags


def aliases(text: str) -> dict[str, str]:
    """alias tag -> the first (full version) tag of its entry, in one library file."""
    out: dict[str, str] = {}
    for entry in re.split(r"\n\s*\n", text):
        listed = []
        for line in entry.splitlines():
            if line.startswith(("Tags:", "SharedTags:")):
                listed += [t.strip() for t in line.split(":", 1)[1].split(",") if t.strip()]
        if not listed:
            continue
        full = next((t for t in listed if t[:1].isdigit()), listed[0])
        version = _VERSION.match(full)
        for t in listed:
            if t != full:
                out.setdefault(t, version.group(1) if version else full)
    return out


def _vkey(v: str):
    return [int(x) for x in v.split(".")]


def render(tags: dict[str, set], alias_at: dict[str, dict], header: list[str]) -> str:
    lines = [f"# {h}" for h in header]
    for name in sorted(tags):
        groups: dict[str, list] = collections.defaultdict(list)
        words = []
        for tag in tags[name]:
            m = _VERSION.match(tag)
            if m:
                groups[m.group(2)].append(m.group(1))
            else:
                words.append(tag)
        lines.append(f"[{name}]")
        alias = alias_at.get(name) or {}
        if alias:
            lines.append("@\t" + " ".join(f"{k}={v}" for k, v in sorted(alias.items())))
        if words:
            lines.append("=\t" + " ".join(sorted(words)))
        for suffix in sorted(groups):
            lines.append(f"{suffix or '~'}\t" + " ".join(sorted(set(groups[suffix]), key=_vkey)))
    return "\n".join(lines) + "\n"


def main(repo: str) -> None:
    sys.path.insert(0, str(ROOT))
    from k8scourse.defaults import EPOCH
    head = git(repo, "log", "-1", "--format=%H %cI").split()
    at = git(repo, "rev-list", "-1", f"--before={EPOCH}", "HEAD").strip()
    at_date = git(repo, "log", "-1", "--format=%cI", at).strip()
    tags = all_tags(repo)
    alias_at = {}
    for name in git(repo, "ls-tree", "--name-only", at, "library/").split():
        alias_at[name.split("/", 1)[1]] = aliases(git(repo, "show", f"{at}:{name}"))
    header = ["Tags of Docker Hub's official images (docker.io/library/NAME), recorded by scripts/record_image_tags.py",
              "from https://github.com/docker-library/official-images: every tag its library/NAME files listed",
              f"in the history up to commit {head[0]} ({head[1]}); aliases as of commit {at} ({at_date}),",
              f"the last one before the simulator's epoch {EPOCH}."]
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as gz:
        gz.write(render(tags, alias_at, header).encode())
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(buf.getvalue())
    print(f"{OUT}: {len(tags)} repositories, {sum(len(v) for v in tags.values())} tags, {len(buf.getvalue())} bytes")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "official-images")
