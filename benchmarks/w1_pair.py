"""W1 for two builds of jshost, in pairs: the webhook round trip of the two-step flow (webhook → httpReply) with wrk,
both services up at once and measured in turn (A B, then B A, …), so each ratio compares two runs minutes apart.
Usage: python3 benchmarks/w1_pair.py JSHOST_A JSHOST_B [rounds]; prints requests/s at saturation (64 connections,
8 s) and p99 at a paced rate for each, and the ratio A/B pair by pair."""
import json, os, re, signal, statistics, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(__file__))
from wrk_run import wrk  # noqa: E402

A, B = sys.argv[1], sys.argv[2]
ROUNDS = int(sys.argv[3]) if len(sys.argv) > 3 else 9
ROOT = os.getcwd()
work = tempfile.mkdtemp(prefix="jshost-w1-pair-")
flows = os.path.join(work, "flows")
os.makedirs(flows)
components = os.path.join(ROOT, "components")
with open(os.path.join(flows, "echo.json"), "w") as out:
    json.dump({"data": {"type": "flow", "id": "echo", "attributes": {"name": "echo", "status": "active", "graph": {
        "nodes": [{"id": "step_1", "command": f"{components}/webhook:receive"},
                  {"id": "step_2", "command": f"{components}/http-reply:reply"}],
        "edges": [{"source": "step_1", "target": "step_2"}]}}}}, out)
post = os.path.join(work, "post.lua")
with open(post, "w") as f:
    f.write('wrk.method = "POST"\nwrk.body = \'{"order":7,"items":["a","b"],"note":"benchmark"}\'\n'
            'wrk.headers["Content-Type"] = "application/json"\n')
paced = os.path.join(work, "paced.lua")
with open(paced, "w") as f:
    f.write(open(post).read() + "function delay() return 10 end\n")


def start(binary):
    state = tempfile.mkdtemp(dir=work)
    process = subprocess.Popen([binary, "serve", flows, "--port", "0", "--state-dir", state], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, env=dict(os.environ, LOG_LEVEL="warn"), text=True)
    port = int(re.search(r":(\d+) ", process.stdout.readline()).group(1))
    return process, f"http://127.0.0.1:{port}/hook/echo"


services = {"A": start(A), "B": start(B)}
for _, url in services.values():
    wrk(url, post, 16, 2)
results = {"A": {"rps": [], "p99": []}, "B": {"rps": [], "p99": []}}
for round_ in range(ROUNDS):
    for name in (("A", "B") if round_ % 2 == 0 else ("B", "A")):
        url = services[name][1]
        rps, _, _, bad = wrk(url, post, 64, 8)
        _, _, p99, bad_paced = wrk(url, paced, 4, 4)
        if bad or bad_paced:
            raise SystemExit(f"{name}: {bad + bad_paced} answers were not 2xx")
        results[name]["rps"].append(rps)
        results[name]["p99"].append(p99)
    print(f"round {round_ + 1}/{ROUNDS}: A {results['A']['rps'][-1]:.0f}/s, B {results['B']['rps'][-1]:.0f}/s", file=sys.stderr)
for process, _ in services.values():
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
ratios = [a / b for a, b in zip(results["A"]["rps"], results["B"]["rps"])]
p99_ratios = [a / b for a, b in zip(results["A"]["p99"], results["B"]["p99"])]
print(f"W1 requests/s  A median {statistics.median(results['A']['rps']):.0f}, B median {statistics.median(results['B']['rps']):.0f}")
print(f"W1 A/B by pair: median {statistics.median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f}): "
      + ", ".join(f"{r:.3f}" for r in ratios))
print(f"W1 paced p99 A/B by pair: median {statistics.median(p99_ratios):.3f} (min {min(p99_ratios):.3f}, max {max(p99_ratios):.3f})")
