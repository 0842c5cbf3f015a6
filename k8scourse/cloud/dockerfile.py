"""Building an image from a Dockerfile, as Docker's classic builder does (``docker build``).

Models the classic (pre-BuildKit) builder that the lecture era's ``docker build`` and ``az acr
build`` print: one ``Step n/N : INSTRUCTION`` per line of the Dockerfile; ``FROM`` resolves the base
image (pulling it first if the engine lacks it); ``RUN`` starts an intermediate container
(``---> Running in <12 hex>``), runs the command in the image's shell — its output appears in the
log — and commits a layer; ``COPY``/``ADD`` add the named files of the build context as a layer;
``CMD``/``ENTRYPOINT``/``EXPOSE``/``ENV``/``WORKDIR``/``LABEL``/``USER`` only change the config
(still through an intermediate container); the build ends ``Successfully built <12 hex>`` and
``Successfully tagged <name>``. A repeated build reuses steps from the engine's cache
(``---> Using cache``).

The files of the built image are kept: an nginx image with ``COPY index.html
/usr/share/nginx/html/`` serves that page when run (``curl`` shows it).

Errors, as the classic builder words them: a missing file ``COPY failed: file not found in build
context or excluded by .dockerignore: stat x: file does not exist``; a failing ``RUN`` ``The command
'/bin/sh -c false' returned a non-zero code: 1``; an unknown instruction ``dockerfile parse error
line 3: unknown instruction: FOO``; an unknown base image ``pull access denied for x, repository
does not exist or may require 'docker login': denied: requested access to the resource is denied``.

Deliberate differences: multi-stage builds, ``ARG``, ``.dockerignore`` and ``ONBUILD`` are not
modelled; the size of a ``RUN`` layer is estimated (20 MB plus 5 MB per package for package
installs, 4 kB otherwise) and package managers print nothing.

>>> steps = parse('FROM nginx\\n# comment\\nCOPY index.html \\\\\\n  /usr/share/nginx/html/\\nCMD ["nginx"]')
>>> [(s.keyword, s.args) for s in steps]
[('FROM', 'nginx'), ('COPY', 'index.html /usr/share/nginx/html/'), ('CMD', '["nginx"]')]
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import shlex
from dataclasses import dataclass, replace
from typing import Callable

from ..runtime.images import ImageInfo, normalize
from ..runtime.shell import Shell
from .layers import StoredImage, human_size, sha256

KEYWORDS = ("FROM", "RUN", "COPY", "ADD", "CMD", "ENTRYPOINT", "EXPOSE", "ENV", "WORKDIR", "LABEL", "USER",
            "MAINTAINER", "VOLUME", "STOPSIGNAL", "HEALTHCHECK", "SHELL", "ARG", "ONBUILD")
_INSTALLERS = ("apt-get install", "apk add", "pip install", "pip3 install", "npm install", "yum install",
               "dnf install", "apt install")


class BuildError(Exception):
    """The build failed; the message is the builder's last line."""


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str
    line: int

    @property
    def text(self) -> str:
        return f"{self.keyword} {self.args}"


def parse(text: str) -> list[Instruction]:
    """Dockerfile lines → instructions (comments and blank lines dropped, ``\\`` continuations joined)."""
    out: list[Instruction] = []
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1].strip() + " "
            continue
        full = (pending + line).strip()
        pending = ""
        keyword, _, args = full.partition(" ")
        if keyword.upper() not in KEYWORDS:
            raise BuildError(f"dockerfile parse error line {start}: unknown instruction: {keyword.upper()}")
        out.append(Instruction(keyword.upper(), args.strip(), start))
    if pending:
        keyword, _, args = pending.strip().partition(" ")
        out.append(Instruction(keyword.upper(), args.strip(), start))
    return out


