"""``docker build|tag|push|pull|images|run|ps|logs|stop|rm|rmi|login|logout``: the Docker CLI subset.

Each handler gets the engine (:class:`k8scourse.cloud.docker.daemon.DockerEngine`), the words after the
sub-command and an output; it prints what the Docker CLI prints (classic builder log, non-TTY
push/pull lines, tabwriter tables) and returns the exit code, or raises :class:`DockerError` with
the CLI's message. Not an ``az`` command group: :class:`k8scourse.cloud.docker.cli.Docker` dispatches
here.
"""

from __future__ import annotations

import hashlib

from ...runtime.images import normalize, pull_ms
from ..acr import find_registry
from ..dockerfile import BuildError, build, context_size
from ..files import context_files, read_text
from ..layers import display_name, from_catalogue, human_size, split_reference
from .daemon import PUSH_BYTES_PER_S, DockerError, LocalContainer, _first, _opts, human_duration, tabulate

UNAUTHORIZED = "unauthorized: authentication required, visit https://aka.ms/acr/authorization for more information."


# ---------------------------------------------------------------------- pulling
def _remote(eng, ref: str):
    """(image or None, error text) from where the reference points (ACR needs a login)."""
    host, path, tag = split_reference(ref)
    if host.endswith(".azurecr.io"):
        reg = find_registry(eng.az.subscription, host)
        if reg is None:
            return None, f'Get "https://{host}/v2/": dial tcp: lookup {host}: no such host'
        if not eng.logged_in(host):
            return None, f'Head "https://{host}/v2/{path}/manifests/{tag}": {UNAUTHORIZED}'
        img = reg.image(path, tag)
        if img is None:
            return None, f'manifest for {host}/{path}:{tag} not found: manifest unknown: manifest tagged by "{tag}" is not found'
        return img, ""
    img = from_catalogue(ref)
    if img is None:
        from ..dockerfile import _pull_denied
        return None, _pull_denied(ref)
    return img, ""


def _pull(eng, ref: str, lines: list) -> object:
    """Pull into the local store, appending Docker's pull lines; raises DockerError."""
    img, error = _remote(eng, ref)
    host, path, tag = split_reference(ref)
    if img is None:
        raise DockerError(f"Error response from daemon: {error}")
    short = path[len("library/"):] if host == "docker.io" and path.startswith("library/") else path
    lines.append(f"{tag}: Pulling from {path if host == 'docker.io' else short}")
    new = [d for d, _ in img.layers if not any(d in dict(i.layers) for i in eng.images.values())]
    for digest, _ in img.layers:
        lines.append(f"{digest[7:19]}: {'Pull complete' if digest in new else 'Already exists'}")
    lines.append(f"Digest: {img.digest}")
    name = display_name(ref) + f":{tag}"
    present = eng.images.get(normalize(ref))
    lines.append(f"Status: {'Image is up to date' if present and present.image_id == img.image_id else 'Downloaded newer image'} for {name}")
    eng.az.run(seconds=pull_ms(sum(s for d, s in img.layers if d in new)) / 1000 if new else 0.5)
    return eng.store(ref, img)


def cmd_pull(eng, args, out):
    opts, pos = _opts(args, flags=("-q", "--quiet", "-a", "--all-tags"))
    if len(pos) != 1:
        raise DockerError('"docker pull" requires exactly 1 argument.\nSee \'docker pull --help\'.\n\n'
                          'Usage:  docker pull [OPTIONS] NAME[:TAG|@DIGEST]\n\nDownload an image from a registry')
    ref = pos[0]
    lines = [] if ":" in ref.rsplit("/", 1)[-1] else ["Using default tag: latest"]
    _pull(eng, ref, lines)
    lines.append(normalize(ref))
    out.out("".join(line + "\n" for line in lines))
    return 0


# ---------------------------------------------------------------------- build
def cmd_build(eng, args, out):
    opts, pos = _opts(args, valued=("-t", "--tag", "-f", "--file", "--build-arg", "--platform", "--target"),
                      flags=("--no-cache", "-q", "--quiet", "--pull", "--rm"))
    if len(pos) != 1:
        raise DockerError('"docker build" requires exactly 1 argument.\nSee \'docker build --help\'.\n\n'
                          'Usage:  docker build [OPTIONS] PATH | URL | -\n\nBuild an image from a Dockerfile')
    tags = opts.get("-t", []) + opts.get("--tag", [])
    image, log, elapsed = build_context(eng, pos[0], _first(opts, "-f", "--file"), tags[0] if tags else None,
                                       cache=None if opts.get("--no-cache") else eng.cache, err=out)
    for extra in tags[1:]:
        eng.store(extra, image)
        log.append(f"Successfully tagged {normalize(extra).split('/', 1)[1] if extra.count('/') == 0 else extra}")
    if tags:
        eng.store(tags[0], image)
    else:
        eng.images[image.image_id] = image
    eng.az.run(seconds=elapsed / 1000)
    out.out("".join(line + "\n" for line in log) if not opts.get("-q") else image.image_id + "\n")
    return 0


