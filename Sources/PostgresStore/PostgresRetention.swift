import Foundation
import PostgresNIO
import SnapshotStore

extension PostgresSnapshotStore: StoreMaintaining {
    /// PostgreSQL's autovacuum gives space back by itself.
    public func pruningAdvice() async throws -> String? { nil }

    public func prune(_ policy: RetentionPolicy, now: Date, dryRun: Bool) async throws -> PruneReport {
        let clock = now.timeIntervalSince1970
        let runCutoff = clock - policy.runAge, answerCutoff = clock - policy.answerAge, idCutoff = clock - policy.messageIDAge
        let keepRuns = policy.runsPerStep, keepIDs = policy.messageIDsPerStep, batch = RetentionPolicy.batch
        var report = PruneReport()
        if dryRun {
            let counts = try await rows("""
                WITH old_runs AS (
                    SELECT id FROM run WHERE ended_at < \(runCutoff) OR id IN (
                        SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY flow, step ORDER BY ended_at DESC, seq DESC) AS n FROM run) r
                        WHERE n > \(keepRuns)))
                SELECT (SELECT count(*) FROM old_runs) AS runs,
                    (SELECT count(*) FROM outbox WHERE run_id IN (SELECT id FROM old_runs)
                        OR seq IN (SELECT commit_row FROM outbox_delivered)) AS outbox,
                    (SELECT count(*) FROM webhook_answer WHERE created_at < \(answerCutoff)) AS answers,
                    (SELECT count(*) FROM (SELECT at, row_number() OVER (PARTITION BY flow, step ORDER BY at DESC) AS n FROM consumed_message) c
                        WHERE at < \(idCutoff) OR n > \(keepIDs)) AS ids
                """)
            guard let row = counts.first else { return report }
            report.runs = try row.value("runs", as: Int.self)
            report.outboxRows = try row.value("outbox", as: Int.self)
            report.webhookAnswers = try row.value("answers", as: Int.self)
            report.messageIDs = try row.value("ids", as: Int.self)
            return report
        }
        // Short statements, each its own transaction: a commit waits for one batch at most.
        while true {
            let delivered = try await rows("""
                WITH gone AS (DELETE FROM outbox WHERE seq IN (
                    SELECT commit_row FROM outbox_delivered ORDER BY commit_row LIMIT \(batch)) RETURNING seq)
                SELECT count(*) AS n FROM gone
                """).first?.value("n", as: Int.self) ?? 0
            report.outboxRows += delivered
            if delivered == 0 { break }
        }
        while true {
            guard let row = try await rows("""
                WITH doomed AS (
                    SELECT id FROM run WHERE ended_at < \(runCutoff) OR id IN (
                        SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY flow, step ORDER BY ended_at DESC, seq DESC) AS n FROM run) r
                        WHERE n > \(keepRuns))
                    LIMIT \(batch)),
                gone AS (DELETE FROM run WHERE id IN (SELECT id FROM doomed) RETURNING id)
                SELECT (SELECT count(*) FROM gone) AS runs, (SELECT count(*) FROM outbox WHERE run_id IN (SELECT id FROM gone)) AS outbox
                """).first else { break }
            let runs = try row.value("runs", as: Int.self)
            report.runs += runs
            report.outboxRows += try row.value("outbox", as: Int.self)
            if runs == 0 { break }
        }
        try await rows("DELETE FROM outbox_delivered WHERE commit_row NOT IN (SELECT seq FROM outbox)")
        try await rows("DELETE FROM outbox_ack WHERE commit_row NOT IN (SELECT seq FROM outbox)")
        while true {
            let answers = try await rows("""
                WITH gone AS (DELETE FROM webhook_answer WHERE thread IN (
                    SELECT thread FROM webhook_answer WHERE created_at < \(answerCutoff) LIMIT \(batch)) RETURNING thread)
                SELECT count(*) AS n FROM gone
                """).first?.value("n", as: Int.self) ?? 0
            report.webhookAnswers += answers
            if answers == 0 { break }
        }
        while true {
            let ids = try await rows("""
                WITH gone AS (DELETE FROM consumed_message WHERE (flow, step, message_id) IN (
                    SELECT flow, step, message_id FROM (
                        SELECT flow, step, message_id, at, row_number() OVER (PARTITION BY flow, step ORDER BY at DESC) AS n
                        FROM consumed_message) c
                    WHERE at < \(idCutoff) OR n > \(keepIDs) LIMIT \(batch)) RETURNING message_id)
                SELECT count(*) AS n FROM gone
                """).first?.value("n", as: Int.self) ?? 0
            report.messageIDs += ids
            if ids == 0 { break }
        }
        // The space of deleted rows is PostgreSQL's own to reuse (autovacuum); nothing is given back here.
        return report
    }

    public func tableSizes() async throws -> [TableSize] {
        let tables = try await rows("""
            SELECT relname, pg_total_relation_size(relid) AS bytes FROM pg_stat_user_tables
            WHERE schemaname = current_schema() ORDER BY relname
            """)
        var sizes: [TableSize] = []
        for table in tables {
            let name = try table.value("relname", as: String.self)
            let count = try await rows(PostgresQuery(unsafeSQL: "SELECT count(*) AS n FROM \"\(name.replacingOccurrences(of: "\"", with: "\"\""))\""))
            sizes.append(TableSize(table: name, rows: try count.first?.value("n", as: Int.self) ?? 0, bytes: try table.value("bytes", as: Int64.self)))
        }
        return sizes
    }
}