def _words(args: str) -> list[str]:
    """Exec form (``["a", "b"]``) or shell form (``a b`` → ``/bin/sh -c "a b"``)."""
    if args.startswith("["):
        try:
            value = json.loads(args)
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                return value
        except json.JSONDecodeError:
            pass
    return ["/bin/sh", "-c", args]


def _hex12(*parts) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:12]


def context_size(files: dict) -> str:
    """``Sending build context to Docker daemon  3.072kB`` (Docker prints 4 significant digits)."""
    total = sum(len(v.encode()) for v in files.values()) + 512 * max(1, len(files))
    units, n, i = ["B", "kB", "MB", "GB"], float(total), 0
    while n >= 1000 and i < 3:
        n /= 1000
        i += 1
    return f"{n:.4g}{units[i]}"


def build(dockerfile: str, context: dict, resolve_base: Callable[[str], tuple], *, tag: str | None,
          now_ms: int, cache: dict | None = None, log: list | None = None) -> tuple[StoredImage, int]:
    """Build; appends the log lines to ``log``; returns (image, build time in ms).

    ``context`` maps paths relative to the build context to file text. ``resolve_base(ref)``
    returns ``(StoredImage or None, [pull log lines])``. ``cache`` maps step keys to images.
    """
    log = log if log is not None else []
    steps = parse(dockerfile)
    if not steps:
        raise BuildError("the Dockerfile (Dockerfile) cannot be empty")
    if steps[0].keyword != "FROM":
        raise BuildError("Please provide a source image with `from` prior to commit")
    cache = cache if cache is not None else {}
    elapsed = 0
    image: StoredImage | None = None
    workdir = "/"
    files: dict = {}
    for n, step in enumerate(steps, 1):
        log.append(f"Step {n}/{len(steps)} : {step.text}")
        if step.keyword == "FROM":
            ref = step.args.split()[0]
            base, pull_lines = resolve_base(ref)
            log.extend(pull_lines)
            if base is None:
                raise BuildError(_pull_denied(ref))
            image, files, workdir = base, dict(base.files), "/"
            log.append(f" ---> {image.short_id}")
            elapsed += 100
            continue
        key = (image.image_id, step.text, _hex12(*(sorted(context.items()) if step.keyword in ("COPY", "ADD")
                                                    else ())))
        if key in cache:
            image = cache[key]
            files = dict(image.files)
            log += [" ---> Using cache", f" ---> {image.short_id}"]
            continue
        container = _hex12("run", image.image_id, step.text, n)
        info = image.info
        layer = None
        if step.keyword in ("COPY", "ADD"):
            added = _copy(step, context, workdir)
            files.update(added)
            layer = (sha256(f"copy:{image.image_id}:{sorted(added.items())}"),
                     sum(len(v.encode()) for v in added.values()) + 1024)
            elapsed += 200
        elif step.keyword == "RUN":
            log.append(f" ---> Running in {container}")
            env = dict(info.env)
            shell = Shell(env, lambda: 0, files, hostname=container)
            for item in shell.run(step.args if not step.args.startswith("[") else shlex.join(_words(step.args))):
                if item[0] == "out":
                    log.append(item[1])
                elif item[0] == "sleep":
                    elapsed += item[1]
                elif item[0] == "fs":
                    _, path, content, append = item
                    if content is None:
                        files.pop(path, None)
                    else:
                        files[path] = (files.get(path, "") if append else "") + content
            if shell.status != 0:
                raise BuildError(f"The command '/bin/sh -c {step.args}' returned a non-zero code: {shell.status}")
            size = _run_layer_size(step.args)
            layer = (sha256(f"run:{image.image_id}:{step.text}"), size)
            elapsed += 1000 + size * 1000 // 10_000_000
            log.append(f"Removing intermediate container {container}")
        else:
            log.append(f" ---> Running in {container}")
            info, workdir = _configure(step, info, workdir)
            log.append(f"Removing intermediate container {container}")
            elapsed += 300
        layers = image.layers + ((layer,) if layer else ())
        image = StoredImage(replace(info, size=sum(s for _, s in layers)), layers, tuple(sorted(files.items())),
                            now_ms + elapsed, image.history + (step.text,))
        cache[key] = image
        log.append(f" ---> {image.short_id}")
    log.append(f"Successfully built {image.short_id}")
    if tag:
        image = image.renamed(tag)
        log.append(f"Successfully tagged {tag if ':' in tag.rsplit('/', 1)[-1] else tag + ':latest'}")
    else:
        image = replace(image, info=replace(image.info, reference="<none>:<none>"))
    return image, elapsed


