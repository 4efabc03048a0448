import Foundation
import Testing
@testable import ComponentRuntime
import JSEngine

@Suite struct LoadingTests {
    @Test func triggersWinOverActionsAndOneFunctionMayBeImplicit() throws {
        let component = try TestComponent(functions: ["same": "exports.process = () => ({ body: 'trigger' });"])
        let descriptor = try ComponentDescriptor(directory: component.directory)
        #expect(try descriptor.function(named: nil).name == "same")
        #expect(try descriptor.function(named: "same").kind == .trigger)
        #expect(throws: ComponentError.self) { try descriptor.function(named: "other") }
    }

    @Test func syntaxErrorsGiveSailorsMessageWithFileAndLine() throws {
        let component = try TestComponent(functions: ["broken": "exports.process = function () {\n  let x = ;\n};\n"])
        do {
            try component.run()
            Issue.record("expected a load error")
        } catch {
            guard let error = error as? ComponentError, error.code == .moduleLoad else { Issue.record("unexpected \(error)"); return }
            let message = error.message
            #expect(message.contains("Trigger or action 'broken' is found, but can not be loaded"))
            #expect(message.contains("broken.js:2"))
        }
    }

    @Test func missingDependencyGivesFailedToLoadFile() throws {
        let component = try TestComponent(functions: ["f": "require('not-installed'); exports.process = () => {};"])
        do {
            try component.run()
            Issue.record("expected a load error")
        } catch {
            guard let error = error as? ComponentError, error.code == .moduleLoad else { Issue.record("unexpected \(error)"); return }
            let message = error.message
            #expect(message == "Failed to load file './lib/f.js': Cannot find module 'not-installed'")
        }
    }

    @Test func moduleLoadsOncePerProcess() throws {
        let component = try TestComponent(functions: ["f": """
            let loads = (globalThis.__loads = (globalThis.__loads || 0) + 1);
            exports.process = async function () { return { body: loads }; };
            """])
        let host = try component.host()
        try component.run(host: host)
        try component.run(host: host)
        #expect((component.recorder.json(2) as? [String: Any])?["body"] as? Int == 1)
    }

    @Test func endlessLoopTimesOut() throws {
        let component = try TestComponent(functions: ["f": "exports.process = function () { this.emit('snapshot', {a: 1}); for (;;) {} };"])
        let started = ContinuousClock.now
        do {
            try component.run(configure: { $0.timeout = .milliseconds(500) })
            Issue.record("expected a timeout")
        } catch {
            guard (error as? ComponentError)?.code == .timedOut else { Issue.record("unexpected \(error)"); return }
        }
        #expect(started.duration(to: .now) < .seconds(5))
    }

    @Test func uncaughtExceptionInATimerCrashesTheRun() throws {
        let component = try TestComponent(functions: ["f": """
            exports.process = function () { this.emit('snapshot', { a: 1 }); setTimeout(() => { throw new Error('late'); }, 1); };
            """])
        do {
            try component.run()
            Issue.record("expected a crash")
        } catch {
            guard let error = error as? ComponentError, error.code == .crashed, let exception = error.cause else { Issue.record("unexpected \(error)"); return }
            #expect(exception.message == "late")
        }
    }
}

@Suite struct ServiceTests {
    func verify(_ source: String?, cfg: String = #"{"token":"ok"}"#) throws -> String {
        let component = try TestComponent(functions: ["f": "exports.process = () => {};"],
                                          extraFiles: source.map { ["verifyCredentials.js": $0] } ?? [:])
        return try component.host().verifyCredentials(cfgJSON: cfg)
    }

    @Test func verifyCredentialsStyles() throws {
        #expect(try verify(nil) == #"{"verified":true}"#)
        #expect(try verify("module.exports = function (cfg, cb) { cb(null, { verified: cfg.token === 'ok' }); };") == #"{"verified":true}"#)
        #expect(try verify("module.exports = function (cfg, cb) { setTimeout(() => cb(null, { verified: false }), 1); };") == #"{"verified":false}"#)
        #expect(try verify("module.exports = async function () { return 'anything'; };") == #"{"verified":true}"#)
        #expect(try verify("module.exports = async function () { throw new Error('bad key'); };") == #"{"verified":false,"reason":"bad key"}"#)
        #expect(try verify("module.exports = function () { throw new Error('sync bad'); };") == #"{"verified":false,"reason":"sync bad"}"#)
        #expect(try verify("module.exports = function (cfg, cb) { cb(new Error('cb bad')); };") == #"{"verified":false,"reason":"cb bad"}"#)
    }

    @Test func metaModelAndSelectModel() throws {
        let component = try TestComponent(functions: ["f": """
            exports.process = () => {};
            exports.getMetaModel = async function (cfg) { return { in: { type: 'object' }, out: { cfg: cfg.x } }; };
            exports.listThings = function (cfg, cb) { this.emit('updateKeys', { token: 't' }); cb(null, { a: 'A' }); };
            exports.broken = async function () { throw new Error('no model'); };
            """])
        let host = try component.host()
        let function = try host.component.function(named: "f")
        #expect(try host.model(function: function, method: "getMetaModel", cfgJSON: #"{"x":1}"#) == #"{"in":{"type":"object"},"out":{"cfg":1}}"#)
        #expect(try host.model(function: function, method: "listThings", cfgJSON: "{}") == #"{"a":"A"}"#)
        #expect(component.recorder.names == ["updateKeys"])
        do {
            _ = try host.model(function: function, method: "broken", cfgJSON: "{}")
            Issue.record("expected a failure")
        } catch {
            guard error.code == .functionFailed, let reply = error.replyJSON else { Issue.record("unexpected \(error)"); return }
            #expect(reply == #"{"status":"error","data":{"message":"no model"}}"#)
        }
    }
}

@Suite struct NodeModulesInComponentsTests {
    @Test func aComponentUsingVMWorksAndChildProcessIsRefused() throws {
        let component = try TestComponent(functions: ["f": """
            const vm = require('vm');
            exports.process = async function (msg) {
              const sandbox = { price: msg.body.price, qty: msg.body.qty };
              const total = vm.runInNewContext('price * qty', sandbox);
              let refused = '';
              try { require('child_process').exec('ls'); } catch (e) { refused = e.message; }
              return { body: { total, refused } };
            };
            """])
        try component.run(msg: #"{"body":{"price":2.5,"qty":4}}"#)
        let body = (component.recorder.json(0) as? [String: Any])?["body"] as? [String: Any]
        #expect(body?["total"] as? Double == 10)
        #expect(body?["refused"] as? String == "child_process.exec() is not available in jshost: components may not start processes")
    }

    @Test func ticksQueuedByProcessRunBeforeItsPromiseJobs() throws {
        let component = try TestComponent(functions: ["f": """
            exports.process = function () {
              const order = [];
              process.nextTick(() => order.push('tick'));
              Promise.resolve().then(() => order.push('promise'));
              process.nextTick(() => Promise.resolve().then(() => order.push('promise from tick')));
              return new Promise((resolve) => setTimeout(() => resolve({ body: { order } }), 5));
            };
            """])
        try component.run(msg: #"{"body":{}}"#)
        let body = (component.recorder.json(0) as? [String: Any])?["body"] as? [String: Any]
        #expect(body?["order"] as? [String] == ["tick", "promise", "promise from tick"])
    }
}
