#!/usr/bin/env python3
# Time from spawning loomctl in a pseudo-terminal to its shell prompt (7 runs). Usage: shell-ready.py BINARY
import pexpect, time, sys, os, statistics
b = sys.argv[1]
ts = []
for i in range(7):
    t0 = time.monotonic()
    p = pexpect.spawn(b, [], encoding="utf-8", timeout=5, dimensions=(40, 200))
    p.expect(r"loomctl \(")
    ts.append((time.monotonic() - t0) * 1000)
    p.sendcontrol("d"); p.expect(pexpect.EOF); p.close()
print("ready ms: median %.1f min %.1f max %.1f" % (statistics.median(ts), min(ts), max(ts)))
