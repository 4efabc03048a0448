import JSHostCore
import MemoryStore
import SnapshotStore
import Testing

/// What only the memory store does (its roles are checked by the contract suite in SnapshotStoreTests): its
/// location opens the same store in this process, and no other.
struct MemoryLocationTests {
    @Test func itsLocationOpensTheSameStoreAndNoOther() async throws {
        let store = MemorySnapshotStore()
        let key = StepKey(flow: "f", step: "s")
        try await store.apply(ManualChange(key: key, action: .set(json: "1"), editor: .user("tester")))
        let opened = try store.location.open(limit: .elasticio, historyDepth: 5)
        #expect(try await opened.get(key)?.json == "1")
        let other = MemorySnapshotStore()
        #expect(throws: SnapshotStoreError.self) { _ = try other.location.opener.open(store.location.text, .elasticio, 5) }
        #expect(!store.location.description.isEmpty && !store.capabilities.sharedByHosts)
    }
}
