import Foundation
@testable import PostgresStore
@testable import SnapshotStore
import Testing
import TestSupport
import PostgresNIO
import StoreTestSupport

/// What only a store shared by several hosts has to get right: hosts racing for one step, and hosts that vanish
/// while they hold a step, in the middle of a commit or between heartbeats.
@Suite(.timeLimit(.minutes(10))) struct PostgresSpecificTests {
    func newStore() async throws -> PostgresSnapshotStore {
        try await PostgresSnapshotStore(url: try SharedPostgres.server().newDatabase())
    }

    func handle(on store: PostgresSnapshotStore) async throws -> PostgresSnapshotStore {
        try await PostgresSnapshotStore(url: try SharedPostgres.server().url(database: store.address.database))
    }

    @Test func hostsRacingForOneStepRunItOneAtATimeAndLoseNoUpdate() async throws {
        let store = try await newStore()
        let hosts = 5, runsEach = 20
        let fences = FenceLog()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<hosts {
                let host = try await handle(on: store)
                let owner = LeaseOwner(host: "host-\(index).example", pid: 100, startTime: "1", worker: "main")
                group.addTask {
                    var done = 0
                    while done < runsEach {
                        let lease: Lease
                        do { lease = try await host.acquireLease(key, owner: owner, timeToLive: .seconds(3600)) } catch let error as SnapshotStoreError where error.code == .stepBusy {
                            try await Task.sleep(for: .milliseconds(2))
                            continue
                        }
                        // Read, then write what was read plus one: two holders at once would lose an increment.
                        let count = Int(try await host.get(key)?.json ?? "0")!
                        _ = try await host.commit(run("\(count + 1)", lease: lease))
                        await fences.add(lease.fence)
                        done += 1
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await store.get(key)?.json == "\(hosts * runsEach)")
        #expect(try await store.state(key)?.version == hosts * runsEach)
        #expect(try await store.runs(key).count == hosts * runsEach)
        // Every run held a lease of its own.
        #expect(await fences.distinct == hosts * runsEach)
        #expect(try await store.lease(key) == nil)
    }

    @Test func aHostThatDiesInTheMiddleOfACommitLeavesNothingAndHoldsNothing() async throws {
        let store = try await newStore()
        _ = try await store.commit(run("1"))
        // The other host: a psql session that takes the step's lock, writes half a commit, and is killed.
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: PostgresServer.binaries! + "/psql")
        psql.arguments = ["-X", "-q", try SharedPostgres.server().url(database: store.address.database)]
        let input = Pipe(), output = Pipe()
        psql.standardInput = input
        psql.standardOutput = output
        psql.standardError = FileHandle.nullDevice
        try psql.run()
        let lock = "\(PostgresSnapshotStore.LockSpace.step.rawValue), \(PostgresSnapshotStore.lockNumber(key))"
        input.fileHandleForWriting.write(Data("""
            BEGIN;
            SELECT pg_advisory_xact_lock(\(lock));
            UPDATE step_snapshot SET value = '"half"', version = 99;
            \\echo locked

            """.utf8))
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("locked") {
            let chunk = output.fileHandleForReading.availableData
            try #require(!chunk.isEmpty, "psql ended before it held the lock")
            seen.append(chunk)
        }
        let committing = Task { try await store.commit(run("2")) }
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await store.get(key)?.json == "1", "the commit went ahead while another host held the step")
        kill(psql.processIdentifier, SIGKILL)
        psql.waitUntilExit()
        let receipt = try await committing.value
        #expect(receipt.snapshotVersion == 2)
        #expect(try await store.get(key)?.json == "2")
        #expect(try await store.history(key).map(\.version) == [2, 1])
    }

    @Test func aHostThatVanishesWithALeaseHoldsTheStepOnlyUntilItsTimeToLive() async throws {
        let store = try await newStore()
        let vanishing = try await handle(on: store)
        let gone = LeaseOwner(host: "host-a.example", pid: 7, startTime: "1", worker: "main")
        let taker = LeaseOwner(host: "host-b.example", pid: 7, startTime: "1", worker: "main")
        let held = try await vanishing.acquireLease(key, owner: gone, timeToLive: .seconds(2))
        vanishing.close()
        // Another machine's process cannot be seen to die: the step stays its own until its time runs out.
        await #expect(throws: SnapshotStoreError.self) { try await store.acquireLease(key, owner: taker, timeToLive: .seconds(3600)) }
        var taken: Lease?
        let deadline = Date().addingTimeInterval(30)
        while taken == nil && Date() < deadline {
            taken = try? await store.acquireLease(key, owner: taker, timeToLive: .seconds(3600))
            if taken == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let lease = try #require(taken)
        #expect(lease.fence > held.fence)
        #expect(lease.expiresAt.timeIntervalSince(held.expiresAt) > 3000)
        _ = try await store.commit(run("\"taker\"", lease: lease))
        // The vanished host comes back with its old lease: nothing it commits is kept.
        let returning = try await handle(on: store)
        await #expect(throws: SnapshotStoreError.leaseLost(key)) { try await returning.commit(run("\"late\"", outbox: ["{}"], lease: held)) }
        #expect(try await store.get(key)?.json == "\"taker\"")
        #expect(try await store.runs(key).count == 1)
    }

    @Test func aDatabaseANewerJshostSetUpIsRefused() async throws {
        let store = try await newStore()
        _ = try await store.rows("INSERT INTO jshost_schema (version, applied_at) VALUES (\(PostgresSchema.knownVersion + 1), 0)")
        do {
            _ = try await handle(on: store)
            Issue.record("a newer schema was opened")
        } catch let error as SnapshotStoreError where error.code == .newerSchema {
            #expect(error.description.contains("schema version \(PostgresSchema.knownVersion + 1)"))
            #expect(!error.description.contains("sslmode"))
        }
    }

    @Test func aUnixSocketIsReachedThroughTheHostParameter() async throws {
        let store = try await newStore()
        _ = try await set(store, "7")
        let server = try SharedPostgres.server()
        let url = "postgres://jshost@localhost:\(server.port)/\(store.address.database)?host=\(server.socketFolder)"
        let overSocket = try await PostgresSnapshotStore(url: url)
        #expect(overSocket.address.socketFolder == server.socketFolder)
        #expect(try await overSocket.get(key)?.json == "7")
    }

    @Test func anUnreachableServerAndABadURLAreNamed() async throws {
        let port = FreePort.next()
        do {
            _ = try await PostgresSnapshotStore(url: "postgres://jshost:secret@127.0.0.1:\(port)/jshost")
            Issue.record("opened a store where no server listens")
        } catch let error as SnapshotStoreError where error.code == .cannotOpen {
            #expect(error.description.contains("postgres://jshost@127.0.0.1:\(port)/jshost"))
            #expect(error.description.contains("cannot connect"))
            #expect(!error.description.contains("secret"))
        }
        await #expect(throws: SnapshotStoreError.self) { try await PostgresSnapshotStore(url: "mysql://127.0.0.1/x") }
    }
}

actor FenceLog {
    private var seen: Set<Int64> = []
    private var count = 0
    func add(_ fence: Int64) {
        seen.insert(fence)
        count += 1
    }
    var distinct: Int { seen.count == count ? count : -1 }
}