def build_context(eng, path, dockerfile, tag, cache, err, pull_base=None):
    """Run a classic build of ``path``; returns (image, log lines, elapsed ms); DockerError on failure."""
    name = dockerfile or (path.rstrip("/") + "/Dockerfile" if path not in (".", "./") else "Dockerfile")
    text = read_text(eng.az, name)
    if text is None:
        raise DockerError(f"unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat "
                          f"/home/student/{name.lstrip('./')}: no such file or directory")
    files = context_files(eng.az, path, name.rsplit("/", 1)[-1])
    log = [f"Sending build context to Docker daemon  {context_size(files)}"]

    def resolve(ref):
        lines: list = []
        local = eng.find(ref) if pull_base is None else None
        if local is not None:
            return local, lines
        try:
            if pull_base is not None:
                return pull_base(ref, lines)
            return _pull(eng, ref, lines), lines
        except DockerError:
            return None, lines
    try:
        image, elapsed = build(text, files, resolve, tag=tag, now_ms=eng.now_ms,
                               cache=cache, log=log)
    except BuildError as exc:
        msg = str(exc)
        if msg.startswith(("dockerfile parse error", "the Dockerfile")):
            msg = "Error response from daemon: " + msg
        err.out("".join(line + "\n" for line in log))
        raise DockerError(msg) from None
    return image, log, elapsed


def cmd_tag(eng, args, out):
    _, pos = _opts(args)
    if len(pos) != 2:
        raise DockerError('"docker tag" requires exactly 2 arguments.\nSee \'docker tag --help\'.\n\n'
                          'Usage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\n'
                          'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE')
    img = eng.find(pos[0])
    if img is None:
        raise DockerError(f"Error response from daemon: No such image: {_with_tag(pos[0])}")
    eng.store(pos[1], img)
    return 0


def _with_tag(ref):
    return ref if ":" in ref.rsplit("/", 1)[-1] else ref + ":latest"


# ---------------------------------------------------------------------- push
def cmd_push(eng, args, out):
    _, pos = _opts(args, flags=("-q", "--quiet", "-a", "--all-tags"))
    if len(pos) != 1:
        raise DockerError('"docker push" requires exactly 1 argument.\nSee \'docker push --help\'.\n\n'
                          'Usage:  docker push [OPTIONS] NAME[:TAG]\n\nUpload an image to a registry')
    ref = pos[0]
    host, path, tag = split_reference(ref)
    img = eng.images.get(normalize(ref))
    lines = [] if ":" in ref.rsplit("/", 1)[-1] else ["Using default tag: latest"]
    if img is None:
        out.out("".join(line + "\n" for line in lines))
        raise DockerError(f"An image does not exist locally with the tag: {ref.rsplit(':', 1)[0] if ':' in ref.rsplit('/', 1)[-1] else ref}")
    lines.append(f"The push refers to repository [{host}/{path}]")
    top_first = list(reversed(img.layers))
    reg = find_registry(eng.az.subscription, host) if host.endswith(".azurecr.io") else None
    if host.endswith(".azurecr.io") and reg is None:
        out.out("".join(line + "\n" for line in lines))
        raise DockerError(f'Get "https://{host}/v2/": dial tcp: lookup {host}: no such host')
    lines += [f"{d[7:19]}: Preparing" for d, _ in top_first]
    if reg is None or not eng.logged_in(host):
        out.out("".join(line + "\n" for line in lines))
        raise DockerError(UNAUTHORIZED if reg is not None else "denied: requested access to the resource is denied")
    sent = 0
    for digest, size in top_first:
        exists = reg.has_layer(digest)
        lines.append(f"{digest[7:19]}: {'Layer already exists' if exists else 'Pushed'}")
        sent += 0 if exists else size
    stored = reg.put(path, tag, img)
    lines.append(f"{tag}: digest: {stored.digest} size: {stored.manifest_size}")
    eng.az.run(seconds=max(0.5, sent / PUSH_BYTES_PER_S))
    out.out("".join(line + "\n" for line in lines))
    return 0


