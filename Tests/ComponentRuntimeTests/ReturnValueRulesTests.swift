import Foundation
import Testing
@testable import ComponentRuntime

/// Contract checklist items 3, 4, 7–13: how process() is called and what its return value implies.
@Suite struct ReturnValueRulesTests {
    @Test func missingProcessGivesErrorThenEnd() throws {             // item 3
        let component = try TestComponent(functions: ["f": "module.exports = function process() {};"])
        let outcome = try component.run()
        #expect(component.recorder.names == ["error", "end"])
        #expect((component.recorder.json(0) as? [String: Any])?["message"] as? String == "Process function is not found")
        #expect(outcome.errorCount == 1)
    }

    @Test func processGetsExactlyMsgCfgSnapshotAndTheContext() throws { // item 4
        let component = try TestComponent(functions: ["f": """
            exports.process = function (msg, cfg, snapshot) {
              this.emit('data', { body: { count: arguments.length, msg: msg.body.x, cfg: cfg.k, snap: snapshot.s,
                hasEmit: typeof this.emit, headers: msg.headers } });
              this.emit('end');
            };
            """])
        try component.run(msg: #"{"body":{"x":1}}"#, cfg: #"{"k":"v"}"#, snapshot: #"{"s":true}"#)
        let body = (component.recorder.json(0) as? [String: Any])?["body"] as? [String: Any]
        #expect(body?["count"] as? Int == 3)
        #expect(body?["msg"] as? Int == 1)
        #expect(body?["cfg"] as? String == "v")
        #expect(body?["snap"] as? Bool == true)
        #expect(body?["hasEmit"] as? String == "function")
        #expect((body?["headers"] as? [String: Any])?.isEmpty == true)
    }

    @Test func emitReturnsAPromiseAndUnknownEventsResolveFalse() throws { // item 7
        let component = try TestComponent(functions: ["f": """
            exports.process = async function () {
              const p = this.emit('nonsense', 1);
              const known = await this.emit('data', { body: {} });
              await this.emit('data', { body: { isPromise: p instanceof Promise, unknown: await p, known } });
            };
            """])
        try component.run()
        #expect(component.recorder.names == ["data", "data", "end"])
        let body = (component.recorder.json(1) as? [String: Any])?["body"] as? [String: Any]
        #expect(body?["isPromise"] as? Bool == true)
        #expect(body?["unknown"] as? Bool == false)
        #expect(body?["known"] as? Bool == true)
        #expect(component.recorder.stderr.contains("nonsense"))
    }

    @Test func syncFalsyReturnImpliesNothing() throws {                 // item 8
        let component = try TestComponent(functions: ["f": "exports.process = function () { this.emit('data', {body: 1}); return 0; };"])
        let outcome = try component.run()
        #expect(component.recorder.names == ["data"])
        #expect(!outcome.endEmitted)
        #expect(component.recorder.stderr.contains("finished without emitting 'end'"))
    }

    @Test func syncTruthyReturnIsDataThenEnd() throws {                 // item 9
        let component = try TestComponent(functions: ["f": "exports.process = function () { return { body: { sync: true } }; };"])
        let outcome = try component.run()
        #expect(component.recorder.names == ["data", "end"])
        #expect(outcome.endEmitted)
    }

    @Test(arguments: [
        ("return Promise.resolve({ body: 1 });", ["data", "end"]),
        ("return Promise.resolve();", ["end"]),
        ("return Promise.resolve(null);", ["end"]),
        ("return (async () => ({}))();", ["data", "end"]),
    ])
    func promiseResultsDecideDataAndEnd(_ body: String, _ expected: [String]) throws {  // item 10
        let component = try TestComponent(functions: ["f": "exports.process = function () { \(body) };"])
        try component.run()
        #expect(component.recorder.names == expected)
    }

    @Test(arguments: [
        "throw new Error('sync boom');",
        "return Promise.reject(new Error('rejected boom'));",
    ])
    func throwsAndRejectionsGiveErrorThenEnd(_ body: String) throws {  // item 11
        let component = try TestComponent(functions: ["f": "exports.process = function () { \(body) };"])
        let outcome = try component.run()
        #expect(component.recorder.names == ["error", "end"])
        #expect(outcome.errorCount == 1)
        #expect(((component.recorder.json(0) as? [String: Any])?["message"] as? String)?.hasSuffix("boom") == true)
    }

    @Test func thenablesAreAdoptedLikeCoPromises() throws {             // item 12
        let component = try TestComponent(functions: ["f": """
            exports.process = function () {
              return { then(resolve) { setTimeout(() => resolve({ body: { co: true } }), 1); } };
            };
            """])
        try component.run()
        #expect(component.recorder.names == ["data", "end"])
    }

    @Test func duplicateEndIsIgnoredAndLaterEmitsStillCount() throws {  // item 13
        let component = try TestComponent(functions: ["f": """
            exports.process = async function () {
              await this.emit('end');
              await this.emit('data', { body: 'after end' });
              await this.emit('end');
              return { body: 'returned' };
            };
            """])
        try component.run()
        #expect(component.recorder.names == ["end", "data", "data"])
        #expect(component.recorder.stderr.contains("end was emitted more than once"))
    }

    @Test func emittingANonObjectAsDataRejectsTheEmit() throws {
        let component = try TestComponent(functions: ["f": """
            exports.process = async function () {
              try { await this.emit('data', 'just a string'); } catch (e) { await this.emit('data', { body: e.constructor.name }); }
              await this.emit('end');
            };
            """])
        try component.run()
        #expect(component.recorder.names == ["data", "end"])
        #expect((component.recorder.json(0) as? [String: Any])?["body"] as? String == "TypeError")
    }

    @Test func returningTheEndPromiseSendsTrueAsDataAndFailsAsSailorDoes() throws {
        let component = try TestComponent(functions: ["f": """
            exports.process = async function () {
              await this.emit('data', { body: { n: 1 } });
              return await this.emit('end');
            };
            """])
        let outcome = try component.run()
        #expect(component.recorder.names == ["data", "end", "error"])
        #expect((component.recorder.json(2) as? [String: Any])?["message"] as? String == "Cannot create property 'headers' on boolean 'true'")
        #expect((component.recorder.json(2) as? [String: Any])?["name"] as? String == "TypeError")
        #expect(outcome.errorCount == 1)
    }

    @Test func engineErrorsReachErrorEventsInNodesWords() throws {
        let component = try TestComponent(functions: ["f": """
            exports.process = async function (msg) {
              let caught;
              try { msg.body.missing.deeper; } catch (e) { caught = e.message; }
              await this.emit('data', { body: { caught } });
              return msg.nothing.here;
            };
            """])
        try component.run()
        #expect(component.recorder.names == ["data", "error", "end"])
        let body = (component.recorder.json(0) as? [String: Any])?["body"] as? [String: Any]
        #expect(body?["caught"] as? String == "Cannot read properties of undefined (reading 'deeper')")
        #expect((component.recorder.json(1) as? [String: Any])?["message"] as? String == "Cannot read properties of undefined (reading 'here')")
    }
}
