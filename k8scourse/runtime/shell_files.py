"""The shell's file commands: ``cat ls touch rm mkdir tail head wc tee grep cp mv chmod chown``.

They read and write the shell's ``files``: a plain ``dict`` (path → text; the Dockerfile ``RUN``
steps, ``az container exec``) or a container's
:class:`~k8scourse.runtime.filesystem.ContainerFS` (its own layer plus the mounted volumes).
Reads use the mapping as is; writes are yielded as steps — ``("fs", path, text or None,
append)`` and ``("mkdir", path)`` — that the program running the shell applies at its simulated
time. Before reading a path in a shared, writable volume the shell yields ``("sync", [paths])``,
so the program does not read before the clock reaches that moment (what another container wrote
is then visible). A write below a read-only mount, or anywhere in the container's own layer when
``readOnlyRootFilesystem`` is set, fails with ``Read-only file system``; a user other than root
may write only where the images let everyone write (``/tmp``, its home, mounted volumes) and gets
``Permission denied`` elsewhere. Messages are BusyBox's (``touch: /etc/x: Permission denied``,
``cp: can't stat '/x': No such file or directory``) in BusyBox images and coreutils' (``touch:
cannot touch '/etc/x': Permission denied``) elsewhere, as recorded from the real tools.

``tail -f FILE`` on a shared volume follows it: every simulated second it prints the lines others
appended (busybox polls once a second); on anything else it prints and then waits for ever (the
idiom ``tail -f /dev/null``); when no file can be opened it exits 1 (``-F`` keeps waiting for it).

Deliberate differences: ``ls`` prints names only (``-l``/``-a`` are accepted); the images'
directory trees are not modelled — the usual top-level directories (:data:`STANDARD_DIRS`) and any
directory holding a file exist, so ``touch /tmp/x`` works in every image; ``chmod``/``chown``
check that the file exists and change nothing that is kept.
"""

from __future__ import annotations

import re

from .shell_text import _bre_to_python

STANDARD_DIRS = frozenset({"/", "/bin", "/dev", "/etc", "/home", "/lib", "/mnt", "/opt", "/proc", "/root",
                           "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/usr/bin", "/usr/local",
                           "/usr/share", "/var", "/var/log", "/var/run", "/var/tmp"})


def _count_opt(args: list[str], default: int) -> tuple[int, list[str]]:
    """``-n N``, ``-nN``, ``-N`` → N; the remaining arguments."""
    n, rest, i = default, [], 0
    while i < len(args):
        a = args[i]
        if a == "-n" and i + 1 < len(args):
            n = int(args[i + 1].lstrip("+") or 0) if args[i + 1].lstrip("+").isdigit() else default
            i += 2
            continue
        if a.startswith("-n") and a[2:].lstrip("+").isdigit():
            n = int(a[2:].lstrip("+"))
        elif a[:1] == "-" and a[1:].isdigit():
            n = int(a[1:])
        else:
            rest.append(a)
        i += 1
    return n, rest


