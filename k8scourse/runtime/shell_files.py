"""The shell's file commands: ``cat ls touch rm mkdir tail head wc tee grep`` (busybox's wording).

They read and write the shell's ``files``: a plain ``dict`` (path → text; the Dockerfile ``RUN``
steps, ``az container exec``) or a container's
:class:`~k8scourse.runtime.filesystem.ContainerFS` (its own layer plus the mounted volumes).
Reads use the mapping as is; writes are yielded as steps — ``("fs", path, text or None,
append)`` and ``("mkdir", path)`` — that the program running the shell applies at its simulated
time. Before reading a path in a shared, writable volume the shell yields ``("sync", [paths])``,
so the program does not read before the clock reaches that moment (what another container wrote
is then visible). A write below a read-only mount fails as busybox reports it
(``touch: /etc/config/x: Read-only file system``).

``tail -f FILE`` on a shared volume follows it: every simulated second it prints the lines others
appended (busybox polls once a second); on anything else it prints and then waits for ever (the
idiom ``tail -f /dev/null``); when no file can be opened it exits 1 (``-F`` keeps waiting for it).

Deliberate differences: ``ls`` prints names only (``-l``/``-a`` are accepted); the images'
directory trees are not modelled — the usual top-level directories (:data:`STANDARD_DIRS`) and any
directory holding a file exist, so ``touch /tmp/x`` works in every image.
"""

from __future__ import annotations

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

    def _read(self, path: str) -> str | None:
        text = self.files.get(path)
        if text is None and path == "/etc/hostname":
            return self.hostname + "\n"
        return text

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
                yield ("out", f"{cmd}: can't open '{path}': No such file or directory" if cmd != "tail"
                       else f"tail: can't open '{path}': No such file or directory")
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
                yield ("out", "cat: read error: Is a directory")
                status = 1
            else:
                yield ("out", f"cat: can't open '{path}': No such file or directory")
                status = 1
        return status

    def c_touch(self, args):
        status = 0
        for path in self._paths(args):
            if self._read_only(path):
                yield ("out", f"touch: {path}: Read-only file system")
                status = 1
            elif not self._exists(path):
                yield ("fs", path, "", True)
        return status

    def c_rm(self, args):
        flags = "".join(a[1:] for a in args if a.startswith("-"))
        status = 0
        for path in self._paths(args):
            if self._read_only(path):
                yield ("out", f"rm: can't remove '{path}': Read-only file system")
                status = 1
            elif self._exists(path):
                yield ("fs", path, None, False)
            elif self._fs() and self._isdir(path) and path.rstrip("/") not in STANDARD_DIRS:
                if "r" not in flags.lower():
                    yield ("out", f"rm: '{path}': is a directory")
                    status = 1
                    continue
                prefix = path.rstrip("/") + "/"
                for f in [f for f in self.files if f.startswith(prefix)]:
                    yield ("fs", f, None, False)
            elif "f" not in flags:
                yield ("out", f"rm: can't remove '{path}': No such file or directory")
                status = 1
        return status

    def c_mkdir(self, args):
        parents = any(a.startswith("-") and "p" in a for a in args)
        status = 0
        for path in self._paths(args):
            if self._read_only(path):
                yield ("out", f"mkdir: can't create directory '{path}': Read-only file system")
                status = 1
            elif self._fs() and (self._isdir(path) or self._exists(path)) and not parents:
                yield ("out", f"mkdir: can't create directory '{path}': File exists")
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
                yield ("out", f"ls: {path}: No such file or directory")
                status = 1
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
                    yield ("out", f"tail: {p}: file truncated")
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
                    yield ("out", f"wc: can't open '{path}': No such file or directory")
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
            if self._read_only(path):
                yield ("out", f"tee: {path}: Read-only file system")
                status = 1
                continue
            yield ("fs", path, text, "-a" in args)
        for line in self.stdin or []:
            yield ("out", line)
        return status

    def c_grep(self, args):
        flags = "".join(a[1:] for a in args if a.startswith("-") and a != "-")
        words = self._paths(args)
        if not words:
            return 2
        pattern, paths = words[0], words[1:]
        lines, status = yield from self._lines_of(paths, "grep")

        def hit(line):
            found = pattern.lower() in line.lower() if "i" in flags else pattern in line
            return found != ("v" in flags)
        found = [line for line in lines if hit(line)]
        if "c" in flags:
            yield ("out", str(len(found)))
        elif "q" not in flags:
            for line in found:
                yield ("out", line)
        return 2 if status else (0 if found else 1)
