import Foundation
import PostgresNIO
import SnapshotStore

/// The store's tables, as numbered migrations: a database set up by an older jshost is brought up to date, one
/// set up by a newer one is refused before anything is read or written. Several hosts may start at once against a
/// new database: they take turns under an advisory lock, and each applies only what is not applied yet.
///
/// Times are seconds since 1970 as double precision, as in the SQLite store: the same values round-trip exactly.
enum PostgresSchema {
    static let migrations: [(version: Int, sql: String)] = [
        (1, """
            CREATE TABLE step_snapshot (
                flow text NOT NULL, step text NOT NULL, version bigint NOT NULL, value text, bytes bigint NOT NULL,
                sha256 text, cfg_fingerprint text, updated_at double precision NOT NULL, PRIMARY KEY (flow, step));
            CREATE TABLE snapshot_version (
                flow text NOT NULL, step text NOT NULL, version bigint NOT NULL, value text, bytes bigint NOT NULL,
                sha256 text, cfg_fingerprint text, created_at double precision NOT NULL, source text NOT NULL,
                PRIMARY KEY (flow, step, version));
            CREATE TABLE run (
                id text PRIMARY KEY, seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE, flow text NOT NULL, step text NOT NULL,
                started_at double precision NOT NULL, ended_at double precision NOT NULL, outcome text NOT NULL,
                input_hash text NOT NULL, snapshot_version bigint, data_count bigint NOT NULL, error_count bigint NOT NULL);
            CREATE INDEX run_by_step ON run (flow, step, ended_at, seq);
            CREATE SEQUENCE outbox_seq;
            CREATE TABLE outbox (
                seq bigint PRIMARY KEY, run_id text NOT NULL UNIQUE REFERENCES run (id) ON DELETE CASCADE,
                messages text NOT NULL, input_lines text);
            CREATE TABLE outbox_ack (commit_row bigint NOT NULL, idx integer NOT NULL, PRIMARY KEY (commit_row, idx));
            CREATE TABLE outbox_delivered (commit_row bigint PRIMARY KEY);
            CREATE TABLE audit (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, flow text NOT NULL, step text NOT NULL,
                action text NOT NULL, editor text NOT NULL, editor_kind text NOT NULL, pid bigint NOT NULL,
                at double precision NOT NULL, old_version bigint NOT NULL, new_version bigint NOT NULL,
                old_hash text, new_hash text, reason text);
            CREATE INDEX audit_by_step ON audit (flow, step, id);
            CREATE TABLE lease (
                flow text NOT NULL, step text NOT NULL, fence bigint NOT NULL,
                owner_host text, owner_pid bigint, owner_start text, owner_worker text,
                acquired_at double precision, expires_at double precision, PRIMARY KEY (flow, step));
            CREATE TABLE input_position (
                flow text NOT NULL, step text NOT NULL, stream text NOT NULL, line bigint NOT NULL,
                updated_at double precision NOT NULL, PRIMARY KEY (flow, step, stream));
            CREATE TABLE credential (id text PRIMARY KEY, keys text NOT NULL, updated_at double precision NOT NULL);
            CREATE TABLE step_queue (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, flow text NOT NULL, step text NOT NULL,
                message text NOT NULL, from_run text NOT NULL, available_at double precision NOT NULL,
                attempts bigint NOT NULL DEFAULT 0, thread text, context text);
            CREATE INDEX step_queue_by_step ON step_queue (flow, step, id);
            CREATE INDEX step_queue_by_thread ON step_queue (flow, thread);
            CREATE TABLE flow_state (flow text PRIMARY KEY, status text, startup_data text, updated_at double precision NOT NULL);
            CREATE TABLE api_key (
                name text PRIMARY KEY, role text NOT NULL, hash text NOT NULL UNIQUE, created_at double precision NOT NULL);
            CREATE TABLE webhook_answer (thread text PRIMARY KEY, answer text, created_at double precision NOT NULL);
            CREATE TABLE consumed_message (
                flow text NOT NULL, step text NOT NULL, message_id text NOT NULL, run_id text NOT NULL,
                at double precision NOT NULL, PRIMARY KEY (flow, step, message_id));
            """),
        // A queue row is also the broker's outbox entry (see QueuePublishing).
        (2, """
            ALTER TABLE step_queue ADD COLUMN published boolean NOT NULL DEFAULT false;
            ALTER TABLE step_queue ADD COLUMN claimed_until double precision;
            CREATE INDEX step_queue_unpublished ON step_queue (id) WHERE NOT published;
            """),
    ]

    static var knownVersion: Int { migrations.map(\.version).max() ?? 0 }

    static func migrate(_ store: PostgresSnapshotStore) async throws {
        let logger = store.logger
        try await store.transaction { connection in
            try await PostgresSnapshotStore.lock(connection, .schema, logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS jshost_schema (version integer PRIMARY KEY, applied_at double precision NOT NULL)
                """, logger: logger)
            let applied = Set(try await connection.rows("SELECT version FROM jshost_schema", logger).map { try $0.value("version", as: Int.self) })
            if let newest = applied.max(), newest > knownVersion {
                throw SnapshotStoreError.newerSchema(path: store.address.displayed, found: newest, known: knownVersion)
            }
            for migration in migrations where !applied.contains(migration.version) {
                // One statement per call: the extended protocol takes one at a time.
                for statement in migration.sql.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) })
                where !statement.isEmpty {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("""
                    INSERT INTO jshost_schema (version, applied_at) VALUES (\(migration.version), extract(epoch FROM clock_timestamp()))
                    """, logger: logger)
            }
        }
    }
}
