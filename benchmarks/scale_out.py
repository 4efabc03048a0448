#!/usr/bin/env python3
"""D1: messages per second through a one-step pass-through over RabbitMQ (consume, run, publish with confirms, ack),
`jshost sailor` against the broker's own limit for the same work measured in the same run: a minimal rabbitmq-c loop
(benchmarks/amqp-loop.c relay) that consumes each message, publishes it and acks it once its publish is confirmed,
at the same prefetch (at 1 waiting for each confirm; above 1 pipelined, confirms and acks batched). Both are timed
the same way, by one consumer on the next step's queue, from its first message to its last; rounds alternate the
two so the machine's noise falls on both. Each prefetch is its own series of rounds.
Usage: scale_out.py LOOP_BINARY JSHOST_BINARY ROUNDS MESSAGES [PREFETCHES, comma-separated, default 1,10]
"""
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

loop, jshost = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
rounds, messages = int(sys.argv[3]), int(sys.argv[4])
prefetches = [int(p) for p in (sys.argv[5] if len(sys.argv) > 5 else "1,10").split(",")]
PASSWORD, IV = "benchmarkPassword", "iv=any16_symbols"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_broker(folder):
    port, epmd, dist = free_port(), free_port(), free_port()
    with open(folder + "/enabled_plugins", "w") as f:
        f.write("[].\n")
    env = {"HOME": folder, "RABBITMQ_NODENAME": f"jshost-bench-{port}@localhost", "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
           "RABBITMQ_NODE_PORT": str(port), "RABBITMQ_DIST_PORT": str(dist), "ERL_EPMD_PORT": str(epmd),
           "ERL_EPMD_ADDRESS": "127.0.0.1", "ERL_EPMD_RELAXED_COMMAND_CHECK": "1", "RABBITMQ_MNESIA_BASE": folder + "/mnesia",
           "RABBITMQ_LOG_BASE": folder + "/log", "RABBITMQ_ENABLED_PLUGINS_FILE": folder + "/enabled_plugins",
           "RABBITMQ_CONFIG_FILE": folder + "/rabbitmq", "RABBITMQ_ADVANCED_CONFIG_FILE": folder + "/advanced.config",
           "RABBITMQ_CONF_ENV_FILE": folder + "/rabbitmq-env.conf", "PATH": "/usr/lib/rabbitmq/bin:/usr/bin:/bin"}
    process = subprocess.Popen(["/usr/lib/rabbitmq/bin/rabbitmq-server"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process, port, epmd
        except OSError:
            time.sleep(0.2)
    raise SystemExit("RabbitMQ did not start")


def run(*args, **kwargs):
    return subprocess.run([loop, *map(str, args)], check=True, capture_output=True, text=True, **kwargs).stdout


def drain_rate(port, queue):
    seconds = float(run("drain", "127.0.0.1", port, queue, messages, timeout=600))
    return (messages - 1) / seconds


def main():
    folder = tempfile.mkdtemp(prefix="jshost-bench-amqp-")
    broker, port, epmd = start_broker(folder)
    component = folder + "/component"
    os.makedirs(component + "/lib")
    with open(component + "/component.json", "w") as f:
        json.dump({"title": "pass-through", "actions": {"pass": {"main": "./lib/pass.js"}}}, f)
    with open(component + "/lib/pass.js", "w") as f:
        f.write("exports.process = async function (msg) { return { body: msg.body }; };\n")
    env = dict(os.environ)
    for name, value in {"FLOW_ID": "bench-flow", "EXEC_ID": "bench-exec", "STEP_ID": "step_1", "CONTAINER_ID": "c-1",
                        "WORKSPACE_ID": "w-1", "USER_ID": "u-1", "COMP_ID": "pass-through", "FUNCTION": "pass",
                        "API_USERNAME": "bench", "API_KEY": "bench", "AMQP_URI": f"amqp://guest:guest@127.0.0.1:{port}/",
                        "LISTEN_MESSAGES_ON": "bench:in", "PUBLISH_MESSAGES_TO": "bench:exchange",
                        "DATA_ROUTING_KEY": "bench:message", "ERROR_ROUTING_KEY": "bench:error",
                        "REBOUND_ROUTING_KEY": "bench:rebound", "SNAPSHOT_ROUTING_KEY": "bench:snapshot",
                        "MESSAGE_CRYPTO_PASSWORD": PASSWORD, "MESSAGE_CRYPTO_IV": IV, "COMPONENT_PATH": "component",
                        "DATA_RATE_LIMIT": "100000"}.items():
        env["ELASTICIO_" + name] = value
    env["LOG_LEVEL"] = "warn"
    api = start_api(folder)
    env["ELASTICIO_API_URI"] = f"http://127.0.0.1:{api[1]}"
    series = {}
    try:
        for prefetch in prefetches:
            env["ELASTICIO_RABBITMQ_PREFETCH_SAILOR"] = str(prefetch)
            series[prefetch] = measure(port, env, folder, prefetch)
    finally:
        api[0].kill()
        os.killpg(broker.pid, signal.SIGKILL)
        subprocess.run(["/usr/bin/epmd", "-kill"], env={"ERL_EPMD_PORT": str(epmd), "ERL_EPMD_RELAXED_COMMAND_CHECK": "1"},
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
    result = {"benchmark": "D1", "messages": messages, "rounds": rounds, "goal": 0.70}
    for prefetch, pairs in series.items():
        result[f"prefetch_{prefetch}"] = {
            "loop_msgs_per_s": round(statistics.median(p["loop"] for p in pairs)),
            "jshost_msgs_per_s": round(statistics.median(p["jshost"] for p in pairs)),
            "ratio_median_of_pairs": round(statistics.median(p["jshost"] / p["loop"] for p in pairs), 3)}
    print(json.dumps(result))
    os.makedirs("benchmarks/results", exist_ok=True)
    with open("benchmarks/results/scale-out-latest.json", "w") as f:
        json.dump(result, f, indent=2)


def measure(port, env, folder, prefetch):
    """Rounds of the loop and the container at one prefetch, alternating which goes first."""
    pairs = []
    for round_ in range(rounds):
        figures = {}
        for side in (["loop", "jshost"] if round_ % 2 == 0 else ["jshost", "loop"]):
            run("setup", "127.0.0.1", port, "bench:in", "bench:out", "bench:exchange", "bench:message")
            run("fill", "127.0.0.1", port, "bench:in", messages, PASSWORD, IV, timeout=600)
            if side == "loop":
                relay = subprocess.Popen([loop, "relay", "127.0.0.1", str(port), "bench:in", "bench:exchange", "bench:message",
                                          str(messages), str(prefetch)])
                figures[side] = drain_rate(port, "bench:out")
                relay.wait(timeout=600)
            else:
                container = subprocess.Popen([jshost, "sailor"], cwd=folder, env=env, stderr=subprocess.PIPE)
                figures[side] = drain_rate(port, "bench:out")
                container.send_signal(signal.SIGTERM)
                _, err = container.communicate(timeout=60)
                if container.returncode != 0:
                    raise SystemExit(f"jshost sailor ended with {container.returncode}: {err.decode()[-2000:]}")
        pairs.append(figures)
        print(f"prefetch {prefetch}, round {round_ + 1}: loop {figures['loop']:,.0f} msgs/s, "
              f"jshost sailor {figures['jshost']:,.0f} msgs/s, ratio {figures['jshost'] / figures['loop']:.2f}", flush=True)
    return pairs


def start_api(folder):
    """The step's description for `jshost sailor` at start: the same fake API the tests use."""
    with open(folder + "/step.json", "w") as f:
        json.dump({"config": {}}, f)
    port_file = folder + "/api.port"
    process = subprocess.Popen([sys.executable, "Tests/Sailor/fake_api.py", port_file, folder + "/step.json",
                                folder + "/api.log", "bench", "bench"])
    deadline = time.time() + 20
    while not os.path.exists(port_file):
        if time.time() > deadline:
            raise SystemExit("the fake API did not start")
        time.sleep(0.02)
    with open(port_file) as f:
        return process, int(f.read())


main()
