import Foundation
import Testing
@testable import ComponentRuntime
import JSHostCore

/// Checklist items 18–20 and the 5 KB limit.
@Suite struct SnapshotEventTests {
    @Test func snapshotReplacesAndTheLastWriteWins() throws {          // items 18, 20
        let component = try TestComponent(functions: ["f": """
            exports.process = async function (msg, cfg, snapshot) {
              await this.emit('snapshot', { first: snapshot.n });
              await this.emit('snapshot', { n: snapshot.n + 1 });
              await this.emit('end');
            };
            """])
        let host = try component.host()
        let first = try component.run(snapshot: #"{"n":1}"#, host: host)
        #expect(first.snapshotJSON == #"{"n":2}"#)
        let second = try component.run(snapshot: first.snapshotJSON!, host: host)
        #expect(second.snapshotJSON == #"{"n":3}"#)
    }

    @Test func anyJSONValueButUndefined() throws {
        let component = try TestComponent(functions: ["f": """
            exports.process = async function () {
              await this.emit('snapshot', '2021-01-05T12:00:00.000Z');
              await this.emit('snapshot');
              await this.emit('end');
            };
            """])
        let outcome = try component.run()
        #expect(outcome.snapshotJSON == #""2021-01-05T12:00:00.000Z""#)
        #expect(component.recorder.stderr.contains("undefined cannot be stored"))
    }

    @Test func updateSnapshotMergesShallowly() throws {                 // item 19
        let component = try TestComponent(functions: ["f": """
            exports.process = async function () {
              await this.emit('updateSnapshot', { updated: 1, nested: { b: 2 } });
              await this.emit('end');
            };
            """])
        let outcome = try component.run(snapshot: #"{"someId":"x","nested":{"a":1}}"#)
        #expect(outcome.snapshotJSON == #"{"someId":"x","nested":{"b":2},"updated":1}"#)
        #expect(component.recorder.events.first == ComponentEvent(name: "updateSnapshot", json: #"{"updated":1,"nested":{"b":2}}"#))
    }

    @Test func updateSnapshotIgnoresNonObjectsAndRefusesSet() throws {  // item 19
        let component = try TestComponent(functions: ["f": """
            exports.process = async function () {
              await this.emit('updateSnapshot', 'text');
              await this.emit('updateSnapshot', [1, 2]);
              await this.emit('updateSnapshot', { $set: { a: 1 } });
              await this.emit('end');
            };
            """])
        let outcome = try component.run(snapshot: #"{"a":0}"#)
        #expect(outcome.snapshotJSON == nil)
        #expect(component.recorder.names == ["end"])
        #expect(component.recorder.stderr.contains("ERROR: $set is not supported any more in `updateSnapshot` event"))
        #expect(component.recorder.stderr.contains("updateSnapshot event needs a plain object"))
    }

    @Test func snapshotsSeenByLaterEmitsInTheSameRun() throws {
        let component = try TestComponent(functions: ["f": """
            exports.process = async function () {
              await this.emit('snapshot', { a: 1 });
              await this.emit('updateSnapshot', { b: 2 });
              await this.emit('end');
            };
            """])
        #expect(try component.run(snapshot: #"{"old":true}"#).snapshotJSON == #"{"a":1,"b":2}"#)
    }

    @Test func oversizeSnapshotIsAnErrorAndNotKept() throws {
        let component = try TestComponent(functions: ["f": """
            exports.process = async function () {
              await this.emit('snapshot', { ok: true });
              await this.emit('snapshot', { items: 'x'.repeat(6000), cursor: 5 });
              await this.emit('end');
            };
            """])
        let outcome = try component.run()
        #expect(component.recorder.names == ["snapshot", "error", "end"])
        #expect(outcome.snapshotJSON == #"{"ok":true}"#)
        #expect(outcome.errorCount == 1)
        let message = try #require((component.recorder.json(1) as? [String: Any])?["message"] as? String)
        #expect(message.contains("6023 bytes, over the 5120-byte limit"))
        #expect(message.contains("items (6002 bytes)"))
    }

    @Test func limitIsConfigurable() throws {
        let component = try TestComponent(functions: ["f": "exports.process = async function () { await this.emit('snapshot', { a: 'xxxxxxxxxx' }); };"])
        let outcome = try component.run(configure: { $0.snapshotLimit = .init(bytes: 10) })
        #expect(outcome.snapshotJSON == nil)
        #expect(component.recorder.names == ["error", "end"])
    }

    @Test func updateSnapshotMergesAnObjectMadeInAnotherRealm() throws {
        let component = try TestComponent(functions: ["f": """
            const vm = require('vm');
            exports.process = async function () {
              const delta = vm.runInNewContext('({ fromVm: true, list: [1] })');
              await this.emit('updateSnapshot', delta);
              await this.emit('updateSnapshot', new (class Custom { constructor() { this.no = 1; } })());
              await this.emit('end');
            };
            """])
        let outcome = try component.run(snapshot: #"{"kept":1}"#)
        #expect(outcome.snapshotJSON == #"{"kept":1,"fromVm":true,"list":[1]}"#)
        #expect(component.recorder.stderr.contains("updateSnapshot event needs a plain object"))
    }
}
