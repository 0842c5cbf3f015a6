"""Record what the real tools print, for the shell tests (run by hand; the tests only read shell.json).

Recorded on Debian 12 (bookworm): BusyBox 1.36.1 built from its source (git tag 1_36_1, ``make
defconfig`` as the docker-library busybox image is built; applets installed as symlinks in
/tmp/bbroot/bin, the only directory on PATH for the ``bb.`` cases, as in a busybox container), and
Debian's netcat-openbsd 1.219-1 (apt-get install netcat-openbsd), coreutils 9.1, dash 0.5.12,
bash 5.2, GNU sed 4.9, GNU Wget 1.21.3, curl 7.88.1. Each entry: the shell command line, the user it ran as, and
the exact stdout/stderr bytes and exit status. A local HTTP server (python -m http.server) on
127.0.0.1:18080 stands for an open port; 127.0.0.1:1 for a closed one.

Usage (as root, to switch users with setpriv; BusyBox built in /tmp/bb):
    /tmp/bb/busybox --install -s /tmp/bbroot/bin && python3 tests/runtime/data/recorded/record.py
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NONROOT = ["/usr/bin/setpriv", "--reuid=1234", "--regid=3000", "--groups=2000,3000", "--"]
BB = ["sh", "-c"]                     # argv[0] "sh" (as a container runs it), executable BusyBox's sh
BB_PATH = "/tmp/bbroot/bin"

BB_CASES = [
    ("bb.not-found", BB, "nosuchcmd"),
    ("bb.not-found-path", BB, "/usr/local/bin/nosuchcmd; echo $?"),
    ("bb.id-nonroot", NONROOT + BB, "id; id -u; id -g; id -G"),
    ("bb.id-un-nonroot", NONROOT + BB, "id -un; echo $?"),
    ("bb.whoami-nonroot", NONROOT + BB, "whoami; echo $?"),
    ("bb.whoami-root", BB, "whoami"),
    ("bb.timeout-kills", BB, "timeout 1 sleep 5; echo $?"),
    ("bb.timeout-ok", BB, "timeout 5 echo done; echo $?"),
    ("bb.timeout-kill", BB, "timeout -s KILL 1 sleep 5; echo $?"),
    ("bb.timeout-notfound", BB, "timeout 1 nosuchcmd; echo $?"),
    ("bb.timeout-bad", BB, "timeout abc sleep 1; echo $?"),
    ("bb.nc-z-open", BB, "nc -z 127.0.0.1 18080; echo $?"),
    ("bb.nc-zv-open", BB, "nc -zv 127.0.0.1 18080; echo $?"),
    ("bb.nc-zv-w-open", BB, "nc -zv -w 2 127.0.0.1 18080; echo $?"),
    ("bb.nc-zv-closed", BB, "nc -zv 127.0.0.1 1; echo $?"),
    ("bb.nc-z-closed", BB, "nc -z 127.0.0.1 1; echo $?"),
    ("bb.nc-zv-badhost", BB, "nc -zv nosuchhost.invalid 80; echo $?"),
    ("bb.nc-noargs", BB, "nc; echo $?"),
    ("bb.ps-header", BB, "ps | head -1"),
    ("bb.cp-missing", BB, "cp /nope/a /tmp/rec-b; echo $?"),
    ("bb.mv-missing", BB, "mv /nope/a /tmp/rec-b; echo $?"),
    ("bb.cp-dir-no-r", BB, "mkdir -p /tmp/rec/d && cp /tmp/rec/d /tmp/rec/e; echo $?"),
    ("bb.sed-missing", BB, "sed s/a/b/ /nope/x; echo $?"),
    ("bb.sed-bad", BB, "echo a | sed 's/a'; echo $?"),
    ("bb.chmod-missing", BB, "chmod 755 /nope/x; echo $?"),
    ("bb.touch-denied", NONROOT + BB, "touch /etc/rec-x; echo $?"),
    ("bb.redirect-denied", NONROOT + BB, "echo hi > /etc/rec-x; echo $?"),
    ("bb.mkdir-denied", NONROOT + BB, "mkdir /etc/rec-x; echo $?"),
    ("bb.rm-denied", NONROOT + BB, "rm /etc/hostname; echo $?"),
    ("bb.cp-denied", NONROOT + BB, "cp /etc/hostname /etc/rec-x; echo $?"),
    ("bb.exec-notfound", BB, "echo before; exec nosuchcmd; echo after"),
    ("bb.cat-missing", BB, "cat /nope/x; echo $?"),
    ("bb.printenv-missing", BB, "printenv NOPE_NOT_SET; echo $?"),
    ("bb.sleep-bad", BB, "sleep abc; echo $?"),
    ("bb.kill-bad", BB, "kill 99999; echo $?"),
    ("bb.wget-qO-", BB, "wget -qO- http://127.0.0.1:18080/rec-page.txt; echo $?"),
    ("bb.wget-O-", BB, "wget -O- http://127.0.0.1:18080/rec-page.txt; echo $?"),
    ("bb.wget-save", BB, "mkdir -p /tmp/rec/w && cd /tmp/rec/w && rm -f rec-page.txt && wget http://127.0.0.1:18080/rec-page.txt; "
     "echo $?; cat rec-page.txt"),
    ("bb.wget-404", BB, "wget -qO- http://127.0.0.1:18080/nope; echo $?"),
    ("bb.wget-404-verbose", BB, "wget -O- http://127.0.0.1:18080/nope; echo $?"),
    ("bb.wget-refused", BB, "wget -qO- http://127.0.0.1:1/; echo $?"),
    ("bb.wget-refused-verbose", BB, "wget -O- http://127.0.0.1:1/; echo $?"),
    ("bb.wget-badhost", BB, "wget -qO- http://nosuchhost.invalid/; echo $?"),
    ("bb.wget-spider", BB, "wget --spider http://127.0.0.1:18080/rec-page.txt; echo $?"),
    ("bb.wget-noargs", BB, "wget; echo $?"),
    ("gnu.wget-qO-", ["dash", "-c"], "wget -qO- http://127.0.0.1:18080/rec-page.txt; echo $?"),
    ("gnu.wget-qO-404", ["dash", "-c"], "wget -qO- http://127.0.0.1:18080/nope; echo $?"),
    ("gnu.wget-qO-refused", ["dash", "-c"], "wget -qO- http://127.0.0.1:1/; echo $?"),
    ("gnu.wget-qO-badhost", ["dash", "-c"], "wget -qO- http://nosuchhost.invalid/; echo $?"),
    ("curl.refused", ["dash", "-c"], "curl http://127.0.0.1:1/; echo $?"),
    ("curl.noargs", ["dash", "-c"], "curl; echo $?"),
    ("curl.badopt", ["dash", "-c"], "curl --nope http://x; echo $?"),
    ("curl.fail-404", ["dash", "-c"], "curl -f http://127.0.0.1:18080/nope; echo $?"),
    ("curl.s-fail-404", ["dash", "-c"], "curl -sf http://127.0.0.1:18080/nope; echo $?"),
    ("curl.write-out", ["dash", "-c"], "curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18080/nope; echo; echo $?"),
    ("curl.badhost", ["dash", "-c"], "curl http://nosuchhost.invalid/; echo $?"),
    ("curl.missing-param", ["dash", "-c"], "curl -o; echo $?"),
]

CASES = [
    # (name, argv prefix, shell command)
    ("busybox.not-found", ["busybox", "sh", "-c"], "nosuchcmd"),
    ("busybox.not-found-status", ["busybox", "sh", "-c"], "nosuchcmd 2>/dev/null; echo $?"),
    ("dash.not-found", ["dash", "-c"], "nosuchcmd"),
    ("bash.not-found", ["bash", "-c"], "nosuchcmd"),
    ("busybox.id-nonroot", NONROOT + ["busybox", "sh", "-c"], "id"),
    ("busybox.id-u", NONROOT + ["busybox", "sh", "-c"], "id -u; id -g; id -G; id -un"),
    ("coreutils.id-nonroot", NONROOT + ["dash", "-c"], "id"),
    ("coreutils.id-u", NONROOT + ["dash", "-c"], "id -u; id -g; id -G; id -un"),
    ("busybox.whoami-nonroot", NONROOT + ["busybox", "sh", "-c"], "whoami"),
    ("coreutils.whoami-nonroot", NONROOT + ["dash", "-c"], "whoami"),
    ("busybox.whoami-root", ["busybox", "sh", "-c"], "whoami"),
    ("busybox.timeout-kills", ["busybox", "sh", "-c"], "busybox timeout 1 sleep 5; echo $?"),
    ("busybox.timeout-ok", ["busybox", "sh", "-c"], "busybox timeout 5 echo done; echo $?"),
    ("busybox.timeout-status", ["busybox", "sh", "-c"], "busybox timeout 5 sh -c 'exit 3'; echo $?"),
    ("busybox.timeout-kill", ["busybox", "sh", "-c"], "busybox timeout -s KILL 1 sleep 5; echo $?"),
    ("coreutils.timeout-kills", ["dash", "-c"], "timeout 1 sleep 5; echo $?"),
    ("coreutils.timeout-ok", ["dash", "-c"], "timeout 5 echo done; echo $?"),
    ("coreutils.timeout-kill", ["dash", "-c"], "timeout -s KILL 1 sleep 5; echo $?"),
    ("busybox.timeout-notfound", ["busybox", "sh", "-c"], "busybox timeout 1 nosuchcmd; echo $?"),
    ("coreutils.timeout-notfound", ["dash", "-c"], "timeout 1 nosuchcmd; echo $?"),
    ("busybox.nc-z-open", ["busybox", "sh", "-c"], "busybox nc -z 127.0.0.1 18080; echo $?"),
    ("busybox.nc-zv-open", ["busybox", "sh", "-c"], "busybox nc -zv 127.0.0.1 18080; echo $?"),
    ("busybox.nc-zv-closed", ["busybox", "sh", "-c"], "busybox nc -zv 127.0.0.1 1; echo $?"),
    ("busybox.nc-z-closed", ["busybox", "sh", "-c"], "busybox nc -z 127.0.0.1 1; echo $?"),
    ("busybox.nc-zv-badhost", ["busybox", "sh", "-c"], "busybox nc -zv nosuchhost.invalid 80; echo $?"),
    ("busybox.nc-zv-w-timeout", ["busybox", "sh", "-c"], "busybox nc -zv -w 1 10.255.255.1 80; echo $?"),
    ("busybox.nc-noargs", ["busybox", "sh", "-c"], "busybox nc; echo $?"),
    ("openbsd.nc-zv-open", ["dash", "-c"], "nc -zv 127.0.0.1 18080; echo $?"),
    ("openbsd.nc-z-open", ["dash", "-c"], "nc -z 127.0.0.1 18080; echo $?"),
    ("openbsd.nc-zv-closed", ["dash", "-c"], "nc -zv 127.0.0.1 1; echo $?"),
    ("openbsd.nc-zv-badhost", ["dash", "-c"], "nc -zv nosuchhost.invalid 80; echo $?"),
    ("openbsd.nc-zv-w-timeout", ["dash", "-c"], "nc -zv -w 1 10.255.255.1 80; echo $?"),
    ("busybox.ps", ["busybox", "sh", "-c"], "busybox ps -o pid,user,comm | head -1"),
    ("busybox.ps-header", ["busybox", "sh", "-c"], "busybox ps | head -1"),
    ("busybox.cp-missing", ["busybox", "sh", "-c"], "busybox cp /nope/a /tmp/rec-b; echo $?"),
    ("busybox.mv-missing", ["busybox", "sh", "-c"], "busybox mv /nope/a /tmp/rec-b; echo $?"),
    ("coreutils.cp-missing", ["dash", "-c"], "cp /nope/a /tmp/rec-b; echo $?"),
    ("coreutils.mv-missing", ["dash", "-c"], "mv /nope/a /tmp/rec-b; echo $?"),
    ("busybox.cp-mv", ["busybox", "sh", "-c"],
     "cd /tmp/rec && echo one > a && busybox cp a b && busybox mv b c && busybox cat c && busybox ls"),
    ("busybox.cp-dir-no-r", ["busybox", "sh", "-c"], "mkdir -p /tmp/rec/d && busybox cp /tmp/rec/d /tmp/rec/e; echo $?"),
    ("busybox.sed", ["busybox", "sh", "-c"],
     "printf 'hello\\nworld\\n' | busybox sed 's/o/0/g'; printf 'a\\nb\\nc\\n' | busybox sed -n '2p'; "
     "printf 'a\\nb\\nc\\n' | busybox sed '2d'; printf 'x=1\\n' | busybox sed -e 's/=/: /' -e 's/x/key/'"),
    ("busybox.sed-i", ["busybox", "sh", "-c"],
     "cd /tmp/rec && printf 'listen 80;\\n' > conf && busybox sed -i 's/80/8080/' conf && busybox cat conf"),
    ("busybox.sed-missing", ["busybox", "sh", "-c"], "busybox sed s/a/b/ /nope/x; echo $?"),
    ("gnu.sed-missing", ["dash", "-c"], "sed s/a/b/ /nope/x; echo $?"),
    ("busybox.sed-bad", ["busybox", "sh", "-c"], "echo a | busybox sed 's/a'; echo $?"),
    ("busybox.chmod-missing", ["busybox", "sh", "-c"], "busybox chmod 755 /nope/x; echo $?"),
    ("coreutils.chmod-missing", ["dash", "-c"], "chmod 755 /nope/x; echo $?"),
    ("busybox.touch-denied", NONROOT + ["busybox", "sh", "-c"], "busybox touch /etc/rec-x; echo $?"),
    ("busybox.redirect-denied", NONROOT + ["busybox", "sh", "-c"], "echo hi > /etc/rec-x; echo $?"),
    ("busybox.mkdir-denied", NONROOT + ["busybox", "sh", "-c"], "busybox mkdir /etc/rec-x; echo $?"),
    ("busybox.rm-denied", NONROOT + ["busybox", "sh", "-c"], "busybox rm /etc/hostname; echo $?"),
    ("dash.redirect-denied", NONROOT + ["dash", "-c"], "echo hi > /etc/rec-x; echo $?"),
    ("coreutils.touch-denied", NONROOT + ["dash", "-c"], "touch /etc/rec-x; echo $?"),
    ("coreutils.mkdir-denied", NONROOT + ["dash", "-c"], "mkdir /etc/rec-x; echo $?"),
    ("busybox.exec-notfound", ["busybox", "sh", "-c"], "echo before; exec nosuchcmd; echo after"),
    ("dash.exec-notfound", ["dash", "-c"], "echo before; exec nosuchcmd; echo after"),
    ("busybox.exec-replaces", ["busybox", "sh", "-c"], "exec echo replaced; echo after"),
    ("busybox.date-formats", ["busybox", "sh", "-c"], "TZ=UTC busybox date -d @1772442000; TZ=UTC busybox date -u -d @1772442000 +%Y-%m-%dT%H:%M:%SZ"),
    ("coreutils.date-formats", ["dash", "-c"], "TZ=UTC date -d @1772442000; TZ=UTC date -u -d @1772442000 -R"),
    ("busybox.cat-devnull", ["busybox", "sh", "-c"], "busybox cat /dev/null; echo $?; echo gone > /dev/null; echo $?"),
    ("busybox.head-tail-grep", ["busybox", "sh", "-c"],
     "printf '1\\n2\\n3\\n4\\n' > /tmp/rec/n; busybox head -n 2 /tmp/rec/n; busybox tail -n 1 /tmp/rec/n; "
     "busybox grep -c 3 /tmp/rec/n; busybox grep -v 3 /tmp/rec/n | busybox wc -l"),
    ("busybox.proc-cmdline", ["busybox", "sh", "-c"], "busybox sleep 30 & sleep 0.2; busybox tr '\\0' ' ' < /proc/$!/cmdline; echo; kill $!"),
    ("busybox.printenv-missing", ["busybox", "sh", "-c"], "busybox printenv NOPE_NOT_SET; echo $?"),
    ("busybox.sleep-bad", ["busybox", "sh", "-c"], "busybox sleep abc; echo $?"),
    ("coreutils.sleep-bad", ["dash", "-c"], "sleep abc; echo $?"),
    ("busybox.chmod-ok", ["busybox", "sh", "-c"], "cd /tmp/rec && busybox touch m && busybox chmod 600 m; echo $?"),
    ("busybox.kill-bad", ["busybox", "sh", "-c"], "busybox kill 99999; echo $?"),
]


def main():
    os.makedirs("/tmp/rec", exist_ok=True)
    server = subprocess.Popen([sys.executable, "-m", "http.server", "18080", "--bind", "127.0.0.1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/tmp/rec")
    time.sleep(1)
    out = {"recorded_with": "Debian 12: BusyBox 1.36.1 (defconfig, from source; cases bb.*), Debian's busybox "
                            "1:1.35.0-4+deb12u1 (cases busybox.*, applets named explicitly), netcat-openbsd 1.219-1, "
                            "coreutils 9.1, dash 0.5.12, bash 5.2, GNU sed 4.9, curl 7.88.1; non-root cases as uid "
                            "1234 gid 3000 groups 2000,3000 (no passwd entry) via setpriv",
           "cases": {}}
    Path("/tmp/rec/rec-page.txt").write_text("recorded page\n")
    os.chmod("/tmp/rec", 0o777)
    try:
        for name, prefix, command in BB_CASES + CASES:
            path = BB_PATH if name.startswith("bb.") else os.environ["PATH"]
            argv = prefix + [command]
            executable = None
            if name.startswith("bb."):
                # argv[0] stays "sh"; setpriv finds BusyBox's sh on PATH, else it is the executable
                executable = "/tmp/bbroot/bin/sh" if argv[0] == "sh" else None
            proc = subprocess.run(argv, executable=executable, capture_output=True, env={"PATH": path},
                                  cwd="/tmp/rec", timeout=30)
            out["cases"][name] = {"command": command, "as": "uid 1234" if prefix[:1] == ["setpriv"] else "root",
                                  "stdout": proc.stdout.decode(), "stderr": proc.stderr.decode(),
                                  "exit": proc.returncode}
    finally:
        server.terminate()
    (HERE / "shell.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
