"""jshost serve against the Node reference service (benchmarks/node/service.js), side by side (see benchmarks/run-service).
W1 webhook round trip (wrk): requests/s at saturation, p50/p99 at a moderate rate; W2 idle memory per warm step;
W3 messages through a three-step flow."""
import json, os, re, shutil, signal, statistics, subprocess, sys, tempfile, time, urllib.request
from wrk_run import wrk as run_wrk

ROUNDS, W3_MESSAGES = int(sys.argv[1]), int(sys.argv[2])
ROOT = os.getcwd()
JSHOST = os.path.join(ROOT, ".build-static/release/jshost")
NODE_SERVICE = os.path.join(ROOT, "benchmarks/node/service.js")
work = tempfile.mkdtemp(prefix="jshost-service-bench-")


def flow(fid, nodes, edges=(), cron=None):
    attributes = {"name": fid, "status": "active", "graph": {"nodes": nodes, "edges": [{"source": s, "target": t} for s, t in edges]}}
    if cron: attributes["cron"] = cron
    return {"data": {"type": "flow", "id": fid, "attributes": attributes}}


def folder(name, flows):
    path = os.path.join(work, name)
    os.makedirs(path)
    for f in flows:
        with open(os.path.join(path, f["data"]["id"] + ".json"), "w") as out: json.dump(f, out)
    return path


class Service:
    """jshost serve or the Node reference on a free port, until stopped."""
    def __init__(self, kind, flows_dir):
        state = tempfile.mkdtemp(dir=work)
        self.key = ""
        if kind == "jshost":
            # Flow control needs an edit key.
            self.key = subprocess.run([JSHOST, "apikey", "create", "bench", "--role", "edit", "--replace", "--state-dir", state],
                                      capture_output=True, text=True, check=True).stdout.strip()
            command = [JSHOST, "serve", flows_dir, "--port", "0", "--state-dir", state]
        else:
            command = ["node", NODE_SERVICE, flows_dir, "--port", "0", "--state", state]
        env = dict(os.environ, LOG_LEVEL="warn")
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        line = self.process.stdout.readline()
        self.port = int(re.search(r":(\d+)", line.split("http://")[1]).group(1))
        self.base = f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try: self.process.wait(timeout=60)
        except subprocess.TimeoutExpired: self.process.kill()

    def executions(self, flow_id, step):
        text = urllib.request.urlopen(self.base + "/metrics").read().decode()
        match = re.search(r'jshost_executions_total\{flow="%s",step="%s"\} (\d+)' % (flow_id, step), text)
        return int(match.group(1)) if match else 0

    def executed_steps(self):
        """The (flow, step) pairs that ran at least once, from one read of the metrics."""
        text = urllib.request.urlopen(self.base + "/metrics").read().decode()
        return {(f, s) for f, s, n in re.findall(r'jshost_executions_total\{flow="([^"]+)",step="([^"]+)"\} (\d+)', text) if int(n) > 0}

    def post(self, path):
        request = urllib.request.Request(self.base + path, data=b"", method="POST")
        if self.key: request.add_header("Authorization", "Bearer " + self.key)
        urllib.request.urlopen(request).read()


def rss_anon_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("RssAnon:"): return int(line.split()[1])
    return 0


def tree(pid):
    """pid and its descendants."""
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True, text=True).stdout.split("\n")
    children = {}
    for row in out:
        if row.strip():
            p, pp = map(int, row.split())
            children.setdefault(pp, []).append(p)
    found, todo = [], [pid]
    while todo:
        p = todo.pop(); found.append(p); todo += children.get(p, [])
    return found


POST_LUA = os.path.join(work, "post.lua")
with open(POST_LUA, "w") as f:
    f.write('wrk.method = "POST"\nwrk.body = \'{"order":7,"items":["a","b"],"note":"benchmark"}\'\n'
            'wrk.headers["Content-Type"] = "application/json"\n')
PACED_LUA = os.path.join(work, "paced.lua")
with open(PACED_LUA, "w") as f:
    f.write(open(POST_LUA).read() + "function delay() return 10 end\n")


def wrk(url, script, connections, seconds):
    rps, p50, p99, bad = run_wrk(url, script, connections, seconds)
    if bad: raise SystemExit(f"{bad} answers from {url} were not 2xx")
    return rps, p50, p99


components = os.path.join(ROOT, "components")
echo = folder("w1", [flow("echo", [{"id": "step_1", "command": f"{components}/webhook:receive"},
                                   {"id": "step_2", "command": f"{components}/http-reply:reply"}], [("step_1", "step_2")])])
w1 = {"jshost": {"rps": [], "p50": [], "p99": []}, "node": {"rps": [], "p50": [], "p99": []}}
services = {kind: Service(kind, echo) for kind in ("jshost", "node")}
for kind, service in services.items(): wrk(service.base + "/hook/echo", POST_LUA, 16, 2)  # warm up
for round_ in range(ROUNDS):
    for kind, service in services.items():
        rps, _, _ = wrk(service.base + "/hook/echo", POST_LUA, 64, 8)
        _, p50, p99 = wrk(service.base + "/hook/echo", PACED_LUA, 4, 8)
        w1[kind]["rps"].append(rps); w1[kind]["p50"].append(p50); w1[kind]["p99"].append(p99)
    print(f"W1 round {round_ + 1}/{ROUNDS} done", file=sys.stderr)
