"""JSONata on flows' edges (see benchmarks/run-jsonata).
J1: messages per second through burst → map → tally on jshost serve, with a 20-field mapper on each edge against
    the same flow without mappers, rounds alternating.
J2: JSONata's test suite evaluated in a loop: evaluations per second in jshost (benchmarks/jsonata-bench) and, as
    the reference, the same scripts in Node (benchmarks/jsonata/suite-loop.js), rounds alternating."""
import json, os, re, shutil, signal, statistics, subprocess, sys, tempfile, time, urllib.request

ROUNDS, MESSAGES, SECONDS = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
ROOT = os.getcwd()
JSHOST = os.path.join(ROOT, ".build-static/release/jshost")
BENCH = os.path.join(ROOT, ".build/release/jsonata-bench")
SUITE = os.path.join(ROOT, "..", "shared", "jsonata-test-suite")
work = tempfile.mkdtemp(prefix="jshost-jsonata-bench-")
components = os.path.join(ROOT, "benchmarks/components")

# What map.js reads, and fourteen fields more: paths, string functions, $sum of an array, $moment formatting.
INTO_MAP = {
    "id": "id", "firstName": "firstName", "lastName": "lastName", "email": "$lowercase(email)", "items": "items", "tags": "tags",
    "fullName": "firstName & ' ' & lastName", "initials": "$substring(firstName, 0, 1) & $substring(lastName, 0, 1)",
    "domain": "$substringAfter(email, '@')", "itemCount": "$count(items)", "total": "$sum(items.(price * quantity))",
    "maxPrice": "$max(items.price)", "tagList": "$join(tags, ',')", "publicTags": "tags[$ != 'internal']",
    "isLarge": "$sum(items.(price * quantity)) > 20", "day": "$moment('2026-12-07T10:00:00Z').format('YYYY-MM-DD')",
    "upper": "$uppercase(lastName)", "padded": "$pad($string(id), 8, '0')", "source": "'burst'", "version": "2",
}
# What tally.js reads (total), and nineteen fields more.
INTO_TALLY = {
    "id": "id", "total": "total", "fullName": "fullName", "email": "email", "tags": "tags", "name": "$uppercase(fullName)",
    "first": "$substringBefore(fullName, ' ')", "last": "$substringAfter(fullName, ' ')", "user": "$substringBefore(email, '@')",
    "domain": "$substringAfter(email, '@')", "tagCount": "$count(tags)", "tagText": "$join(tags, '|')", "rounded": "$round(total, 0)",
    "double": "total * 2", "big": "total > 20", "when": "$moment('2026-12-07T10:00:00Z').add(id, 'minutes').format('HH:mm')",
    "key": "'k-' & $string(id)", "length": "$length(fullName)", "origin": "'map'", "trimmed": "$trim('  ' & fullName & '  ')",
}
assert len(INTO_MAP) == 20 and len(INTO_TALLY) == 20


def flows_folder(name, mapped):
    edges = [{"source": "step_1", "target": "step_2"}, {"source": "step_2", "target": "step_3"}]
    if mapped:
        edges[0]["config"] = {"mapper": INTO_MAP}
        edges[1]["config"] = {"mapper": INTO_TALLY}
    nodes = [{"id": "step_1", "command": f"{components}/burst:burst", "fields": {"count": MESSAGES}},
             {"id": "step_2", "command": f"{components}/map:map"}, {"id": "step_3", "command": f"{components}/burst:tally"}]
    document = {"data": {"type": "flow", "id": "three", "attributes": {"name": name, "status": "active", "cron": "0 0 1 1 *",
                                                                        "graph": {"nodes": nodes, "edges": edges}}}}
    path = os.path.join(work, name)
    os.makedirs(path)
    with open(os.path.join(path, "three.json"), "w") as out: json.dump(document, out)
    return path


