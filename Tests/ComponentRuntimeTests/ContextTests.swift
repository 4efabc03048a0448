import JSHostCore
import Foundation
import Logging
import Testing
@testable import ComponentRuntime

/// Checklist items 5, 6, 14, 15 and 27: the context, errors, and elasticio-node.
@Suite struct ContextTests {
    @Test func cfgAndSnapshotAreCopies() throws {                        // item 5
        let component = try TestComponent(functions: ["f": """
            exports.process = async function (msg, cfg, snapshot) {
              snapshot.changed = true; cfg.changed = true;
              await this.emit('end');
            };
            """])
        let outcome = try component.run(snapshot: #"{"kept":1}"#)
        #expect(outcome.snapshotJSON == nil)                                 // mutating without emitting stores nothing
    }

    @Test func loggerLevelsChildAndStringCoercion() throws {             // item 6
        let component = try TestComponent(functions: ["f": """
            exports.process = async function () {
              this.logger.info({ not: 'a string' });
              this.logger.warn('%s has %d items %j', 'cart', 3, { a: 1 });
              this.logger.child({ extra: 'field' }).error('from child');
              this.logger.trace('hidden at debug level');
              await this.emit('data', { body: { enabled: this.logger.debug(), traceEnabled: this.logger.trace() } });
              await this.emit('end');
            };
            """])
        try component.run()
        let records = component.recorder.logRecords.filter { ($0["name"] as? String) != "jshost" }
        let messages = records.compactMap { $0["msg"] as? String }
        #expect(messages.contains("[object Object]"))
        #expect(messages.contains(#"cart has 3 items {"a":1}"#))
        let child = records.first { ($0["msg"] as? String) == "from child" }
        #expect(child?["extra"] as? String == "field")
        #expect(child?["level"] as? Int == 50)
        #expect(!messages.contains("hidden at debug level"))
        let body = (component.recorder.json(0) as? [String: Any])?["body"] as? [String: Any]
        #expect(body?["enabled"] as? Bool == true)
        #expect(body?["traceEnabled"] as? Bool == false)
    }

    @Test func flowVariablesAndConfig() throws {                          // item 6
        let component = try TestComponent(functions: ["f": """
            exports.process = async function () {
              const vars = this.getFlowVariables(); vars.mutated = true;
              await this.emit('data', { body: { vars: this.getFlowVariables(), flow: this.getConfig().FLOW_ID, step: this.getConfig().STEP_ID } });
              await this.emit('end');
            };
            """])
        try component.run(configure: {
            $0.flowVariablesJSON = #"{"region":"eu"}"#
            $0.flowID = "flow-1"
            $0.stepID = "step_1"
        })
        let body = (component.recorder.json(0) as? [String: Any])?["body"] as? [String: Any]
        #expect((body?["vars"] as? [String: Any])?["region"] as? String == "eu")
        #expect(body?["flow"] as? String == "flow-1")
        #expect(body?["step"] as? String == "step_1")
    }

    @Test func errorCountsDecideTheOutcome() throws {                     // item 14
        let component = try TestComponent(functions: ["f": """
            exports.process = async function () {
              await this.emit('rebound', new Error('later'));
              await this.emit('end');
            };
            """])
        let outcome = try component.run()
        #expect(component.recorder.names == ["rebound", "end"])
        #expect(outcome.errorCount == 0)                                   // rebound is not an error
        #expect(component.recorder.stderr.contains("'rebound' was recorded but has no local effect yet"))
    }

    @Test func errorFormattingFollowsSailor() throws {                    // item 15
        let component = try TestComponent(functions: ["f": """
            exports.process = async function () {
              await this.emit('error', new TypeError('typed'));
              await this.emit('error', { message: 'object with message', name: 'Custom' });
              await this.emit('error', 'just text');
              await this.emit('error');
              await this.emit('end');
            };
            """])
        let outcome = try component.run()
        #expect(outcome.errorCount == 4)
        let errors = (0..<4).compactMap { component.recorder.json($0) as? [String: Any] }
        #expect(errors[0]["name"] as? String == "TypeError")
        #expect(errors[0]["message"] as? String == "typed")
        #expect((errors[0]["stack"] as? String)?.contains("f.js") == true)
        #expect(errors[1]["name"] as? String == "Custom")
        #expect(errors[1]["stack"] as? String == "Not Available")
        #expect(errors[2]["name"] as? String == "Error")
        #expect(errors[2]["message"] as? String == "just text")
        #expect(errors[3]["message"] as? String == "Not Available")
        #expect(component.recorder.events[0].jsonLine.hasPrefix(#"{"event":"error","data":{"name":"TypeError","message":"typed","stack":"#))
    }

    @Test func elasticioNodeMessages() throws {                            // item 27
        let component = try TestComponent(functions: ["f": """
            const { messages } = require('elasticio-node');
            exports.process = async function () {
              const empty = messages.newEmptyMessage();
              await messages.emitData.call(this, { wrapped: true });
              await this.emit('data', messages.newMessageWithBody({ direct: 1 }));
              await messages.emitSnapshot.call(this, { s: 1 });
              await messages.emitError.call(this, new Error('e'));
              await this.emit('data', { body: Object.keys(empty) });
              await messages.emitEnd.call(this);
            };
            """])
        try component.run()
        #expect(component.recorder.names == ["data", "data", "snapshot", "error", "data", "end"])
        let wrapped = try #require(component.recorder.json(0) as? [String: Any])
        #expect((wrapped["body"] as? [String: Any])?["wrapped"] as? Bool == true)
        let id = try #require(wrapped["id"] as? String)
        #expect(id.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression) != nil)
        #expect((component.recorder.json(4) as? [String: Any])?["body"] as? [String] == ["id", "attachments", "body", "headers", "metadata"])
    }

    @Test func thisCanBePassedAroundAndBound() throws {
        let component = try TestComponent(functions: ["f": """
            const { messages } = require('elasticio-node');
            function later(emit) { return emit('data', { body: 'bound' }); }
            exports.process = async function () {
              await later(this.emit.bind(this));
              const self = this;
              await new Promise((resolve) => setTimeout(() => resolve(messages.emitData.call(self, 'from timer')), 1));
              await this.emit('end');
            };
            """])
        try component.run()
        #expect(component.recorder.names == ["data", "data", "end"])
    }

    @Test func initRunsOnceBeforeTheFirstMessageWithModuleThis() throws {
        let component = try TestComponent(functions: ["f": """
            let calls = [];
            exports.init = async function (cfg) {
              await new Promise((r) => setTimeout(r, 5));
              calls.push('init:' + cfg.k + ':' + (this === module.exports));
            };
            exports.process = async function () { calls.push('process'); return { body: calls.slice() }; };
            """])
        let host = try component.host()
        try component.run(cfg: #"{"k":"v"}"#, host: host)
        try component.run(cfg: #"{"k":"v"}"#, host: host)
        #expect((component.recorder.json(0) as? [String: Any])?["body"] as? [String] == ["init:v:true", "process"])
        #expect((component.recorder.json(2) as? [String: Any])?["body"] as? [String] == ["init:v:true", "process", "process"])
    }

    @Test func failingInitReportsAnErrorAndSkipsProcess() throws {
        let component = try TestComponent(functions: ["f": """
            exports.init = function () { throw new Error('cannot connect'); };
            exports.process = function () { this.emit('snapshot', { never: true }); };
            """])
        let outcome = try component.run()
        #expect(outcome.initFailed)
        #expect(component.recorder.names == ["error"])
        #expect(outcome.snapshotJSON == nil)
    }

    @Test func consoleGoesToStderr() throws {
        let component = try TestComponent(functions: ["f": "exports.process = async function () { console.log('hello %s', 'there'); };"])
        try component.run()
        #expect(component.recorder.stderr.contains("hello there\n"))
        #expect(component.recorder.names == ["end"])
    }
}

@Suite struct TimestampTests {
    @Test func formatsUTCWithMilliseconds() {
        #expect(UTCTimestamp.string(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(UTCTimestamp.string(from: Date(timeIntervalSince1970: 1_709_208_000.25)) == "2024-02-29T12:00:00.250Z")
        #expect(UTCTimestamp.string(from: Date(timeIntervalSince1970: 4_102_444_799.999)) == "2099-12-31T23:59:59.999Z")
    }
}

@Suite struct LogLineTests {
    @Test func jshostLogLinesAreValidBunyanJSON() throws {
        let lines = LockedLines()
        var logger = Logging.Logger(label: "t") { _ in JSONLineLogHandler(name: "jshost", level: .info, write: { lines.append($0) }) }
        logger[metadataKey: "step"] = "local/x"
        logger.warning("quote \" backslash \\ newline \n tab \t bell \u{07} done")
        let record = try #require(try JSONSerialization.jsonObject(with: Data(lines.first.utf8)) as? [String: Any])
        #expect(record["msg"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{07} done")
        #expect(record["level"] as? Int == 40)
        #expect(record["name"] as? String == "jshost")
        #expect(record["step"] as? String == "local/x")
        #expect((record["time"] as? String)?.hasSuffix("Z") == true)
    }
}

final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var first: String { lock.withLock { lines.first ?? "" } }
}