# ---------------------------------------------------------------------- images
def cmd_images(eng, args, out):
    opts, pos = _opts(args, flags=("-q", "--quiet", "-a", "--all"))
    rows = []
    now = eng.now_ms
    for ref, img in eng.images.items():
        if ref.startswith("sha256:"):
            repo, tag = "<none>", "<none>"
        else:
            repo, tag = display_name(ref), ref.rsplit(":", 1)[1]
        if pos and repo != pos[0].split(":")[0] and display_name(pos[0]) != repo:
            continue
        created = img.created_ms if img.created_ms is not None else \
            -86_400_000 * (int(img.image_id[7:13], 16) % 300 + 10)
        rows.append((-created, repo, tag, img.short_id, human_duration(now - created) + " ago", human_size(img.size)))
    rows.sort()
    if opts.get("-q") or opts.get("--quiet"):
        out.out("".join(dict.fromkeys(r[3] + "\n" for r in rows)))
        return 0
    table = [["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"]] + [list(r[1:]) for r in rows]
    out.out(tabulate(table))
    return 0


def cmd_rmi(eng, args, out):
    _, pos = _opts(args, flags=("-f", "--force"))
    for ref in pos:
        key = normalize(ref)
        img = eng.images.pop(key, None)
        if img is None:
            raise DockerError(f"Error response from daemon: No such image: {_with_tag(ref)}")
        out.out(f"Untagged: {_with_tag(ref)}\n")
        if all(i.image_id != img.image_id for i in eng.images.values()):
            out.out(f"Deleted: {img.image_id}\n")
    return 0


# ---------------------------------------------------------------------- login
def cmd_login(eng, args, out):
    opts, pos = _opts(args, valued=("-u", "--username", "-p", "--password"), flags=("--password-stdin",))
    server = pos[0] if pos else "docker.io"
    user, password = _first(opts, "-u", "--username"), _first(opts, "-p", "--password")
    if user is None or (password is None and not opts.get("--password-stdin")):
        raise DockerError("Error: Cannot perform an interactive login from a non TTY device")
    if password is not None:
        out.err("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n")
    if server.endswith(".azurecr.io"):
        reg = find_registry(eng.az.subscription, server)
        if reg is None:
            raise DockerError(f'Error response from daemon: Get "https://{server}/v2/": dial tcp: lookup {server}: '
                              f'no such host')
        if not reg.admin_enabled or user.lower() != reg.name.lower():
            raise DockerError(f'Error response from daemon: Get "https://{server}/v2/": {UNAUTHORIZED}')
    eng.login(server, identity_token=False)
    out.out("Login Succeeded\n")
    return 0


def cmd_logout(eng, args, out):
    _, pos = _opts(args)
    server = pos[0] if pos else "docker.io"
    if eng.logout(server):
        out.out(f"Removing login credentials for {server}\n")
    else:
        out.out(f"Not logged in to {server}\n")
    return 0


