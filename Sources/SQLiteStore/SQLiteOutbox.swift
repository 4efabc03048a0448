import SnapshotStore
import Foundation
import GRDB
import JSHostCore

extension SQLiteSnapshotStore: OutboxDraining {
    public func pendingMessages(after position: OutboxPosition, limit: Int) async throws -> [OutboxMessage] {
        guard limit > 0 else { return [] }
        return try await database.read { db in
            var found: [OutboxMessage] = []
            var from = position.commit
            // Commits are read a few at a time: a commit holds any number of messages.
            while found.count < limit {
                let rows = try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT outbox.seq, outbox.run_id, outbox.messages, outbox.input_lines, run.flow, run.step
                    FROM outbox JOIN run ON run.id = outbox.run_id
                    WHERE outbox.seq >= ? AND outbox.seq NOT IN (SELECT commit_row FROM outbox_delivered)
                    ORDER BY outbox.seq LIMIT 16
                    """), arguments: [from])
                guard let last = rows.last else { break }
                for row in rows {
                    let seq: Int64 = row["seq"]
                    let acked = Set(try Int.fetchAll(db.cachedStatement(sql: "SELECT idx FROM outbox_ack WHERE commit_row = ?"),
                                                     arguments: [seq]))
                    let messages = OutboxText.split(row["messages"])
                    let lines = OutboxText.lines(row["input_lines"], count: messages.count)
                    let key = StepKey(flow: row["flow"], step: row["step"])
                    for (index, json) in messages.enumerated() where found.count < limit {
                        let at = OutboxPosition(commit: seq, index: index)
                        guard at > position, !acked.contains(index) else { continue }
                        found.append(OutboxMessage(position: at, key: key, runID: row["run_id"],
                                                   inputLine: index < lines.count ? lines[index] : nil, json: json))
                    }
                }
                from = (last["seq"] as Int64) + 1
            }
            return found
        }
    }

    public func acknowledge(_ positions: [OutboxPosition]) async throws {
        guard !positions.isEmpty else { return }
        try await database.write { db in
            for (commit, inCommit) in Dictionary(grouping: positions, by: \.commit) {
                guard let messages = try String.fetchOne(db, sql: "SELECT messages FROM outbox WHERE seq = ?", arguments: [commit]),
                      try Int.fetchOne(db, sql: "SELECT 1 FROM outbox_delivered WHERE commit_row = ?", arguments: [commit]) == nil
                else { continue }
                let count = OutboxText.split(messages).count
                for position in inCommit where position.index >= 0 && position.index < count {
                    try db.execute(sql: "INSERT OR IGNORE INTO outbox_ack (commit_row, idx) VALUES (?, ?)",
                                   arguments: [commit, position.index])
                }
                // A commit whose every message is delivered is marked once, and its acknowledgements let go.
                if try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox_ack WHERE commit_row = ?", arguments: [commit]) == count {
                    try db.execute(sql: "INSERT INTO outbox_delivered (commit_row) VALUES (?)", arguments: [commit])
                    try db.execute(sql: "DELETE FROM outbox_ack WHERE commit_row = ?", arguments: [commit])
                }
            }
        }
    }
}
