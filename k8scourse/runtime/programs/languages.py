"""Language runtimes as PID 1: perl's pi, python, node.

* :class:`Perl` — the Job example's ``perl -Mbignum=bpi -wle "print bpi(2000)"``: one busy core
  for 2 s + digits²/10⁶ s, then the digits of pi (computed exactly) and exit 0.
* :class:`Python` — ``python -m http.server [port]`` serves; ``python -c 'print(…)'`` prints the
  literal; other inline code is not run (a note says so) and exits 0; a script file that is not in
  the image fails as python does (exit 2); the REPL reads an empty stdin and exits 0.
* :class:`Node` — ``node`` (the image's CMD) is the REPL: an empty stdin, exit 0; ``node -e
  'console.log(…)'`` prints; ``node app.js`` with no such file fails as node does (exit 1);
  ``node -e "require('http').createServer(…).listen(PORT)"`` listens on PORT.

>>> p = Perl(started_ms=0, argv=["perl", "-Mbignum=bpi", "-wle", "print bpi(20)"])
>>> p.run_until(10**9); p.exit_ms, p.lines(10**9)[0][1]
(2000, '3.1415926535897932385')
>>> n = Node(started_ms=0, argv=["node", "server.js"]); n.run_until(10); n.exit_code, n.lines(10)[0][1]
(1, 'node:internal/modules/cjs/loader:1210')
"""

from __future__ import annotations

import re

from .base import MiB, Program


def pi_digits(n: int) -> str:
    """π to ``n`` significant digits, rounded (what ``bpi(n)`` prints).

    >>> pi_digits(10)
    '3.141592654'
    """
    n = max(1, n)
    guard = 10
    scale = 10 ** (n + guard)

    def arctan_inv(x: int) -> int:
        total, term, k, sign = 0, scale // x, 1, 1
        x2 = x * x
        while term:
            total += sign * (term // k)
            term //= x2
            k += 2
            sign = -sign
        return total

    pi = 4 * (4 * arctan_inv(5) - arctan_inv(239))       # Machin's formula, scaled by 10**(n+guard)
    digits = str(pi // 10 ** (guard + 1) + (1 if (pi // 10 ** guard) % 10 >= 5 else 0))
    return digits[0] + ("." + digits[1:] if n > 1 else "")


class Perl(Program):
    name = "perl"
    sigterm = None
    idle = (0.0, 6 * MiB)

    def steps(self):
        code = next((a for a in reversed(self.argv[1:]) if not a.startswith("-")), "")
        m = re.search(r"bpi\((\d+)\)", code)
        if m:
            n = int(m.group(1))
            yield ("cpu", 1000)
            yield ("mem", 18 * MiB)
            yield ("sleep", 2000 + n * n // 1000)
            yield ("out", pi_digits(n))
            yield ("exit", 0)
            return
        printed = re.findall(r'print\s+"([^"]*)"', code) + re.findall(r"print\s+'([^']*)'", code)
        if printed:
            for text in printed:
                for line in text.replace("\\n", "\n").rstrip("\n").split("\n"):
                    yield ("out", line)
            yield ("exit", 0)
            return
        if len(self.argv) == 1 or self.argv[1:] == ["-de0"]:
            yield ("out", "")
            yield ("out", "Loading DB routines from perl5db.pl version 1.77")
            yield ("exit", 0)
            return
        yield ("note", "perl code other than print/bpi is not run by the simulator")
        yield ("exit", 0)


class Python(Program):
    name = "python"
    sigterm = None
    idle = (0.0, 9 * MiB)

    def bind_error_steps(self, port, denied=False):
        return [("out", "Traceback (most recent call last):"),
                ("out", '  File "/usr/local/lib/python3.12/http/server.py", line 1314, in <module>'),
                ("out", "    test("),
                ("out", "PermissionError: [Errno 13] Permission denied" if denied else
                 "OSError: [Errno 98] Address already in use"), ("exit", 1)]

    def steps(self):
        args = self.argv[1:]
        if args[:2] == ["-m", "http.server"]:
            port = int(args[2]) if len(args) > 2 and args[2].isdigit() else 8000
            yield ("listen", port)
            yield ("out", f"Serving HTTP on 0.0.0.0 port {port} (http://0.0.0.0:{port}/) ...")
            yield ("forever",)
            return
        if not args or args[0] in ("-i", "-u") and len(args) == 1:
            yield ("exit", 0)            # the REPL reads an empty stdin and exits
            return
        if args[0] == "-c" and len(args) > 1:
            code = args[1]
            sleeps = re.findall(r"time\.sleep\((\d+(?:\.\d+)?)\)", code)
            for text in re.findall(r"print\((['\"])(.*?)\1\)", code):
                yield ("out", text[1])
            for s in sleeps:
                yield ("sleep", int(float(s) * 1000))
            if not re.fullmatch(r"\s*(import time;?\s*)?((print\(.*?\)|time\.sleep\(.*?\))\s*;?\s*)*", code):
                yield ("note", "python code other than print()/time.sleep() is not run by the simulator")
            yield ("exit", 0)
            return
        script = next((a for a in args if not a.startswith("-")), "")
        if script in self.files:
            yield ("note", f"python script {script} is not run by the simulator")
            yield ("exit", 0)
            return
        yield ("out", f"python3: can't open file '{script if script.startswith('/') else '/' + script}': "
                      f"[Errno 2] No such file or directory")
        yield ("exit", 2)


class Node(Program):
    """``node``: the REPL, ``-e CODE``, or a script file (the image has none of the learner's files).

    The missing-module error is what node v20.20.2 prints (recorded with the real node).
    """
    name = "node"
    sigterm = None              # node as PID 1 has no SIGTERM handler
    idle = (0.0, 40 * MiB)

    def bind_error_steps(self, port, denied=False):
        why = "EACCES: permission denied" if denied else "EADDRINUSE: address already in use"
        return [("out", "node:events:502"), ("out", "      throw er; // Unhandled 'error' event"),
                ("out", "      ^"), ("out", ""), ("out", f"Error: listen {why} :::{port}"), ("exit", 1)]

    def steps(self):
        args = self.argv[1:]
        if not args or args[0] in ("-i", "--interactive"):
            yield ("exit", 0)
            return
        if args[0] in ("-e", "--eval", "-p", "--print") and len(args) > 1:
            code = args[1]
            for text in re.findall(r"console\.log\((['\"`])(.*?)\1\)", code):
                yield ("out", text[1])
            listen = re.search(r"\.listen\((\d+)", code)
            if listen:
                yield ("listen", int(listen.group(1)))
                yield ("forever",)
                return
            yield ("exit", 0)
            return
        script = next((a for a in args if not a.startswith("-")), "")
        path = script if script.startswith("/") else "/" + script
        if path in self.files:
            yield ("note", f"node script {script} is not run by the simulator")
            yield ("forever",)
            return
        for line in ("node:internal/modules/cjs/loader:1210", "  throw err;", "  ^", "",
                     f"Error: Cannot find module '{path}'",
                     "    at Module._resolveFilename (node:internal/modules/cjs/loader:1207:15)",
                     "    at Module._load (node:internal/modules/cjs/loader:1038:27)",
                     "    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:164:12)",
                     "    at node:internal/main/run_main_module:28:49 {", "  code: 'MODULE_NOT_FOUND',",
                     "  requireStack: []", "}", "", "Node.js v20.20.2"):
            yield ("out", line)
        yield ("exit", 1)
