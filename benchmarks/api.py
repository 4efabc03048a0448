"""The snapshot API of jshost serve under load (see benchmarks/run-api).
A1 GET of one snapshot with wrk, while a polling flow commits that same step every second, against the same GET
   with nothing committing, in the same run: requests/s at saturation, p50/p99 at a little over 1,000 requests/s
   (7 connections, each waiting 4 ms after each answer).
A2 PATCH with If-Match, each request sending the version the last one returned: changes/s, against A1's reads/s.
A3 lost updates: rounds of two PATCHes racing with the same If-Match; exactly one must win each round."""
import json, os, re, shutil, statistics, subprocess, sys, tempfile, threading, time, urllib.error, urllib.request
from wrk_run import wrk as run_wrk

ROUNDS, RACES = int(sys.argv[1]), int(sys.argv[2])
ROOT = os.getcwd()
JSHOST = os.path.join(ROOT, ".build-static/release/jshost")
work = tempfile.mkdtemp(prefix="jshost-api-bench-")
state = os.path.join(work, "state")
ENV = dict(os.environ, JSHOST_STATE_DIR=state, LOG_LEVEL="warn")
counter = os.path.join(ROOT, "components/iteration-counter")


def flow(fid, status, cron):
    return {"data": {"type": "flow", "id": fid, "attributes": {"name": fid, "status": status, "cron": cron,
            "graph": {"nodes": [{"id": "step_1", "command": f"{counter}:count"}], "edges": []}}}}


flows = os.path.join(work, "flows")
os.makedirs(flows)
# "busy" commits its step every second; "quiet" never runs, so API changes to it are never refused as busy.
for f in (flow("busy", "inactive", "* * * * * *"), flow("quiet", "inactive", "0 0 1 1 *")):
    with open(os.path.join(flows, f["data"]["id"] + ".json"), "w") as out: json.dump(f, out)
