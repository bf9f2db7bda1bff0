#!/usr/bin/env python3
"""Aggregates the CPU samples of a Java Flight Recording (jdk.ExecutionSample):

    python3 bench/jfr-top.py backend.jfr [thread-name-substring]

prints the top frames by self time (the frame on top of the stack), and the share of samples that
pass through each layer anywhere in their stack (inclusive): the HTTP stack (Vert.x, Netty, RESTEasy),
JSON (Jackson), transactions (Narayana JTA), Hibernate, the connection pool (Agroal), the PostgreSQL
driver, logging, Signalement's own code, and the intake's own methods. Uses `jfr print --json`
(the JDK's jfr tool)."""
import collections
import json
import subprocess
import sys

path = sys.argv[1]
thread_filter = sys.argv[2] if len(sys.argv) > 2 else None
raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "256", "--events", "jdk.ExecutionSample", path],
                     check=True, capture_output=True, text=True).stdout
events = json.loads(raw)["recording"]["events"]

LAYERS = [
    ("HTTP (Vert.x, Netty, RESTEasy Reactive)", ("io.vertx.", "io.netty.", "org.jboss.resteasy.", "io.quarkus.vertx.", "io.quarkus.resteasy.")),
    ("JSON (Jackson)", ("com.fasterxml.jackson.",)),
    ("transactions (Narayana JTA)", ("com.arjuna.", "io.quarkus.narayana.", "org.jboss.tm.", "io.narayana.")),
    ("Hibernate ORM", ("org.hibernate.",)),
    ("connection pool (Agroal)", ("io.agroal.",)),
    ("PostgreSQL JDBC driver", ("org.postgresql.",)),
    ("logging", ("org.jboss.logging.", "org.jboss.logmanager.", "io.quarkus.logging.")),
    ("CDI (ArC)", ("io.quarkus.arc.",)),
    ("Signalement code", ("fr.signalement.",)),
]

def frames(e):
    st = e["values"].get("stackTrace") or {}
    out = []
    for f in st.get("frames", []):
        m = f["method"]
        out.append(m["type"]["name"].replace("/", ".") + "." + m["name"])
    return out

selected = []
for e in events:
    t = (e["values"].get("sampledThread") or {}).get("javaName") or ""
    if thread_filter and thread_filter not in t:
        continue
    fs = frames(e)
    if fs:
        selected.append((t, fs))

n = len(selected)
print(f"{n} samples" + (f" on threads matching '{thread_filter}'" if thread_filter else ""))
top = collections.Counter(fs[0] for _, fs in selected)
print("\nTop frames (self):")
for f, c in top.most_common(25):
    print(f"  {100 * c / n:5.1f} %  {f}")
print("\nLayers (inclusive: samples with a frame of the layer anywhere in the stack):")
for name, prefixes in LAYERS:
    c = sum(1 for _, fs in selected if any(f.startswith(prefixes) for f in fs))
    print(f"  {100 * c / n:5.1f} %  {name}")
own = collections.Counter()
for _, fs in selected:
    seen = set()
    for f in fs:
        if f.startswith("fr.signalement.") and f not in seen:
            seen.add(f)
            own[f] += 1
print("\nSignalement methods (inclusive):")
for f, c in own.most_common(25):
    print(f"  {100 * c / n:5.1f} %  {f}")
threads = collections.Counter(t.split("-")[0] if t else "?" for t, _ in selected)
print("\nThreads:", ", ".join(f"{t} {100 * c / n:.0f} %" for t, c in threads.most_common(8)))
