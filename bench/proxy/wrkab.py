#!/usr/bin/env python3
"""Interleaved wrk runs against several servers, with each server's CPU time per request.

    bench/proxy/wrkab.py ROUNDS SECONDS CONNECTIONS NAME=URL@PID [NAME=URL@PID ...] [--latency]

Each round runs `wrk -t2 -cCONNECTIONS -dSECONDS` once per server, in the order given, so a change
in the machine's load hits every server alike. For each run it records requests/s and the CPU time
(user + system, from /proc/PID/stat, all threads) the server process PID used per request: on a
shared machine the first number moves with the load, the second much less, and it is what bounds
throughput once the cores are busy. Prints per server the median req/s (min-max), the median CPU
microseconds per request, the median p99 with --latency, and the ratio of the medians to the first
server; the load average before and after.
"""
import os
import re
import statistics
import subprocess
import sys

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    # Fields 14 and 15 (utime, stime) after the command name, which may contain spaces.
    stat = open(f"/proc/{pid}/stat").read()
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def children_cpu(pid):
    # nginx answers from its worker processes: add the CPU of the children of PID.
    total = cpu_seconds(pid)
    try:
        for t in os.listdir(f"/proc/{pid}/task"):
            kids = open(f"/proc/{pid}/task/{t}/children").read().split()
            total += sum(cpu_seconds(k) for k in kids)
    except OSError:
        pass
    return total


def to_ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)", v)
    if not m:
        return float("nan")
    x = float(m.group(1))
    return {"us": x / 1000, "ms": x, "s": x * 1000}[m.group(2)]


def main(argv):
    latency = "--latency" in argv
    argv = [a for a in argv if a != "--latency"]
    if len(argv) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    rounds, seconds, conns = int(argv[1]), argv[2], argv[3]
    servers = []
    for a in argv[4:]:
        name, _, rest = a.partition("=")
        url, _, pid = rest.rpartition("@")
        servers.append((name, url, int(pid)))
    load_before = open("/proc/loadavg").read().split()[:3]
    rps = {n: [] for n, _, _ in servers}
    cpu = {n: [] for n, _, _ in servers}
    p99 = {n: [] for n, _, _ in servers}
    for _ in range(rounds):
        for name, url, pid in servers:
            c0 = children_cpu(pid)
            cmd = ["wrk", "-t2", f"-c{conns}", f"-d{seconds}s"] + (["--latency"] if latency else []) + [url]
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            c1 = children_cpu(pid)
            m = re.search(r"^\s*(\d+) requests in", out, re.M)
            n = int(m.group(1)) if m else 0
            r = float(re.search(r"Requests/sec:\s*([\d.]+)", out).group(1))
            if re.search(r"Non-2xx", out):
                print(f"{name}: non-2xx answers:\n{out}", file=sys.stderr)
                return 1
            rps[name].append(r)
            cpu[name].append((c1 - c0) / n * 1e6 if n else float("nan"))
            if latency:
                m = re.search(r"^\s*99%\s+(\S+)", out, re.M)
                p99[name].append(to_ms(m.group(1)) if m else float("nan"))
    load_after = open("/proc/loadavg").read().split()[:3]
    first = servers[0][0]
    base_rps = statistics.median(rps[first])
    base_cpu = statistics.median(cpu[first])
    print(f"{rounds} rounds of {seconds}s, {conns} connections; load average before {' '.join(load_before)}, after {' '.join(load_after)}; {os.cpu_count()} cores")
    print(f"{'server':<14}{'req/s median':>14}{'(min-max)':>20}{'vs ' + first:>12}{'CPU us/req':>12}{'vs ' + first:>12}" + (f"{'p99 ms':>10}" if latency else ""))
    for name, _, _ in servers:
        r = statistics.median(rps[name])
        c = statistics.median(cpu[name])
        line = f"{name:<14}{r:>14.0f}{f'({min(rps[name]):.0f}-{max(rps[name]):.0f})':>20}{r / base_rps * 100:>11.0f}%{c:>12.0f}{c / base_cpu:>11.2f}x"
        if latency:
            line += f"{statistics.median(p99[name]):>10.2f}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