class Service:
    def __init__(self, flows_dir):
        state = tempfile.mkdtemp(dir=work)
        self.key = subprocess.run([JSHOST, "apikey", "create", "bench", "--role", "edit", "--replace", "--state-dir", state],
                                  capture_output=True, text=True, check=True).stdout.strip()
        self.process = subprocess.Popen([JSHOST, "serve", flows_dir, "--port", "0", "--state-dir", state], stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, env=dict(os.environ, LOG_LEVEL="warn"), text=True)
        line = self.process.stdout.readline()
        self.base = "http://127.0.0.1:%d" % int(re.search(r":(\d+)", line.split("http://")[1]).group(1))

    def executions(self, step):
        text = urllib.request.urlopen(self.base + "/metrics").read().decode()
        match = re.search(r'jshost_executions_total\{flow="three",step="%s"\} (\d+)' % step, text)
        return int(match.group(1)) if match else 0

    def run_now(self):
        request = urllib.request.Request(self.base + "/v2/flows/three/run-now", data=b"", method="POST")
        request.add_header("Authorization", "Bearer " + self.key)
        urllib.request.urlopen(request).read()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try: self.process.wait(timeout=60)
        except subprocess.TimeoutExpired: self.process.kill()


folders = {"mapped": flows_folder("mapped", True), "plain": flows_folder("plain", False)}
j1 = {"mapped": [], "plain": []}
for round_ in range(ROUNDS):
    for kind, path in folders.items():
        service = Service(path)
        started = time.perf_counter()
        service.run_now()
        while service.executions("step_3") < MESSAGES: time.sleep(0.05)
        j1[kind].append(MESSAGES / (time.perf_counter() - started))
        service.stop()
    print(f"J1 round {round_ + 1}/{ROUNDS} done", file=sys.stderr)

j2 = {"jshost": [], "node": []}
for round_ in range(ROUNDS):
    for kind, command in (("jshost", [BENCH, str(SECONDS), SUITE]), ("node", ["node", "benchmarks/jsonata/suite-loop.js", str(SECONDS), SUITE])):
        result = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
        j2[kind].append(result["perSecond"])
        j2["cases"] = result["cases"]
    print(f"J2 round {round_ + 1}/{ROUNDS} done", file=sys.stderr)

med = statistics.median
report = {
    "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "command": f"benchmarks/run-jsonata {ROUNDS} {MESSAGES} {SECONDS:g}",
    "J1_messages_per_s": {k: med(v) for k, v in j1.items()}, "J2_evaluations_per_s": {k: med(j2[k]) for k in ("jshost", "node")},
    "J2_cases": j2["cases"], "raw": {"J1": j1, "J2": {k: j2[k] for k in ("jshost", "node")}},
}
report["J1_ratio"] = report["J1_messages_per_s"]["mapped"] / report["J1_messages_per_s"]["plain"]
report["J2_ratio"] = report["J2_evaluations_per_s"]["jshost"] / report["J2_evaluations_per_s"]["node"]
os.makedirs(os.path.join(ROOT, "benchmarks/results"), exist_ok=True)
with open(os.path.join(ROOT, "benchmarks/results/jsonata-latest.json"), "w") as f: json.dump(report, f, indent=2)
shutil.rmtree(work, ignore_errors=True)
J1, J2 = report["J1_messages_per_s"], report["J2_evaluations_per_s"]
print(f"{report['date']}; `{report['command']}`; medians of {ROUNDS} rounds\n")
print("| benchmark | measured | reference | ratio | goal |")
print("|---|---|---|---|---|")
print(f"| J1 {MESSAGES:,} messages through three steps, 20-field mappers on both edges, msgs/s | {J1['mapped']:,.0f} | {J1['plain']:,.0f} without mappers | {report['J1_ratio']:.2f}× | ≥ 0.90× |")
print(f"| J2 the suite's {report['J2_cases']:,} cases in a loop, evaluations/s | {J2['jshost']:,.0f} | {J2['node']:,.0f} (the same scripts in Node) | {report['J2_ratio']:.2f}× | |")
