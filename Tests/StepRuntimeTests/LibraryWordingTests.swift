import ComponentRuntime
import Foundation
import NodeCompat
import SnapshotStore
import Testing
@testable import StepRuntime
import JSHostCore
import SQLiteStore
import TestSupport

/// What the libraries say names what happened, never a command line's options: the command line adds its own
/// advice (and a service will add none).
@Suite struct LibraryWordingTests {
    @Test func errorsAndRefusalsNameNoOption() throws {
        #expect(!ComponentError.timedOut(seconds: 2).description.contains("--"))
        let violation = try #require(SnapshotLimit(bytes: 10).violation(for: #""a long snapshot value""#))
        #expect(!violation.description.contains("--"))
        #expect(SnapshotLimit(bytes: 10, advice: "raise --snapshot-limit").violation(for: #""a long value""#)?.description
            .hasSuffix("keep less state in the snapshot or raise --snapshot-limit") == true)
        var permissions = Permissions(readable: [], writable: [], networkHosts: [])
        let denial = try #require(permissions.denial(.read, "/etc/hostname"))
        #expect(!denial.contains("--") && denial.contains("/etc/hostname"))
        #expect(try #require(permissions.networkDenial(host: "example.com", port: 443)) == "Access to network host 'example.com:443' is denied")
        permissions.namesFlags = true
        #expect(permissions.denial(.read, "/etc/hostname")?.contains("--allow-read=/etc/hostname") == true)
        let descriptor = ComponentDescriptor(directory: "/nowhere/two", triggers: [.init(name: "a", kind: .trigger, main: "a.js")],
                                             actions: [.init(name: "b", kind: .action, main: "b.js")])
        #expect(throws: ComponentError.self) { try descriptor.function(named: nil) }
        do { _ = try descriptor.function(named: nil) } catch {
            #expect(error.choices == ["a", "b"] && !error.message.contains("--"))
        }
    }

    @Test func anOversizeSnapshotEventNamesNoOption() async throws {
        let component = try TemporaryComponent(actions: ["big": """
            exports.process = async function () { await this.emit('snapshot', { blob: 'x'.repeat(6000) }); };
            """])
        let store = try temporaryStore()
        let definition = try component.step("big", key: StepKey(flow: "local", step: "big"))
        let events = CapturedLines()
        let outcome = try await onThread("big") {
            try StepRunner(definition: definition, store: store, owner: .thisProcess(), onEvent: { events.append($0.json ?? "") })
                .run(StepMessage(json: #"{"body":{}}"#))
        }
        #expect(outcome.completion == .completedWithErrors)
        let error = try #require(events.all.first { $0.contains("over the 5120-byte limit") })
        #expect(!error.contains("--snapshot-limit"))
        #expect(try await store.get(definition.key) == nil)
    }
}
