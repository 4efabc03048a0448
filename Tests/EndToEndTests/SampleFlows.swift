import Foundation

extension Workspace {
    /// A step's stored snapshot as `jshost snapshot get` prints it, parsed; nil when there is none.
    func storedSnapshot(flow: String, step: String) throws -> [String: Any]? {
        let read = try jshost(["snapshot", "get", "--flow", flow, "--step", step])
        return try? JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: Any]
    }

    /// The webhook flow `flows/echo.json`: the `webhook` sample, then `http-reply`, which answers the caller with
    /// what it was sent.
    func echoFlow() throws {
        let webhook = "\(Binary.packageRoot)/components/webhook:receive"
        let reply = "\(Binary.packageRoot)/components/http-reply:reply"
        try write("flows/echo.json", ServeWebhookTests.flow("echo",
            nodes: #"[{"id":"step_1","command":"\#(webhook)"},{"id":"step_2","command":"\#(reply)"}]"#,
            edges: #"[{"source":"step_1","target":"step_2"}]"#))
    }

    /// A webhook flow `flows/<id>.json` of two steps: `take` passes the request's body on, `count` counts each
    /// message in its snapshot (`seen`, and `sum` of the bodies' `n`), and with `sendsOn` also sends the body on as
    /// data, so every run has an outbox row. What the soak, backup and full-disk tests load a service with.
    func countingFlow(_ id: String, sendsOn: Bool = false) throws {
        try write("components/counting/component.json", #"""
            {"title":"counting","triggers":{"take":{"main":"./take.js"}},"actions":{"count":{"main":"./count.js"}}}
            """#)
        try write("components/counting/take.js", "exports.process = async function (msg) { return { body: msg.body }; };")
        try write("components/counting/count.js", """
            exports.process = async function (msg, cfg, snapshot) {
              snapshot.seen = (snapshot.seen || 0) + 1;
              snapshot.sum = (snapshot.sum || 0) + (msg.body.n || 0);
              \(sendsOn ? "await this.emit('data', { body: msg.body });" : "")
              await this.emit('snapshot', snapshot);
            };
            """)
        try write("flows/\(id).json", ServeWebhookTests.flow(id,
            nodes: #"[{"id":"step_1","command":"../components/counting:take"},{"id":"step_2","command":"../components/counting:count"}]"#,
            edges: #"[{"source":"step_1","target":"step_2"}]"#))
    }
}