for service in services.values(): service.stop()

# W2: 100 and 1,000 flows, each a warm polling step (loaded, init'ed, run once), then idle.
counter = os.path.join(components, "iteration-counter")
w2 = {}
for steps in (100, 1000):
    idle = folder(f"w2-{steps}", [flow(f"idle-{n:04}", [{"id": "step_1", "command": f"{counter}:count"}], cron="0 0 1 1 *") for n in range(steps)])
    for kind in ("jshost", "node"):
        service = Service(kind, idle)
        for n in range(steps): service.post(f"/v2/flows/idle-{n:04}/run-now")
        deadline = time.time() + 600
        while time.time() < deadline:
            ran = service.executed_steps()
            if all((f"idle-{n:04}", "step_1") in ran for n in range(steps)): break
            time.sleep(0.5)
        time.sleep(5)
        processes = tree(service.process.pid)
        total = sum(rss_anon_kib(p) for p in processes) / 1024
        w2.setdefault(kind, {})[steps] = {"processes": len(processes), "rss_anon_mib_total": total, "per_step_mib": total / steps}
        service.stop()
    print(f"W2 at {steps} steps done", file=sys.stderr)
# sailor's model: one Node process per step (the Node reference with one flow, idle).
single = folder("w2-single", [flow("one", [{"id": "step_1", "command": f"{counter}:count"}], cron="0 0 1 1 *")])
service = Service("node", single)
service.post("/v2/flows/one/run-now"); time.sleep(3)
w2["node_process_per_step_mib"] = rss_anon_kib(service.process.pid) / 1024
service.stop()

# W3: W3_MESSAGES messages through burst → map → tally.
bench = os.path.join(ROOT, "benchmarks/components")
three = folder("w3", [flow("three", [{"id": "step_1", "command": f"{bench}/burst:burst", "fields": {"count": W3_MESSAGES}},
                                     {"id": "step_2", "command": f"{bench}/map:map"},
                                     {"id": "step_3", "command": f"{bench}/burst:tally"}],
                           [("step_1", "step_2"), ("step_2", "step_3")], cron="0 0 1 1 *")])
w3 = {"jshost": [], "node": []}
for round_ in range(ROUNDS):
    for kind in ("jshost", "node"):
        service = Service(kind, three)
        started = time.perf_counter()
        service.post("/v2/flows/three/run-now")
        while service.executions("three", "step_3") < W3_MESSAGES: time.sleep(0.05)
        w3[kind].append(W3_MESSAGES / (time.perf_counter() - started))
        service.stop()
    print(f"W3 round {round_ + 1}/{ROUNDS} done", file=sys.stderr)

med = statistics.median
report = {
    "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "command": f"benchmarks/run-service {ROUNDS} {W3_MESSAGES}",
    "W1": {k: {m: med(v) for m, v in d.items()} for k, d in w1.items()}, "W2": w2,
    "W3_messages_per_s": {k: med(v) for k, v in w3.items()}, "raw": {"W1": w1, "W3": w3},
}
report["W1_throughput_ratio"] = report["W1"]["jshost"]["rps"] / report["W1"]["node"]["rps"]
report["W1_p99_ratio"] = report["W1"]["jshost"]["p99"] / report["W1"]["node"]["p99"]
report["W3_ratio"] = report["W3_messages_per_s"]["jshost"] / report["W3_messages_per_s"]["node"]
os.makedirs(os.path.join(ROOT, "benchmarks/results"), exist_ok=True)
with open(os.path.join(ROOT, "benchmarks/results/service-latest.json"), "w") as f: json.dump(report, f, indent=2)
shutil.rmtree(work, ignore_errors=True)
W1, W3 = report["W1"], report["W3_messages_per_s"]
print(f"{report['date']}; `{report['command']}`; medians of {ROUNDS} rounds\n")
print("| benchmark | jshost | Node | ratio | goal |")
print("|---|---|---|---|---|")
print(f"| W1 webhook round trips/s at saturation (64 connections) | {W1['jshost']['rps']:,.0f} | {W1['node']['rps']:,.0f} | {report['W1_throughput_ratio']:.2f}× | ≥ 2× |")
print(f"| W1 p50 / p99 ms at a moderate rate | {W1['jshost']['p50']:.2f} / {W1['jshost']['p99']:.2f} | {W1['node']['p50']:.2f} / {W1['node']['p99']:.2f} | p99 {report['W1_p99_ratio']:.2f}× | p99 ≤ Node's |")
for steps in (100, 1000):
    print(f"| W2 idle RssAnon per warm step, MiB ({steps:,} steps) | {w2['jshost'][steps]['per_step_mib']:.2f} | {w2['node'][steps]['per_step_mib']:.1f} in one process; {w2['node_process_per_step_mib']:.1f} a process per step | | ≤ 3 MiB |")
print(f"| W3 {W3_MESSAGES:,} messages through three steps, msgs/s | {W3['jshost']:,.0f} | {W3['node']:,.0f} | {report['W3_ratio']:.2f}× | ≥ 1.5× |")
