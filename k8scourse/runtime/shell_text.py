r"""The shell's text filters: ``sed sort uniq cut tr basename dirname``.

``sed`` runs the scripts people write in containers: ``s/RE/REPL/[gIp]`` (any delimiter, ``&``
and ``\1`` in the replacement, ``-E``/``-r`` for extended expressions), ``p``, ``d``, ``q``,
addresses (a line number, ``$``, ``/RE/``), ``-n``, several ``-e``, and ``-i`` to edit a file in
place (``sed -i 's/80/8080/' /etc/nginx/conf.d/default.conf``). The others take their usual
flags: ``sort -r -n -u``, ``uniq -c -d``, ``cut -d: -f1,3`` / ``-c1-5``, ``tr a-z A-Z`` / ``-d``.

Errors read as BusyBox words them in BusyBox images (``sed: /x: No such file or directory``,
``sed: unmatched '/'``) and as GNU sed does elsewhere (``sed: can't read /x: No such file or
directory``, exit 2).

>>> from k8scourse.runtime.shell import Shell
>>> sh = Shell(); sh.stdin = ["hello", "world"]
>>> list(sh.c_sed(["s/o/0/g"])), list(sh.c_tr(["a-z", "A-Z"]))
([('out', 'hell0'), ('out', 'w0rld')], [('out', 'HELLO'), ('out', 'WORLD')])
"""

from __future__ import annotations

import re


def _bre_to_python(expr: str, extended: bool) -> str:
    """A POSIX basic (or extended) regular expression in Python's syntax."""
    if extended:
        return expr
    out, i = [], 0
    while i < len(expr):
        c = expr[i]
        if c == "\\" and i + 1 < len(expr):
            nxt = expr[i + 1]
            out.append(nxt if nxt in "(){}|+?" else "\\" + nxt)
            i += 2
            continue
        out.append("\\" + c if c in "(){}|+?" else c)
        i += 1
    return "".join(out)


def _split_script(script: str):
    """sed script -> [(address, command, argument)]; ValueError with sed's complaint."""
    cmds, i, n = [], 0, len(script)
    while i < n:
        while i < n and script[i] in " \t\n;":
            i += 1
        if i >= n:
            break
        addr = ""
        if script[i] == "$":
            addr, i = "$", i + 1
        elif script[i].isdigit():
            j = i
            while j < n and script[j].isdigit():
                j += 1
            addr, i = script[i:j], j
        elif script[i] == "/":
            j = i + 1
            while j < n and script[j] != "/":
                j += 2 if script[j] == "\\" else 1
            if j >= n:
                raise ValueError("unmatched '/'")
            addr, i = script[i:j + 1], j + 1
        while i < n and script[i] == " ":
            i += 1
        if i >= n:
            raise ValueError("missing command")
        cmd, i = script[i], i + 1
        arg = ""
        if cmd == "s":
            if i >= n:
                raise ValueError("unterminated `s' command")
            delim, j, seen = script[i], i + 1, 0
            while j < n and seen < 2:
                if script[j] == "\\":
                    j += 2
                    continue
                seen += script[j] == delim
                j += 1
            if seen < 2:
                raise ValueError(f"unmatched '{delim}'")
            while j < n and script[j] not in ";\n}":
                j += 1
            arg, i = script[i:j], j
        cmds.append((addr, cmd, arg))
    return cmds


def _parse_subst(arg: str, extended: bool):
    if not arg:
        raise ValueError("unterminated `s' command")
    delim = arg[0]
    pieces, cur, i = [], [], 1
    while i < len(arg):
        c = arg[i]
        if c == "\\" and i + 1 < len(arg) and arg[i + 1] == delim:
            cur.append(delim)
            i += 2
            continue
        if c == "\\" and i + 1 < len(arg):
            cur.append(arg[i:i + 2])
            i += 2
            continue
        if c == delim:
            pieces.append("".join(cur))
            cur = []
            i += 1
            if len(pieces) == 2:
                break
            continue
        cur.append(c)
        i += 1
    if len(pieces) < 2:
        raise ValueError(f"unmatched '{delim}'")
    flags = arg[i:]
    pattern = re.compile(_bre_to_python(pieces[0], extended), re.I if "I" in flags or "i" in flags else 0)
    repl = re.sub(r"\\(\d)", r"\\g<\1>", pieces[1].replace("\\&", "\0")).replace("&", r"\g<0>").replace("\0", "&")
    return pattern, repl, flags