class FileCommands:
    """File commands of :class:`~k8scourse.runtime.shell.Shell` (see the module docstring)."""

    # ------------------------------------------------------------------ helpers
    def _fs(self) -> bool:
        return hasattr(self.files, "resolve")

    @property
    def coreutils(self) -> bool:
        """Whether the file tools are GNU coreutils (Debian-like images) rather than BusyBox's."""
        return self.userland in ("debian", "bash")   # "any" (no image: a Dockerfile RUN) keeps BusyBox's words

    def _read(self, path: str) -> str | None:
        if path == "/dev/null":
            return ""
        if path.startswith("/proc/"):
            return self.proc_file(path)
        text = self.files.get(path)
        if text is None and path == "/etc/hostname":
            return self.hostname + "\n"
        return text

    def _write_denied(self, path: str) -> str:
        """Why a write to ``path`` fails ("" when it may): a read-only file system, or permissions."""
        if path == "/dev/null":
            return ""
        view = self.view
        if self._read_only(path) or view is not None and view.read_only(path):
            return "Read-only file system"
        if view is None or view.mount_of(path) is None:
            if self.identity.read_only_root and view is not None:
                return "Read-only file system"
            if not self.identity.may_write(path):
                return "Permission denied"
        return ""

    def _exists(self, path: str) -> bool:
        return path in self.files

    def _isdir(self, path: str) -> bool:
        if self._fs():
            return self.files.is_dir(path) or path.rstrip("/") in STANDARD_DIRS or path in ("/", ".")
        prefix = path.rstrip("/") + "/"
        return any(f.startswith(prefix) for f in self.files)

    def _listdir(self, path: str) -> list[str]:
        if self._fs():
            return self.files.listdir("/" if path == "." else path)
        prefix = path.rstrip("/") + "/"
        return sorted({f[len(prefix):].split("/", 1)[0] for f in self.files if f.startswith(prefix)})

    def _sync(self, paths):
        """Yield a ``sync`` step before reading paths other containers may change."""
        if self._fs():
            shared = [p for p in paths if self.files.shared(p)]
            if shared:
                yield ("sync", shared)

    def _read_only(self, path: str) -> bool:
        return self._fs() and self.files.read_only(path)

    def _missing(self, cmd: str, path: str, verb: str = "open"):
        """``cmd: can't open 'x': No such file or directory`` (BusyBox) / ``cmd: x: No such …`` (coreutils)."""
        if self.coreutils:
            return self.err(f"{cmd}: {path}: No such file or directory")
        return self.err(f"{cmd}: can't {verb} '{path}': No such file or directory")

    @staticmethod
    def _paths(args):
        return [a for a in args if not a.startswith("-") or a == "-"]

    def _lines_of(self, paths, cmd: str):
        """Generator: (lines of the named files or of stdin, status); prints busybox's errors."""
        if not paths:
            return list(self.stdin or []), 0
        yield from self._sync(paths)
        lines, status = [], 0
        for path in paths:
            text = self._read(path)
            if text is None:
                yield (self.err(f"{cmd}: cannot open '{path}' for reading: No such file or directory")
                       if self.coreutils and cmd in ("tail", "head") else self._missing(cmd, path))
                status = 1
                continue
            lines += text.splitlines()
        return lines, status

    # ------------------------------------------------------------------ commands
    def c_cat(self, args):
        paths = self._paths(args)
        if not paths:
            for line in self.stdin or []:
                yield ("out", line)
            return 0
        yield from self._sync(paths)
        status = 0
        for path in paths:
            text = self._read(path)
            if text is not None:
                for line in text.splitlines():
                    yield ("out", line)
            elif self._fs() and self._isdir(path):
                yield self.err(f"cat: {path}: Is a directory" if self.coreutils else "cat: read error: Is a directory")
                status = 1
            else:
                yield self._missing("cat", path)
                status = 1
        return status

    def c_touch(self, args):
        status = 0
        for path in self._paths(args):
            why = self._write_denied(path)
            if why:
                yield self.err(f"touch: cannot touch '{path}': {why}" if self.coreutils else f"touch: {path}: {why}")
                status = 1
            elif not self._exists(path):
                yield ("fs", path, "", True)
        return status

    def c_rm(self, args):
        flags = "".join(a[1:] for a in args if a.startswith("-"))
        status = 0
        for path in self._paths(args):
            why = self._write_denied(path) if (self._exists(path) or self._isdir(path)) else ""
            if why:
                yield self.err(f"rm: cannot remove '{path}': {why}" if self.coreutils
                               else f"rm: can't remove '{path}': {why}")
                status = 1
            elif self._exists(path):
                yield ("fs", path, None, False)
            elif self._fs() and self._isdir(path) and path.rstrip("/") not in STANDARD_DIRS:
                if "r" not in flags.lower():
                    yield self.err(f"rm: cannot remove '{path}': Is a directory" if self.coreutils
                                   else f"rm: '{path}': is a directory")
                    status = 1
                    continue
                prefix = path.rstrip("/") + "/"
                for f in [f for f in self.files if f.startswith(prefix)]:
                    yield ("fs", f, None, False)
            elif "f" not in flags:
                yield self.err(f"rm: cannot remove '{path}': No such file or directory" if self.coreutils
                               else f"rm: can't remove '{path}': No such file or directory")
                status = 1
        return status

    def c_mkdir(self, args):
        parents = any(a.startswith("-") and "p" in a for a in args)
        status = 0
        word = "cannot" if self.coreutils else "can't"
        for path in self._paths(args):
            exists = self._fs() and (self._isdir(path) or self._exists(path))
            why = "" if exists and parents else self._write_denied(path)
            if why:
                yield self.err(f"mkdir: {word} create directory '{path}': {why}")
                status = 1
            elif exists and not parents:
                yield self.err(f"mkdir: {word} create directory '{path}': File exists")
                status = 1
            else:
                yield ("mkdir", path)
        return status

    def c_ls(self, args):
        paths = self._paths(args) or ["."]
        yield from self._sync(paths)
        status = 0
        for path in paths:
            if self._exists(path):
                yield ("out", path)
            elif self._isdir(path) or not self._fs():
                for name in self._listdir(path):
                    yield ("out", name)
            else:
                yield self.err(f"ls: cannot access '{path}': No such file or directory" if self.coreutils
                               else f"ls: {path}: No such file or directory")
                status = 1 if not self.coreutils else 2
        return status

    def c_head(self, args):
        n, rest = _count_opt(args, 10)
        lines, status = yield from self._lines_of(self._paths(rest), "head")
        for line in lines[:n]:
            yield ("out", line)
        return status

    def c_tail(self, args):
        follow = any(a in ("-f", "-F", "--follow") for a in args)
        n, rest = _count_opt([a for a in args if a not in ("-f", "-F", "--follow")], 10)
        paths = self._paths(rest)
        lines, status = yield from self._lines_of(paths, "tail")
        for line in lines[-n:] if n else []:
            yield ("out", line)
        if not follow:
            return status
        if paths and not any(self._exists(p) for p in paths) and "-F" not in args:
            return 1                            # tail -f: no file could be opened
        shared = [p for p in paths if self._fs() and self.files.shared(p)]
        if not shared:
            yield ("forever",)
            return 0
        seen = {p: self._read(p) or "" for p in shared}
        while True:
            yield ("sleep", 1000)
            yield from self._sync(shared)
            for p in shared:
                text, old = self._read(p) or "", seen[p]
                if not text.startswith(old):
                    yield self.err(f"tail: {p}: file truncated")
                    old = ""
                done = len(old) + text[len(old):].rfind("\n") + 1
                if done > len(old):
                    for line in text[len(old):done].splitlines():
                        yield ("out", line)
                    seen[p] = text[:done]
                else:
                    seen[p] = old

    def c_wc(self, args):
        flags = "".join(a[1:] for a in args if a.startswith("-")) or ""
        paths = self._paths(args)
        if not paths:
            lines = list(self.stdin or [])
            texts = [("", "".join(line + "\n" for line in lines))]
        else:
            yield from self._sync(paths)
            texts = []
            for path in paths:
                text = self._read(path)
                if text is None:
                    yield self._missing("wc", path)
                    return 1
                texts.append((path, text))
        for name, text in texts:
            counts = {"l": text.count("\n"), "w": len(text.split()), "c": len(text.encode())}
            if flags:
                shown = [str(counts[f]) for f in "lwc" if f in flags]
            elif paths:
                shown = [f"{counts[f]:>7}" for f in "lwc"]
            else:
                shown = [str(counts["l"])]
            yield ("out", " ".join(shown) + (f" {name}" if name else ""))
        return 0

    def c_tee(self, args):
        text = "".join(line + "\n" for line in self.stdin or [])
        status = 0
        for path in self._paths(args):
            why = self._write_denied(path)
            if why:
                yield self.err(f"tee: {path}: {why}")
                status = 1
                continue
            yield ("fs", path, text, "-a" in args)
        for line in self.stdin or []:
            yield ("out", line)
        return status

    def c_grep(self, args):
        """grep's regular expressions (basic; -E extended, -F fixed strings) with -i, -v, -c, -q, -n,
        -o, -w and -e PATTERN — GNU's in Debian-like images and the student's shell, BusyBox's in others."""
        flags, patterns, words, i = "", [], [], 0
        while i < len(args):
            a = args[i]
            if a == "-e" and i + 1 < len(args):
                patterns.append(args[i + 1])
                i += 2
                continue
            if a.startswith("-") and a != "-" and len(a) > 1:
                flags += a[1:]
            else:
                words.append(a)
            i += 1
        if not patterns:
            if not words:
                if self.coreutils:
                    yield self.err("Usage: grep [OPTION]... PATTERNS [FILE]...")
                    yield self.err("Try 'grep --help' for more information.")
                return 2
            patterns, words = [words[0]], words[1:]
        lines, status = yield from self._lines_of(words, "grep")
        try:
            regexes = [re.compile(re.escape(p) if "F" in flags else _bre_to_python(p, "E" in flags),
                                  re.IGNORECASE if "i" in flags else 0) for p in patterns]
        except re.error:
            yield self.err("grep: Unmatched ( or \\(")
            return 2
        if "w" in flags:
            regexes = [re.compile(rf"(?<!\w)(?:{r.pattern})(?!\w)", r.flags) for r in regexes]
        found = []
        for n, line in enumerate(lines, 1):
            hits = [m for r in regexes for m in r.finditer(line)]
            if bool(hits) != ("v" in flags):
                found.append((n, line, hits))
        if "c" in flags:
            yield ("out", str(len(found)))
        elif "q" not in flags:
            for n, line, hits in found:
                prefix = f"{n}:" if "n" in flags else ""
                if "o" in flags and "v" not in flags:
                    for m in hits:
                        if m.group(0):
                            yield ("out", prefix + m.group(0))
                else:
                    yield ("out", prefix + line)
        return 2 if status else (0 if found else 1)

    # ------------------------------------------------------------------ copies and modes
    def _copy_args(self, cmd: str, args):
        flags = "".join(a[1:] for a in args if a.startswith("-") and a != "-")
        paths = self._paths(args)
        if len(paths) < 2:
            yield self.err(f"{cmd}: missing file operand" if self.coreutils or len(paths) == 0
                           else f"{cmd}: missing destination file operand after '{paths[0]}'")
            return None
        return flags, paths[:-1], paths[-1]

    def _target(self, source: str, dest: str) -> str:
        return dest.rstrip("/") + "/" + source.rstrip("/").rsplit("/", 1)[-1] if self._isdir(dest) else dest

    def c_cp(self, args):
        parsed = yield from self._copy_args("cp", args)
        if parsed is None:
            return 1
        flags, sources, dest = parsed
        yield from self._sync(sources + [dest])
        status = 0
        for src in sources:
            text = self._read(src)
            if text is None and self._fs() and self._isdir(src) and src.rstrip("/") not in ("",):
                if "r" not in flags.lower() and "a" not in flags:
                    yield self.err(f"cp: -r not specified; omitting directory '{src}'" if self.coreutils
                                   else f"cp: omitting directory '{src}'")
                    status = 1
                    continue
                prefix = src.rstrip("/") + "/"
                base = self._target(src, dest) if self._isdir(dest) else dest
                for f in [f for f in self.files if f.startswith(prefix)]:
                    target = base.rstrip("/") + "/" + f[len(prefix):]
                    why = self._write_denied(target)
                    if why:
                        yield self.err(f"cp: cannot create regular file '{target}': {why}" if self.coreutils
                                       else f"cp: can't create '{target}': {why}")
                        status = 1
                        break
                    yield ("fs", target, self._read(f), False)
                continue
            if text is None:
                yield self.err(f"cp: cannot stat '{src}': No such file or directory" if self.coreutils
                               else f"cp: can't stat '{src}': No such file or directory")
                status = 1
                continue
            target = self._target(src, dest)
            why = self._write_denied(target)
            if why:
                yield self.err(f"cp: cannot create regular file '{target}': {why}" if self.coreutils
                               else f"cp: can't create '{target}': {why}")
                status = 1
                continue
            yield ("fs", target, text, False)
        return status

    def c_mv(self, args):
        parsed = yield from self._copy_args("mv", args)
        if parsed is None:
            return 1
        _, sources, dest = parsed
        yield from self._sync(sources + [dest])
        status = 0
        for src in sources:
            text = self._read(src)
            if text is None:
                yield self.err(f"mv: cannot stat '{src}': No such file or directory" if self.coreutils
                               else f"mv: can't rename '{src}': No such file or directory")
                status = 1
                continue
            target = self._target(src, dest)
            why = self._write_denied(target) or self._write_denied(src)
            if why:
                yield self.err(f"mv: cannot move '{src}' to '{target}': {why}" if self.coreutils
                               else f"mv: can't rename '{src}': {why}")
                status = 1
                continue
            yield ("fs", target, text, False)
            yield ("fs", src, None, False)
        return status

    def _mode_change(self, cmd: str, args, operands: int):
        words = [a for a in args if not a.startswith("-")]
        if len(words) <= operands - 1:
            yield self.err(f"{cmd}: missing operand")
            return 1
        yield from self._sync(words[operands - 1:])
        status = 0
        for path in words[operands - 1:]:
            if not (self._exists(path) or self._isdir(path)):
                yield self.err(f"{cmd}: cannot access '{path}': No such file or directory" if self.coreutils
                               else f"{cmd}: {path}: No such file or directory")
                status = 1
                continue
            why = self._write_denied(path)
            if why == "Read-only file system" or why and cmd == "chown" or why and self.identity.uid != 0:
                verb = {"chmod": "changing permissions of", "chown": "changing ownership of"}[cmd]
                reason = why if why == "Read-only file system" else "Operation not permitted"
                yield self.err(f"{cmd}: {verb} '{path}': {reason}" if self.coreutils else f"{cmd}: {path}: {reason}")
                status = 1
        return status

    def c_chmod(self, args):
        return (yield from self._mode_change("chmod", args, 2))

    def c_chown(self, args):
        if self.identity.uid != 0 or "CHOWN" not in self.identity.effective():
            words = [a for a in args if not a.startswith("-")]
            for path in words[1:]:
                if self._exists(path) or self._isdir(path):
                    yield self.err(f"chown: changing ownership of '{path}': Operation not permitted" if self.coreutils
                                   else f"chown: {path}: Operation not permitted")
                    return 1
        return (yield from self._mode_change("chown", args, 2))
