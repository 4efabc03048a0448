"""Runs the jshost/Node benchmark pairs alternately and reports medians and ratios (see benchmarks/run)."""
import datetime, json, os, platform, shutil, statistics, subprocess, sys, tempfile, time

RUNS, MESSAGES = int(sys.argv[1]), int(sys.argv[2])
ROOT = os.getcwd()
JSHOST = os.path.join(ROOT, ".build-static/release/jshost")
NODE_RUNNER = os.path.join(ROOT, "benchmarks/node/runner.js")
COUNTER = os.path.join(ROOT, "components/iteration-counter")
MAP = os.path.join(ROOT, "benchmarks/components/map")
work = tempfile.mkdtemp(prefix="jshost-bench-")


def timed(command, stdout=None):
    """Wall seconds and peak RSS (KiB) of one child process."""
    out = open(stdout, "w") if stdout else subprocess.DEVNULL
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, cwd=work)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if stdout: out.close()
    if status != 0: raise SystemExit(f"failed ({status}): {' '.join(command)}")
    return wall, usage.ru_maxrss


def parallel(commands):
    """Wall seconds for running all commands at once."""
    started = time.perf_counter()
    children = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=work) for c in commands]
    for child in children:
        if child.wait() != 0: raise SystemExit(f"failed: {child.args}")
    return time.perf_counter() - started


def write_input(path):
    with open(path, "w") as f:
        for i in range(1, MESSAGES + 1):
            f.write(json.dumps({"body": {"id": i, "firstName": "Ada", "lastName": f"Lovelace{i}",
                                         "email": f"ADA{i}@EXAMPLE.ORG",
                                         "items": [{"price": 2.5, "quantity": i % 5 + 1}, {"price": 10, "quantity": 1}],
                                         "tags": ["a", "internal", "b"]}}) + "\n")


inputs = [os.path.join(work, f"input{n}.jsonl") for n in (1, 2)]
for path in inputs: write_input(path)
state = os.path.join(work, "state")


def jshost_stream(n, step):
    return [JSHOST, "run", MAP, "--input", inputs[n], "--step", step, "--state-dir", state]


def node_stream(n, out):
    return ["node", NODE_RUNNER, MAP, "--input", inputs[n], "--output", out, "--state", os.path.join(work, f"node-{out[-7:]}.json")]


results = {"B1": {"jshost": [], "node": []}, "B2": {"jshost": [], "node": []}, "B5": {"jshost": [], "node": []}}
rss = {"B1": {"jshost": [], "node": []}, "B2": {"jshost": [], "node": []}}
for run in range(RUNS):
    shutil.rmtree(state, ignore_errors=True)
    # Both keep the counter's state between cold runs (the store, the JSON file), as a scheduled step would.
    for name, command in (("jshost", [JSHOST, "run", COUNTER, "--state-dir", os.path.join(work, "counter-state")]),
                          ("node", ["node", NODE_RUNNER, COUNTER, "--state", os.path.join(work, "node-counter.json")])):
        wall, peak = timed(command)
        results["B1"][name].append(wall); rss["B1"][name].append(peak)
    for name, command, out in (("jshost", jshost_stream(0, f"b2-{run}"), os.path.join(work, "jshost-out.jsonl")),
                               ("node", node_stream(0, os.path.join(work, "node-out.jsonl")), None)):
        wall, peak = timed(command, stdout=out)
        results["B2"][name].append(MESSAGES / wall); rss["B2"][name].append(peak)
    for name in ("jshost", "node"):
        if name == "jshost":
            commands = [jshost_stream(0, f"b5a-{run}"), jshost_stream(1, f"b5b-{run}")]
        else:
            commands = [node_stream(0, os.path.join(work, "node-p1.jsonl")), node_stream(1, os.path.join(work, "node-p2.jsonl"))]
        results["B5"][name].append(2 * MESSAGES / parallel(commands))
    print(f"run {run + 1}/{RUNS} done", file=sys.stderr)

