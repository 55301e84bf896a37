#!/usr/bin/python3
"""Idle cost of running processes, every thread counted (for scripts/bench-idle.sh).

    idle.py SECONDS LABEL PID [PID ...]

Reads /proc/PID/task/*/stat (utime + stime, in clock ticks) and
/proc/PID/task/*/status (voluntary and nonvoluntary context switches) of
every thread of the given processes, sleeps SECONDS, reads them again, and
prints one Markdown table row: LABEL | threads | CPU ticks (ms) | voluntary |
nonvoluntary | busiest thread (its name and switches). A thread started
during the window counts from zero; one that ended is left out.
A measurement, not a test: nothing here passes or fails on a figure.
"""
import os
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def snapshot(pids):
    threads = {}
    for pid in pids:
        base = f"/proc/{pid}/task"
        try:
            tids = os.listdir(base)
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"{base}/{tid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                with open(f"{base}/{tid}/status") as f:
                    status = dict(line.split(":", 1) for line in f if ":" in line)
                with open(f"{base}/{tid}/comm") as f:
                    name = f.read().strip()
            except OSError:
                continue
            # After the ")" of comm: field 3 (state) is index 0, so utime
            # (field 14) is index 11 and stime (15) index 12.
            ticks = int(fields[11]) + int(fields[12])
            vol = int(status["voluntary_ctxt_switches"])
            nonvol = int(status["nonvoluntary_ctxt_switches"])
            threads[(pid, tid)] = (name, ticks, vol, nonvol)
    return threads


def main():
    seconds = float(sys.argv[1])
    label = sys.argv[2]
    pids = sys.argv[3:]
    before = snapshot(pids)
    time.sleep(seconds)
    after = snapshot(pids)
    ticks = vol = nonvol = 0
    busiest = ("-", -1)
    for key, (name, t1, v1, n1) in after.items():
        _, t0, v0, n0 = before.get(key, (name, 0, 0, 0))
        ticks += t1 - t0
        vol += v1 - v0
        nonvol += n1 - n0
        switches = (v1 - v0) + (n1 - n0)
        if switches > busiest[1]:
            busiest = (name, switches)
    print(
        f"| {label} | {len(after)} | {ticks} ({ticks * 1000 // TICK} ms) | {vol} | {nonvol} "
        f"| {busiest[0]} ({busiest[1]}) |"
    )


if __name__ == "__main__":
    main()