class TextCommands:
    """Text filters of :class:`~k8scourse.runtime.shell.Shell` (see the module docstring)."""

    def c_sed(self, args):
        quiet, in_place, extended, scripts, paths = False, False, False, [], []
        i = 0
        while i < len(args):
            a = args[i]
            i += 1
            if a in ("-n", "--quiet", "--silent"):
                quiet = True
            elif a.startswith("-i"):
                in_place = True
            elif a in ("-E", "-r", "--regexp-extended"):
                extended = True
            elif a == "-e" and i < len(args):
                scripts.append(args[i])
                i += 1
            elif a.startswith("-") and len(a) > 1:
                quiet |= "n" in a
                extended |= "E" in a or "r" in a
                in_place |= "i" in a
            elif not scripts and not paths:
                scripts.append(a)
            else:
                paths.append(a)
        busybox = self.userland in ("busybox", "alpine")
        try:
            program = []
            for script in scripts:
                for addr, cmd, arg in _split_script(script):
                    if cmd == "s":
                        program.append((addr, cmd, _parse_subst(arg, extended)))
                    elif cmd in "pdq=":
                        program.append((addr, cmd, None))
                    else:
                        raise ValueError(f"unsupported command {cmd}")
        except (ValueError, re.error) as exc:
            yield self.err(f"sed: {exc}" if busybox else f"sed: -e expression #1, char {len(scripts[0]) if scripts else 0}: "
                           f"{exc}")
            return 1
        if not program and not scripts:
            yield self.err("Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]..." if not busybox
                           else "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.")
            return 1 if busybox else 4
        sources = [(p, None) for p in paths] if paths else [(None, list(self.stdin or []))]
        status = 0
        for path, lines in sources:
            if path is not None:
                yield from self._sync([path])
                text = self._read(path)
                if text is None:
                    yield self.err(f"sed: {path}: No such file or directory" if busybox
                                   else f"sed: can't read {path}: No such file or directory")
                    status = 1 if busybox else 2
                    continue
                lines = text.splitlines()
            out = list(self._sed_lines(program, lines, quiet))
            if in_place and path is not None:
                why = self._write_denied(path)
                if why:
                    yield self.err(f"sed: couldn't open temporary file {path.rsplit('/', 1)[0] or ''}/sed"
                                   f"XXXXXX: {why}" if not busybox else f"sed: can't create temp file '{path}.XXXXXX': "
                                   f"{why}")
                    status = 4 if not busybox else 1
                    continue
                yield ("fs", path, "".join(line + "\n" for line in out), False)
            else:
                for line in out:
                    yield ("out", line)
        return status

    @staticmethod
    def _sed_lines(program, lines, quiet):
        last = len(lines)
        for n, line in enumerate(lines, 1):
            deleted = False
            for addr, cmd, arg in program:
                if addr:
                    if addr == "$":
                        hit = n == last
                    elif addr.isdigit():
                        hit = n == int(addr)
                    else:
                        hit = re.search(_bre_to_python(addr[1:-1], False), line) is not None
                    if not hit:
                        continue
                if cmd == "s":
                    pattern, repl, flags = arg
                    new, count = pattern.subn(repl, line, count=0 if "g" in flags else 1)
                    line = new
                    if count and "p" in flags:
                        yield line
                elif cmd == "p":
                    yield line
                elif cmd == "d":
                    deleted = True
                    break
                elif cmd == "=":
                    yield str(n)
                elif cmd == "q":
                    if not quiet:
                        yield line
                    return
            if not deleted and not quiet:
                yield line

    def c_sort(self, args):
        flags = "".join(a[1:] for a in args if a.startswith("-"))
        lines, status = yield from self._lines_of(self._paths(args), "sort")
        key = (lambda s: (float(re.match(r"\s*(-?\d+(?:\.\d+)?)?", s).group(1) or 0), s)) if "n" in flags else None
        lines = sorted(lines, key=key, reverse="r" in flags)
        if "u" in flags:
            lines = list(dict.fromkeys(lines))
        for line in lines:
            yield ("out", line)
        return status

    def c_uniq(self, args):
        flags = "".join(a[1:] for a in args if a.startswith("-"))
        lines, status = yield from self._lines_of(self._paths(args)[:1], "uniq")
        groups: list[list] = []
        for line in lines:
            if groups and groups[-1][0] == line:
                groups[-1][1] += 1
            else:
                groups.append([line, 1])
        for line, count in groups:
            if "d" in flags and count < 2 or "u" in flags and count > 1:
                continue
            yield ("out", f"{count:>7} {line}" if "c" in flags else line)
        return status

    def c_cut(self, args):
        delim, fields, chars, paths = "\t", None, None, []
        i = 0
        while i < len(args):
            a = args[i]
            i += 1
            for opt in ("-d", "-f", "-c"):
                if a.startswith(opt):
                    value = a[2:] or (args[i] if i < len(args) else "")
                    i += 0 if a[2:] else 1
                    if opt == "-d":
                        delim = value[:1]
                    elif opt == "-f":
                        fields = value
                    else:
                        chars = value
                    break
            else:
                paths.append(a)
        if fields is None and chars is None:
            yield self.err("cut: you must specify a list of bytes, characters, or fields")
            return 1
        lines, status = yield from self._lines_of(paths, "cut")
        spec = fields if fields is not None else chars
        wanted = []
        for part in spec.split(","):
            lo, _, hi = part.partition("-")
            start = int(lo) if lo else 1
            end = (int(hi) if hi else 10 ** 6) if "-" in part else start
            wanted.append((start, end))
        for line in lines:
            items = line.split(delim) if fields is not None else list(line)
            if fields is not None and delim not in line:
                yield ("out", line)
                continue
            picked = [x for n, x in enumerate(items, 1) if any(lo <= n <= hi for lo, hi in wanted)]
            yield ("out", (delim if fields is not None else "").join(picked))
        return status

    @staticmethod
    def _tr_set(spec: str) -> str:
        spec = spec.replace("[:lower:]", "a-z").replace("[:upper:]", "A-Z").replace("[:digit:]", "0-9")
        spec = spec.replace("[:space:]", " \t\n").replace("\\n", "\n").replace("\\t", "\t")
        out, i = [], 0
        while i < len(spec):
            if i + 2 < len(spec) and spec[i + 1] == "-":
                out.extend(chr(c) for c in range(ord(spec[i]), ord(spec[i + 2]) + 1))
                i += 3
            else:
                out.append(spec[i])
                i += 1
        return "".join(out)

    def c_tr(self, args):
        delete = "-d" in args
        sets = [self._tr_set(a) for a in args if not a.startswith("-")]
        text = "".join(line + "\n" for line in self.stdin or [])
        if delete and sets:
            text = "".join(c for c in text if c not in sets[0])
        elif len(sets) >= 2:
            src, dst = sets[0], sets[1]
            dst = dst + dst[-1:] * (len(src) - len(dst))
            text = text.translate(str.maketrans(src, dst[:len(src)]))
        for line in text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"):
            yield ("out", line)
        return 0

    def c_basename(self, args):
        if not args:
            yield self.err("basename: missing operand")
            return 1
        name = args[0].rstrip("/").rsplit("/", 1)[-1] or "/"
        if len(args) > 1 and name.endswith(args[1]) and name != args[1]:
            name = name[:-len(args[1])]
        yield ("out", name)
        return 0

    def c_dirname(self, args):
        if not args:
            yield self.err("dirname: missing operand")
            return 1
        path = args[0].rstrip("/")
        yield ("out", path.rsplit("/", 1)[0] or "/" if "/" in path else ".")
        return 0
