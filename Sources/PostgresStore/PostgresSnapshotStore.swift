import Crypto
import Foundation
import Logging
import PostgresNIO
import SnapshotStore
import JSHostCore

/// The store for several hosts: every role of the SQLite store, over one PostgreSQL database through postgres-nio's
/// connection pool, so that any number of jshost processes on any number of machines share snapshots, runs,
/// history, audit, leases and queues.
///
/// How it keeps the contract where SQLite has one writer: every transaction that writes a step first takes that
/// step's advisory lock (held until it ends), so leases, commits and edits of one step follow one another as
/// SQLite's single writer makes them; lease times are the database's clock, the one clock all hosts share; and
/// outbox rows get their sequence under a lock held until commit, so they become visible in sequence order and a
/// delivery cursor never passes one still being written.
///
/// Its roles are in PostgresReading, PostgresLeases and PostgresRunCommits, PostgresEditing, PostgresOutbox,
/// PostgresStepQueue, PostgresCredentials, PostgresApiKeys, PostgresFlowStates and PostgresGroupCommits.
public final class PostgresSnapshotStore: Sendable {
    public let limit: SnapshotLimit
    public let historyDepth: Int
    public let address: PostgresAddress
    let client: PostgresClient
    let logger: Logger
    private let pool: Task<Void, Never>

    /// The store for several hosts.
    public var capabilities: StoreCapabilities { StoreCapabilities(sharedByHosts: true) }

    /// Connects to the database at `url` and brings its tables up to this jshost's layout.
    public init(url: String, limit: SnapshotLimit = .elasticio, historyDepth: Int = SnapshotHistory.defaultDepth,
                maximumConnections: Int = 8) async throws {
        let address: PostgresAddress
        do { address = try PostgresAddress(url: url) } catch let error as PostgresAddressError {
            throw SnapshotStoreError.cannotOpen(path: url, reason: error.description)
        }
        self.address = address
        self.limit = limit
        self.historyDepth = max(1, historyDepth)
        var logger = Logger(label: "jshost.postgres-store")
        logger.logLevel = .critical
        self.logger = logger
        var configuration = address.clientConfiguration
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(10)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        pool = Task { await client.run() }
        do {
            // One connection first: the pool would keep trying for a minute before it gave up on a wrong address.
            let probe = try await PostgresConnection.connect(on: PostgresClient.defaultEventLoopGroup.any(),
                                                             configuration: try address.connectionConfiguration(), id: 0,
                                                             logger: logger).get()
            try await probe.close()
            try await PostgresSchema.migrate(self)
        } catch {
            pool.cancel()
            if let error = error as? SnapshotStoreError {
                guard error.code == .unavailable else { throw error }
                throw SnapshotStoreError.cannotOpen(path: address.displayed, reason: error.reason ?? "")
            }
            throw SnapshotStoreError.cannotOpen(path: address.displayed, reason: Self.reason(error))
        }
    }

    deinit { pool.cancel() }

    /// Lets the connections go; calls after it fail.
    public func close() { pool.cancel() }

    // MARK: running statements

    /// One statement on a pooled connection, its rows read.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        do {
            return try await client.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
        } catch {
            throw unavailable(error)
        }
    }

    /// `body` in one transaction on one connection: committed when it returns, rolled back when it throws. A
    /// deadlock (two hosts' group commits taking steps in other orders) or a serialization failure is tried again.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withConnection { connection in
                    try await connection.query("BEGIN", logger: logger)
                    do {
                        let value = try await body(connection)
                        try await connection.query("COMMIT", logger: logger)
                        return value
                    } catch {
                        _ = try? await connection.query("ROLLBACK", logger: logger)
                        throw error
                    }
                }
            } catch let error as PSQLError where Self.isRetryable(error) && attempt < 5 {
                continue
            } catch {
                throw unavailable(error)
            }
        }
    }

    static func isRetryable(_ error: PSQLError) -> Bool {
        ["40P01", "40001"].contains(error.serverInfo?[.sqlState] ?? "")
    }

    func unavailable(_ error: any Error) -> any Error {
        if error is SnapshotStoreError || error is SnapshotLimitViolation { return error }
        return SnapshotStoreError.unavailable(location: address.displayed, reason: Self.reason(error))
    }

    /// What went wrong, in words: the server's message, or what happened to the connection. PSQLError's own
    /// description says nothing on purpose (it could hold the query's values).
    static func reason(_ error: any Error) -> String {
        if String(describing: error).contains("connectionCreationCircuitBreakerTripped") {
            return "cannot connect: no connection could be made for a while"
        }
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let message = error.serverInfo?[.message] { return message + (error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "") }
        switch error.code {
        case .connectionError: return "cannot connect" + (error.underlying.map { ": \($0)" } ?? "")
        case .serverClosedConnection, .uncleanShutdown: return "the server closed the connection"
        case .poolClosed: return "the store was closed"
        case .authMechanismRequiresPassword: return "the server asks for a password; put it in the URL"
        case .sslUnsupported: return "the server does not offer TLS; add ?sslmode=disable or prefer"
        default: return "\(error.code)"
        }
    }

    // MARK: locks

    /// Waits until this transaction holds the step's lock (see the type's comment).
    static func lockStep(_ connection: PostgresConnection, _ key: StepKey, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(\(LockSpace.step.rawValue), \(lockNumber(key)))", logger: logger)
    }

    /// Several steps' locks, always in the same order, so two transactions that need the same steps cannot each
    /// hold one the other waits for.
    static func lockSteps(_ connection: PostgresConnection, _ keys: some Sequence<StepKey>, logger: Logger) async throws {
        for number in Set(keys.map(lockNumber)).sorted() {
            try await connection.query("SELECT pg_advisory_xact_lock(\(LockSpace.step.rawValue), \(number))", logger: logger)
        }
    }

    static func lock(_ connection: PostgresConnection, _ space: LockSpace, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(\(space.rawValue), 0)", logger: logger)
    }

    /// Advisory locks are numbered by two int4s: the first says what is locked, the second which one.
    enum LockSpace: Int32 {
        case step = 0x6A73_0001
        case outbox = 0x6A73_0002
        case schema = 0x6A73_0003
    }

    /// The step's number among step locks: 32 bits of a SHA-256 of its ids. Two steps that share a number only
    /// wait for each other now and then; they never mix their data.
    static func lockNumber(_ key: StepKey) -> Int32 {
        let digest = SHA256.hash(data: Data((key.flow + "\u{0}" + key.step).utf8))
        return digest.prefix(4).reduce(Int32(0)) { ($0 << 8) | Int32($1) }
    }

    /// Seconds since 1970 on the database's clock, the clock every host's leases are measured by.
    static func databaseNow(_ connection: PostgresConnection, logger: Logger) async throws -> Date {
        let row = try await connection.query("SELECT extract(epoch FROM clock_timestamp())::float8", logger: logger).collect()
        return Date(timeIntervalSince1970: try row.first?.decode(Double.self) ?? Date().timeIntervalSince1970)
    }
}

extension PostgresConnection {
    /// A statement's rows, read, for columns looked up by name.
    @discardableResult
    func rows(_ query: PostgresQuery, _ logger: Logger) async throws -> [PostgresRandomAccessRow] {
        try await self.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
    }
}

extension PostgresRandomAccessRow {
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }

    func date(_ column: String) throws -> Date {
        Date(timeIntervalSince1970: try self[column].decode(Double.self))
    }
}

extension PostgresSnapshotStore: StoreDescribing {}
