#!/usr/bin/env python3
"""Sends every photo of a set (NAME.jpg + NAME.txt: "x y w h kind" per annotated box) to the intake,
waits for its public version, reads the blur boxes the backend chose through the staff API and prints,
per photo and in total, which annotated boxes are >= 80 % covered (faces counted from 40 px)."""
import json, os, sys, time, urllib.request, uuid

base, folder, label = sys.argv[1], sys.argv[2], sys.argv[3]
CATEGORY = "epave-d-automobile-ou-d-un-autre-vehicule-motorise"


def call(method, path, body=None, headers=None, raw=False):
    req = urllib.request.Request(base + path, data=body, method=method, headers=headers or {})
    with urllib.request.urlopen(req, timeout=120) as r:
        data = r.read()
        return (r, data) if raw else json.loads(data)


def send(photo, n):
    boundary = uuid.uuid4().hex
    report = json.dumps({"categoryCode": CATEGORY, "lat": 48.84 + 0.0013 * (n % 40), "lon": 2.30 + 0.0017 * (n // 40 + n % 7),
                         "description": "Véhicule (bench)"})
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="report"\r\nContent-Type: application/json\r\n\r\n{report}\r\n'.encode(),
             f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'.encode(),
             open(photo, "rb").read(), f'\r\n--{boundary}--\r\n'.encode()]
    return call("POST", "/api/v1/reports", b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def covered(box, blurs):
    """Share of the box's pixels inside the union of the blur boxes."""
    x, y, w, h = box
    inside = 0
    for py in range(y, y + h):
        for px in range(x, x + w):
            if any(b["x"] <= px < b["x"] + b["w"] and b["y"] <= py < b["y"] + b["h"] for b in blurs):
                inside += 1
    return inside / (w * h)


token = call("POST", "/api/v1/auth/login", json.dumps({"username": "admin", "password": "admin-demo"}).encode(),
             {"Content-Type": "application/json"})["accessToken"]
staff = {"Authorization": "Bearer " + token}
names = sorted(f[:-4] for f in os.listdir(folder) if f.endswith(".jpg"))
sent = {name: send(f"{folder}/{name}.jpg", i) for i, name in enumerate(names)}
false_blur = []
totals = {"plate": [0, 0], "face": [0, 0]}
print(f"| photo ({label}) | annotated | found (>= 80 % blurred) | boxes blurred |\n|---|---|---|---|")
for name in names:
    alert = sent[name]["alertId"]
    for _ in range(300):  # the public version comes from the anonymisation queue: wait for it, 5 minutes at most
        detail = call("GET", f"/api/v1/alerts/{alert}", headers=staff)
        photo = next(p for r in detail["reports"] for p in r["photos"] if r["trackingNumber"] == sent[name]["trackingNumber"])
        if photo["anonymised"]:
            break
        time.sleep(1)
    else:
        sys.exit(f"{name}: not anonymised after 5 minutes")
    marks = []
    for line in open(f"{folder}/{name}.txt"):
        x, y, w, h, kind = line.split()
        x, y, w, h = int(x), int(y), int(w), int(h)
        share = covered((x, y, w, h), photo["blurBoxes"])
        if kind == "plate" or max(w, h) >= 40:
            totals[kind][1] += 1
            totals[kind][0] += share >= 0.8
        marks.append(f"{'✓' if share >= 0.8 else '✗'}{kind} {w}px {share:.0%}")
    if not marks:
        blurred = sum(covered((x, y, 1, 1), photo["blurBoxes"]) for y in range(0, photo["height"], 4) for x in range(0, photo["width"], 4))
        false_blur.append(blurred / ((photo["height"] + 3) // 4 * ((photo["width"] + 3) // 4)))
        marks.append(f"no annotation: {false_blur[-1]:.2%} of the photo blurred")
    print(f"| {name} {photo['width']}x{photo['height']} | {len(marks)} | {'; '.join(marks)} | {len(photo['blurBoxes'])} |")
p, f = totals["plate"], totals["face"]
print(f"\n**Through the API ({label})**: plates {p[0]}/{p[1]} = {p[0] / max(1, p[1]):.2f}, faces >= 40 px {f[0]}/{f[1]} = {f[0] / max(1, f[1]):.2f}"
      + (f", false blur on the scene alone {false_blur[0]:.2%}" if false_blur else ""))