# ---------------------------------------------------------------------- containers
def cmd_run(eng, args, out):
    from ...runtime.launch import StartError, make_program
    opts, pos = _opts(args, valued=("--name", "-p", "--publish", "-e", "--env", "--entrypoint", "-w"),
                      flags=("-d", "--detach", "--rm", "-i", "-t", "--interactive", "--tty"), stop_at_positional=True)
    if not pos:
        raise DockerError('"docker run" requires at least 1 argument.\nSee \'docker run --help\'.\n\n'
                          'Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nCreate and run a new container from an image')
    ref, cmd = pos[0], pos[1:]
    img = eng.find(ref)
    if img is None:
        lines = [f"Unable to find image '{_with_tag(ref)}' locally"]
        try:
            img = _pull(eng, ref, lines)
        finally:
            out.err("".join(line + "\n" for line in lines))
    name = _first(opts, "--name") or eng.new_name()
    if any(c.name == name and not c.removed for c in eng.containers):
        raise DockerError(f'docker: Error response from daemon: Conflict. The container name "/{name}" is already in '
                          f'use by container "{eng.container(name).id}". You have to remove (or rename) that container '
                          f'to be able to reuse that name.', 125)
    cid = hashlib.sha256(f"{name}:{eng.now_ms}:{len(eng.containers)}".encode()).hexdigest()
    env = dict(e.split("=", 1) if "=" in e else (e, "") for e in opts.get("-e", []) + opts.get("--env", []))
    entry = _first(opts, "--entrypoint")
    try:
        program = make_program(img.info, [entry] if entry else None, cmd or None, env, started_ms=eng.now_ms,
                               now_unix_ms=eng.az.sim.clock.unix_ms, hostname=cid[:12])
    except StartError as exc:
        raise DockerError(f"docker: Error response from daemon: {exc}.", 127) from None
    ports = []
    for spec in opts.get("-p", []) + opts.get("--publish", []):
        parts = spec.split("/")[0].split(":")
        if len(parts) >= 2 and parts[-1].isdigit() and parts[-2].isdigit():
            ports.append((int(parts[-2]), int(parts[-1])))
    argv = " ".join(program.argv)
    c = LocalContainer(cid, name, ref, argv, program, eng.now_ms, ports, img.files_dict)
    eng.containers.append(c)
    if opts.get("-d") or opts.get("--detach"):
        out.out(cid + "\n")
        return 0
    program.run_until(eng.now_ms + 10_000)
    end = program.exit_ms if program.exit_ms is not None and program.exit_ms <= eng.now_ms + 10_000 \
        else eng.now_ms + 10_000
    eng.az.run(seconds=(end - eng.now_ms) / 1000)
    out.out("".join(line + "\n" for _, line in program.lines(end)))
    if program.exit_ms is None or program.exit_ms > end:
        out.err(f"(the simulator detaches after 10 s: container {name} keeps running; see `docker ps`)\n")
        return 0
    if opts.get("--rm"):
        c.removed = True
    return program.exit_code


def cmd_ps(eng, args, out):
    opts, _ = _opts(args, flags=("-a", "--all", "-q", "--quiet"))
    every = opts.get("-a") or opts.get("--all")
    rows = [["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]]
    now = eng.now_ms
    for c in reversed(eng.containers):
        if c.removed or (not every and not eng.running(c)):
            continue
        p = c.program
        if eng.running(c):
            status = f"Up {human_duration(now - c.created_ms)}"
            ports = ", ".join(f"0.0.0.0:{h}->{cp}/tcp" for h, cp in c.ports) or \
                ", ".join(f"{port}/tcp" for port in sorted(p.listening(now)))
        else:
            status = f"Exited ({p.exit_code}) {human_duration(now - p.exit_ms)} ago"
            ports = ""
        command = c.command if len(c.command) <= 20 else c.command[:19] + "…"
        rows.append([c.id[:12], c.image, f'"{command}"', human_duration(now - c.created_ms) + " ago", status,
                     ports, c.name])
    if opts.get("-q") or opts.get("--quiet"):
        out.out("".join(r[0] + "\n" for r in rows[1:]))
        return 0
    out.out(tabulate(rows))
    return 0


def _container(eng, key):
    c = eng.container(key)
    if c is None:
        raise DockerError(f"Error response from daemon: No such container: {key}")
    return c


def cmd_logs(eng, args, out):
    _, pos = _opts(args, flags=("-f", "--follow", "-t", "--timestamps"))
    if len(pos) != 1:
        raise DockerError('"docker logs" requires exactly 1 argument.')
    c = _container(eng, pos[0])
    out.out("".join(line + "\n" for _, line in c.program.lines(eng.now_ms)))
    return 0


def cmd_stop(eng, args, out):
    _, pos = _opts(args, valued=("-t", "--time"))
    for key in pos:
        c = _container(eng, key)
        if eng.running(c):
            delay, code = c.program.sigterm or (10_000, 137)
            c.program.terminate(eng.now_ms + delay, code)
            eng.az.run(seconds=delay / 1000)
        out.out(key + "\n")
    return 0


def cmd_rm(eng, args, out):
    opts, pos = _opts(args, flags=("-f", "--force"))
    for key in pos:
        c = _container(eng, key)
        if eng.running(c) and not opts.get("-f"):
            raise DockerError(f'Error response from daemon: cannot remove container "/{c.name}": container is running: '
                              f'stop the container before removing or force remove')
        if eng.running(c):
            c.program.terminate(eng.now_ms, 137)
        c.removed = True
        out.out(key + "\n")
    return 0


COMMANDS = {"build": cmd_build, "tag": cmd_tag, "push": cmd_push, "pull": cmd_pull, "images": cmd_images,
            "run": cmd_run, "ps": cmd_ps, "logs": cmd_logs, "stop": cmd_stop, "rm": cmd_rm, "rmi": cmd_rmi,
            "login": cmd_login, "logout": cmd_logout}
