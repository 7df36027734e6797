#!/usr/bin/env python3
"""Interleaved A/B timing of whole commands on a shared machine.

    bench/interleave.py RUNS NAME=COMMAND [NAME=COMMAND ...] [--prepare NAME=COMMAND ...] [--json FILE]

Each round runs every command once, in the order given, each after its own prepare command (not
timed), so a change in the machine's load hits every command alike instead of whichever happened
to run during it (hyperfine runs all runs of one command, then all of the next). Commands run
through `sh -c`. Prints, per command: median wall time, min and max, the median CPU time
(user + sys of the command and its children) and the ratio of its median to the first command's;
and the load average before and after. A command that fails stops the run.
"""
import json
import os
import resource
import statistics
import subprocess
import sys
import time


def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    runs = int(argv[1])
    commands, prepares, json_out = [], {}, None
    i = 2
    while i < len(argv):
        a = argv[i]
        if a == "--prepare":
            name, _, cmd = argv[i + 1].partition("=")
            prepares[name] = cmd
            i += 2
        elif a == "--json":
            json_out = argv[i + 1]
            i += 2
        else:
            name, _, cmd = a.partition("=")
            commands.append((name, cmd))
            i += 1
    load_before = open("/proc/loadavg").read().split()[:3]
    wall = {n: [] for n, _ in commands}
    cpu = {n: [] for n, _ in commands}
    for r in range(runs):
        for name, cmd in commands:
            if name in prepares:
                subprocess.run(["sh", "-c", prepares[name]], check=True, stdout=subprocess.DEVNULL)
            c0 = cpu_children()
            t0 = time.perf_counter()
            p = subprocess.run(["sh", "-c", cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            t1 = time.perf_counter()
            c1 = cpu_children()
            if p.returncode != 0:
                sys.stderr.write(p.stderr.decode(errors="replace"))
                print(f"{name} failed with exit code {p.returncode}", file=sys.stderr)
                return 1
            wall[name].append(t1 - t0)
            cpu[name].append(c1 - c0)
        print(f"round {r + 1}/{runs}: " + ", ".join(f"{n} {wall[n][-1] * 1000:.0f} ms" for n, _ in commands), file=sys.stderr)
    load_after = open("/proc/loadavg").read().split()[:3]
    first = statistics.median(wall[commands[0][0]])
    result = {"runs": runs, "load_before": load_before, "load_after": load_after, "commands": []}
    for name, cmd in commands:
        med = statistics.median(wall[name])
        row = {"name": name, "command": cmd, "median_ms": round(med * 1000, 1),
               "min_ms": round(min(wall[name]) * 1000, 1), "max_ms": round(max(wall[name]) * 1000, 1),
               "cpu_median_ms": round(statistics.median(cpu[name]) * 1000, 1),
               "ratio": round(med / first, 2), "wall_ms": [round(w * 1000, 1) for w in wall[name]],
               "cpu_ms": [round(c * 1000, 1) for c in cpu[name]]}
        result["commands"].append(row)
        print(f"{name}: median {row['median_ms']:.0f} ms (min {row['min_ms']:.0f}, max {row['max_ms']:.0f}); "
              f"CPU {row['cpu_median_ms']:.0f} ms; ratio {row['ratio']:.2f}")
    print(f"load average before {' '.join(load_before)}, after {' '.join(load_after)}; {runs} interleaved rounds")
    if json_out:
        with open(json_out, "w") as f:
            json.dump(result, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
