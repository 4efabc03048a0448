import Foundation
import PostgresNIO
import SnapshotStore
import JSHostCore

extension PostgresSnapshotStore: OutboxDraining {
    public func pendingMessages(after position: OutboxPosition, limit: Int) async throws -> [OutboxMessage] {
        guard limit > 0 else { return [] }
        var found: [OutboxMessage] = []
        var from = position.commit
        // Commits are read a few at a time: a commit holds any number of messages.
        while found.count < limit {
            let commits = try await rows("""
                SELECT outbox.seq, outbox.run_id, outbox.messages, outbox.input_lines, run.flow, run.step,
                    ARRAY(SELECT idx FROM outbox_ack WHERE commit_row = outbox.seq) AS acked
                FROM outbox JOIN run ON run.id = outbox.run_id
                WHERE outbox.seq >= \(from) AND NOT EXISTS (SELECT 1 FROM outbox_delivered WHERE commit_row = outbox.seq)
                ORDER BY outbox.seq LIMIT 16
                """)
            guard let last = commits.last else { break }
            for row in commits {
                let seq: Int64 = try row.value("seq")
                let acked = Set(try row.value("acked", as: [Int32].self).map(Int.init))
                let messages = OutboxText.split(try row.value("messages"))
                let lines = OutboxText.lines(try row.value("input_lines"), count: messages.count)
                let key = StepKey(flow: try row.value("flow"), step: try row.value("step"))
                let runID: String = try row.value("run_id")
                for (index, json) in messages.enumerated() where found.count < limit {
                    let at = OutboxPosition(commit: seq, index: index)
                    guard at > position, !acked.contains(index) else { continue }
                    found.append(OutboxMessage(position: at, key: key, runID: runID,
                                               inputLine: index < lines.count ? lines[index] : nil, json: json))
                }
            }
            from = try last.value("seq", as: Int64.self) + 1
        }
        return found
    }

    public func acknowledge(_ positions: [OutboxPosition]) async throws {
        guard !positions.isEmpty else { return }
        let logger = logger
        try await transaction { connection in
            for (commit, inCommit) in Dictionary(grouping: positions, by: \.commit).sorted(by: { $0.key < $1.key }) {
                // Row-locked: two deliverers acknowledging the same commit count its acknowledgements one at a time.
                guard let row = try await connection.rows("SELECT messages FROM outbox WHERE seq = \(commit) FOR UPDATE", logger).first,
                      try await connection.rows("SELECT 1 FROM outbox_delivered WHERE commit_row = \(commit)", logger).isEmpty
                else { continue }
                let count = OutboxText.split(try row.value("messages")).count
                for position in inCommit where position.index >= 0 && position.index < count {
                    try await connection.query("""
                        INSERT INTO outbox_ack (commit_row, idx) VALUES (\(commit), \(Int32(position.index))) ON CONFLICT DO NOTHING
                        """, logger: logger)
                }
                // A commit whose every message is delivered is marked once, and its acknowledgements let go.
                let acked = try await connection.rows("SELECT count(*) AS n FROM outbox_ack WHERE commit_row = \(commit)", logger)
                if try acked.first?.value("n", as: Int.self) == count {
                    try await connection.query("INSERT INTO outbox_delivered (commit_row) VALUES (\(commit))", logger: logger)
                    try await connection.query("DELETE FROM outbox_ack WHERE commit_row = \(commit)", logger: logger)
                }
            }
        }
    }
}