def _pull_denied(ref: str) -> str:
    from ..runtime.images import known_repository
    if known_repository(ref):
        name, _, tag = normalize(ref).rpartition(":")
        short = ref.rsplit(":", 1)[0] if ":" in ref.rsplit("/", 1)[-1] else ref
        return f"manifest for {short}:{tag} not found: manifest unknown: manifest unknown"
    return (f"pull access denied for {ref.rsplit(':', 1)[0]}, repository does not exist or may require "
            f"'docker login': denied: requested access to the resource is denied")


def _copy(step: Instruction, context: dict, workdir: str) -> dict:
    words = [w for w in (_words(step.args) if step.args.startswith("[") else shlex.split(step.args))
             if not w.startswith("--")]
    if len(words) < 2:
        raise BuildError(f"dockerfile parse error line {step.line}: {step.keyword} requires at least two arguments")
    *sources, dest = words
    dest = dest if dest.startswith("/") else posixpath.join(workdir, dest)
    added = {}
    for src in sources:
        src = posixpath.normpath(src).lstrip("./") if src not in (".", "./") else "."
        if src == ".":
            matches = dict(context)
            for path, text in matches.items():
                added[posixpath.join(dest, path)] = text
            continue
        if src in context:
            target = posixpath.join(dest, posixpath.basename(src)) if dest.endswith("/") or len(sources) > 1 \
                else dest
            added[target] = context[src]
            continue
        under = {p: t for p, t in context.items() if p.startswith(src.rstrip("/") + "/")}
        if not under:
            raise BuildError(f"COPY failed: file not found in build context or excluded by .dockerignore: "
                             f"stat {src}: file does not exist")
        for path, text in under.items():
            added[posixpath.join(dest, path[len(src.rstrip('/')) + 1:])] = text
    return added


def _configure(step: Instruction, info: ImageInfo, workdir: str) -> tuple[ImageInfo, str]:
    kw, args = step.keyword, step.args
    if kw == "CMD":
        return replace(info, cmd=tuple(_words(args))), workdir
    if kw == "ENTRYPOINT":
        return replace(info, entrypoint=tuple(_words(args)), cmd=()), workdir
    if kw == "EXPOSE":
        ports = tuple(int(p.split("/")[0]) for p in args.split() if p.split("/")[0].isdigit())
        return replace(info, ports=tuple(dict.fromkeys(info.ports + ports))), workdir
    if kw == "ENV":
        pairs = [w.split("=", 1) for w in shlex.split(args)] if "=" in args.split()[0] else \
            [args.split(None, 1)]
        env = dict(info.env)
        env.update({p[0]: (p[1] if len(p) > 1 else "") for p in pairs})
        return replace(info, env=tuple(env.items())), workdir
    if kw == "WORKDIR":
        return info, args if args.startswith("/") else posixpath.join(workdir, args)
    return info, workdir


def _run_layer_size(command: str) -> int:
    for installer in _INSTALLERS:
        if installer in command:
            rest = command.split(installer, 1)[1].split("&&")[0].split()
            packages = [w for w in rest if not w.startswith("-")]
            return 20_000_000 + 5_000_000 * len(packages)
    return 4096


__all__ = ["BuildError", "Instruction", "build", "context_size", "human_size", "parse"]
