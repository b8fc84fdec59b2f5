"""Runs one command and writes what it cost to a file: `python -I -S launcher.py OUT CMD...`.

Why a launcher rather than `os.wait4` in the benchmark process itself: Linux starts a child's
peak-RSS counter with the memory of the process it was forked (or vforked) from, so a child of a
benchmark process holding a 48 MB synthetic spec would report that process's size. This small
interpreter (`-I -S`: no site, a few MiB) forks instead, so the peak it reports is the command's
own. It times the command (not its own start-up), reaps it with `os.wait4`, which also folds in
every descendant the command waited for, writes `{"wall", "cpu", "max_rss_kib", "returncode"}`
as JSON to OUT, and exits with the command's exit code. Standard library only.
"""

import json
import os
import sys
import time


def main() -> int:
    out, argv = sys.argv[1], sys.argv[2:]
    started = time.perf_counter()
    try:
        pid = os.posix_spawnp(argv[0], argv, os.environ)
    except OSError as error:
        print(f"cannot start {argv[0]}: {error}", file=sys.stderr)
        return 127
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "wall": wall,
                "cpu": usage.ru_utime + usage.ru_stime,
                "max_rss_kib": usage.ru_maxrss,
                "returncode": code,
            },
            handle,
        )
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main())
