#!/usr/bin/env python3
"""elastic.io's API as a sailor container sees it, on a free loopback port, for jshost's sailor tests.

Serves the step (GET /v1/tasks/{flow}/steps/{step}) from a JSON file read on every call, keeps startup hook data
(/sailor-support/hooks/task/{flow}/startup/data: 409 when it exists), takes key updates (PUT /v1/accounts/{id})
and service results (POST /results/...), and writes every request it gets as a JSON line to the log file.
Usage: fake_api.py PORT_FILE STEP_FILE LOG_FILE USER KEY [FAILURES]  (FAILURES: answer 503 to that many step GETs)
"""
import base64
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port_file, step_file, log_file, user, key = sys.argv[1:6]
failures = int(sys.argv[6]) if len(sys.argv) > 6 else 0
expected = "Basic " + base64.b64encode(f"{user}:{key}".encode()).decode()
hooks = {}
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body=None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        global failures
        length = int(self.headers.get("Content-Length") or 0)
        text = self.rfile.read(length).decode() if length else ""
        entry = {"method": self.command, "path": self.path, "body": text,
                 "authorization": self.headers.get("Authorization"), "connection": self.headers.get("Connection")}
        with lock:
            with open(log_file, "a") as log:
                log.write(json.dumps(entry) + "\n")
        if self.path.startswith("/results/"):
            return self.answer(200, {})
        if self.headers.get("Authorization") != expected:
            return self.answer(401, {"error": "wrong credentials"})
        parts = self.path.strip("/").split("/")
        if self.command == "GET" and len(parts) == 5 and parts[:2] == ["v1", "tasks"] and parts[3] == "steps":
            with lock:
                if failures > 0:
                    failures -= 1
                    return self.answer(503, {"error": "try again"})
            with open(step_file) as f:
                return self.answer(200, json.load(f))
        if parts[:3] == ["sailor-support", "hooks", "task"] and parts[4:] == ["startup", "data"]:
            flow = parts[3]
            with lock:
                if self.command == "POST":
                    if flow in hooks:
                        return self.answer(409, {"error": "Startup data already exists"})
                    hooks[flow] = json.loads(text or "{}")
                    return self.answer(201, hooks[flow])
                if self.command == "GET":
                    if flow not in hooks:
                        return self.answer(404, {"error": "Startup data not found"})
                    return self.answer(200, hooks[flow])
                if self.command == "DELETE":
                    hooks.pop(flow, None)
                    return self.answer(204)
        if self.command == "PUT" and parts[:2] == ["v1", "accounts"] and len(parts) == 3:
            return self.answer(200, {"id": parts[2]})
        return self.answer(404, {"error": f"no such endpoint: {self.command} {self.path}"})

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