KEY = subprocess.run([JSHOST, "apikey", "create", "bench", "--role", "edit", "--replace"], env=ENV, capture_output=True, text=True, check=True).stdout.strip()
service = subprocess.Popen([JSHOST, "serve", flows, "--port", "0"], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
BASE = "http://127.0.0.1:" + re.search(r":(\d+) ", service.stdout.readline()).group(1)


def call(method, path, body=None, headers=None):
    request = urllib.request.Request(BASE + path, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("Authorization", "Bearer " + KEY)
    if body is not None: request.add_header("Content-Type", "application/vnd.api+json")
    for name, value in (headers or {}).items(): request.add_header(name, value)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers.get("ETag"), response.read()
    except urllib.error.HTTPError as error:
        return error.code, None, error.read()


def document(value):
    return {"data": {"type": "snapshot", "id": "step_1", "attributes": {"snapshot": value}}}


def lua(name, text):
    path = os.path.join(work, name)
    with open(path, "w") as f: f.write(text)
    return path


AUTH = f'wrk.headers["Authorization"] = "Bearer {KEY}"\n'
GET_LUA = lua("get.lua", AUTH)
PACED_LUA = lua("paced.lua", AUTH + "function delay() return 4 end\n")
# Each connection sends the version its last answer gave, so every PATCH is a real compare-and-set.
PATCH_LUA = lua("patch.lua", AUTH + """wrk.method = "PATCH"
wrk.headers["Content-Type"] = "application/vnd.api+json"
local version = "1"
local n = 0
request = function()
  n = n + 1
  wrk.headers["If-Match"] = '"' .. version .. '"'
  return wrk.format(nil, nil, nil, '{"data":{"type":"snapshot","id":"step_1","attributes":{"snapshot":{"n":' .. n .. '}}}}')
end
response = function(status, headers, body)
  if headers["ETag"] then version = string.gsub(headers["ETag"], '"', '') end
end
""")


def wrk(path, script, connections, seconds, threads=2):
    return run_wrk(BASE + path, script, connections, seconds, threads)


def wait_for(condition, what):
    deadline = time.time() + 30
    while time.time() < deadline:
        if condition(): return
        time.sleep(0.1)
    raise SystemExit("timed out waiting for " + what)


try:
    # A1: the busy step's snapshot, read with and without its flow committing it every second.
    snapshot = "/v2/flows/busy/snapshots/step_1"
    assert call("POST", "/v2/flows/busy/snapshots/", document({"iteration": 0}))[0] == 201
    wrk(snapshot, GET_LUA, 16, 2)  # warm up
    a1 = {"committing": {"rps": [], "p50": [], "p99": [], "paced_rps": []}, "idle": {"rps": [], "p50": [], "p99": [], "paced_rps": []}}
    for round_ in range(ROUNDS):
        for mode in ("idle", "committing"):
            if mode == "committing":
                assert call("POST", "/v2/flows/busy/start")[0] == 202
                before = json.loads(call("GET", snapshot)[2])["data"]["meta"]["version"]
                wait_for(lambda: json.loads(call("GET", snapshot)[2])["data"]["meta"]["version"] > before, "the first commit")
            rps, _, _, bad = wrk(snapshot, GET_LUA, 32, 6)
            paced_rps, p50, p99, bad2 = wrk(snapshot, PACED_LUA, 7, 6)
            if bad or bad2: raise SystemExit(f"A1 {mode}: {bad + bad2} answers were not 2xx")
            for name, value in (("rps", rps), ("p50", p50), ("p99", p99), ("paced_rps", paced_rps)): a1[mode][name].append(value)
            if mode == "committing":
                assert call("POST", "/v2/flows/busy/stop")[0] == 202
        print(f"A1 round {round_ + 1}/{ROUNDS} done", file=sys.stderr)
    commits = json.loads(call("GET", snapshot)[2])["data"]["meta"]["version"]

    # A2: compare-and-set changes of the quiet step, one connection (each waits for its last answer's ETag).
    assert call("POST", "/v2/flows/quiet/snapshots/", document({"n": 0}))[0] == 201
    a2 = []
    for round_ in range(ROUNDS):
        status, etag, _ = call("GET", "/v2/flows/quiet/snapshots/step_1")
        with open(PATCH_LUA) as f: script = f.read()
        script = re.sub(r'local version = "\d+"', f'local version = "{etag.strip(chr(34))}"', script)
        with open(PATCH_LUA, "w") as f: f.write(script)
        rps, p50, p99, bad = wrk("/v2/flows/quiet/snapshots/step_1", PATCH_LUA, 1, 6, threads=1)
        if bad: raise SystemExit(f"A2: {bad} PATCHes were refused; each sent the version the last one returned")
        a2.append({"rps": rps, "p50": p50, "p99": p99})
        print(f"A2 round {round_ + 1}/{ROUNDS} done", file=sys.stderr)

    # A3: two PATCHes race with the same If-Match, RACES times.
    won, lost, both, neither = 0, 0, 0, 0
    for race in range(RACES):
        _, etag, body = call("GET", "/v2/flows/quiet/snapshots/step_1")
        version = int(etag.strip('"'))
        results, barrier = {}, threading.Barrier(2)
        def racer(name):
            barrier.wait()
            results[name] = call("PATCH", "/v2/flows/quiet/snapshots/step_1", document({"race": race, "by": name}), {"If-Match": etag})[0]
        threads = [threading.Thread(target=racer, args=(name,)) for name in ("left", "right")]
        for t in threads: t.start()
        for t in threads: t.join()
        winners = [name for name, status in results.items() if status == 200]
        _, after_etag, after = call("GET", "/v2/flows/quiet/snapshots/step_1")
        stored = json.loads(after)["data"]["attributes"]["snapshot"]
        if len(winners) == 1 and sorted(results.values()) == [200, 412] and stored == {"race": race, "by": winners[0]} \
                and int(after_etag.strip('"')) == version + 1:
            won += 1
        elif len(winners) == 2: both += 1
        elif not winners: neither += 1
        else: lost += 1
finally:
    service.terminate()
    service.wait(timeout=30)
    shutil.rmtree(work, ignore_errors=True)

med = statistics.median
A1 = {mode: {name: med(values) for name, values in d.items()} for mode, d in a1.items()}
A2 = {name: med(r[name] for r in a2) for name in ("rps", "p50", "p99")}
report = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "command": f"benchmarks/run-api {ROUNDS} {RACES}",
          "A1": A1, "A1_commits_during_reads": commits, "A2": A2,
          "A3": {"races": RACES, "exactly_one_won": won, "both_won": both, "neither_won": neither, "wrong_value": lost},
          "raw": {"A1": a1, "A2": a2}}
os.makedirs(os.path.join(ROOT, "benchmarks/results"), exist_ok=True)
with open(os.path.join(ROOT, "benchmarks/results/api-latest.json"), "w") as f: json.dump(report, f, indent=2)
c, i = A1["committing"], A1["idle"]
print(f"{report['date']}; `{report['command']}`; medians of {ROUNDS} rounds\n")
print("| benchmark | with commits | without | ratio | goal |")
print("|---|---|---|---|---|")
print(f"| A1 GET one snapshot, requests/s at saturation (32 connections) | {c['rps']:,.0f} | {i['rps']:,.0f} | {c['rps'] / i['rps']:.2f}× | |")
print(f"| A1 GET p50 / p99 ms at {c['paced_rps']:,.0f} / {i['paced_rps']:,.0f} requests/s | {c['p50']:.2f} / {c['p99']:.2f} | {i['p50']:.2f} / {i['p99']:.2f} | p99 {c['p99'] / i['p99']:.2f}× | p99 < 2 ms at 1,000/s |")
print(f"| A1 commits of the read step while it was read | {commits - 1:,} | 0 | | |")
print(f"| A2 PATCH with If-Match, changes/s (p99 ms), one client | {A2['rps']:,.0f} ({A2['p99']:.2f}) | reads: {i['rps']:,.0f} | {A2['rps'] / i['rps']:.2f}× of reads | |")
print(f"| A3 races of two PATCHes with one If-Match: exactly one won | {won:,} of {RACES:,} | both won: {both}, neither: {neither}, wrong value: {lost} | | all, none lost |")