commits = {"jshost": [], "node": []}
for _ in range(max(3, RUNS // 2)):
    commits["jshost"].append(json.loads(subprocess.check_output([os.path.join(ROOT, ".build/release/jshost-bench"), "5000"])))
    commits["node"].append(json.loads(subprocess.check_output(["node", os.path.join(ROOT, "benchmarks/node/commit-fsync.js"), "5000"])))

med = statistics.median
b1 = {k: med(v) * 1000 for k, v in results["B1"].items()}
b2 = {k: med(v) for k, v in results["B2"].items()}
b5 = {k: med(v) / b2[k] for k, v in results["B5"].items()}
b5_total = {k: med(v) for k, v in results["B5"].items()}
b3 = {bench: {k: med(v) / 1024 for k, v in rss[bench].items()} for bench in rss}
b4 = {k: {f: med(r[f] for r in v) for f in ("commitsPerSecond", "p50Ms", "p99Ms")} for k, v in commits.items()}
report = {
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
    "command": f"benchmarks/run {RUNS} {MESSAGES}",
    "node": subprocess.check_output(["node", "--version"]).decode().strip(),
    "B1_wall_ms": b1, "B1_ratio": b1["jshost"] / b1["node"],
    "B2_messages_per_s": b2, "B2_ratio": b2["jshost"] / b2["node"],
    "B3_peak_rss_mib": b3, "B3_ratio": {bench: b3[bench]["jshost"] / b3[bench]["node"] for bench in b3},
    "B4_commits": b4, "B4_ratio": b4["jshost"]["commitsPerSecond"] / b4["node"]["commitsPerSecond"],
    "B5_parallel_speedup": b5, "B5_two_streams_messages_per_s": b5_total,
    "raw": {"results": results, "rss_kib": rss, "commits": commits},
}
os.makedirs(os.path.join(ROOT, "benchmarks/results"), exist_ok=True)
with open(os.path.join(ROOT, "benchmarks/results/latest.json"), "w") as f: json.dump(report, f, indent=2)
shutil.rmtree(work, ignore_errors=True)

print(f"{report['machine']}; {report['date']}; `{report['command']}`; Node {report['node']}; medians of {RUNS} runs\n")
print("| benchmark | jshost | Node | ratio | goal |")
print("|---|---|---|---|---|")
print(f"| B1 cold run, wall ms | {b1['jshost']:.1f} | {b1['node']:.1f} | {report['B1_ratio']:.2f}× | ≤ 0.15× |")
print(f"| B2 {MESSAGES:,} messages, msgs/s | {b2['jshost']:,.0f} | {b2['node']:,.0f} | {report['B2_ratio']:.2f}× | ≥ 1.5× |")
print(f"| B3 peak RSS B1, MiB | {b3['B1']['jshost']:.1f} | {b3['B1']['node']:.1f} | {report['B3_ratio']['B1']:.2f}× | ≤ 0.75× |")
print(f"| B3 peak RSS B2, MiB | {b3['B2']['jshost']:.1f} | {b3['B2']['node']:.1f} | {report['B3_ratio']['B2']:.2f}× | ≤ 0.75× |")
print(f"| B4 durable commits/s (p99 ms) | {b4['jshost']['commitsPerSecond']:,.0f} ({b4['jshost']['p99Ms']:.2f}) | {b4['node']['commitsPerSecond']:,.0f} ({b4['node']['p99Ms']:.2f}) | {report['B4_ratio']:.2f}× | ≥ 5,000/s, p99 ≤ 2 ms |")
print(f"| B5 two streams vs one, speedup | {b5['jshost']:.2f}× | {b5['node']:.2f}× | | ≥ 1.8× |")
print(f"| B5 two streams together, msgs/s | {b5_total['jshost']:,.0f} | {b5_total['node']:,.0f} | {b5_total['jshost'] / b5_total['node']:.2f}× | |")
