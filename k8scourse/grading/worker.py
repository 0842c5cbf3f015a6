"""What runs inside the sandbox: execute one notebook headless and print what its kernel reported.

``python -m k8scourse.grading.worker NOTEBOOK --timeout S --memory-mb M`` runs in the private folder
the grader made (:mod:`.sandbox`), executes the notebook with nbclient (:mod:`.executor`) and prints
one JSON object between two marker lines: ``{"status", "detail", "report"}``. That text is all the
grader takes from the submission; it parses it with limits (:mod:`.job`) and treats it as data.

With the ``unshare`` sandbox the network namespace starts with its loopback interface down; the
kernel talks to nbclient over 127.0.0.1, so the worker brings it up first (bubblewrap does it itself).
"""

from __future__ import annotations

import argparse
import json
import sys

BEGIN = "----- k8scourse worker begin -----"
END = "----- k8scourse worker end -----"


def loopback_up() -> None:
    """Bring ``lo`` up in a fresh network namespace (best effort: already up, or not allowed)."""
    import fcntl
    import socket
    import struct
    SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            ifreq = struct.pack("16sH14x", b"lo", 0)
            flags = struct.unpack("16sH14x", fcntl.ioctl(s.fileno(), SIOCGIFFLAGS, ifreq))[1]
            if not flags & IFF_UP:
                fcntl.ioctl(s.fileno(), SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", flags | IFF_UP))
    except OSError:
        pass


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m k8scourse.grading.worker")
    p.add_argument("notebook")
    p.add_argument("--timeout", type=float, default=120)
    p.add_argument("--memory-mb", type=int, default=2048)
    args = p.parse_args(argv)
    loopback_up()
    from .executor import execute
    run = execute(args.notebook, timeout=args.timeout, memory_mb=args.memory_mb)
    sys.stdout.write(f"{BEGIN}\n{json.dumps({'status': run.status, 'detail': run.detail, 'report': run.report})}\n{END}\n")
    sys.stdout.flush()
    return 0


def parse(data: bytes) -> dict | None:
    """The worker's JSON from its output (None: no well-formed report). ``data`` is already bounded."""
    text = data.decode("utf-8", "replace")
    if BEGIN not in text or END not in text:
        return None
    body = text.rsplit(BEGIN, 1)[1].split(END, 1)[0].strip()
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, dict) or not isinstance(value.get("status"), str):
        return None
    return value


if __name__ == "__main__":
    sys.exit(main())
