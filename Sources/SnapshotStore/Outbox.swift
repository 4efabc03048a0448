import Foundation
import JSHostCore

/// Where a data message sits in the outbox: the commit that wrote it, and its place among that commit's messages.
/// Positions only grow with later commits, so "after this position" is a delivery cursor.
public struct OutboxPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var commit: Int64
    public var index: Int

    public init(commit: Int64, index: Int) {
        self.commit = commit
        self.index = index
    }

    /// Before every message.
    public static let start = OutboxPosition(commit: 0, index: -1)

    public static func < (a: Self, b: Self) -> Bool { (a.commit, a.index) < (b.commit, b.index) }

    /// `commit.index`, also the message's id.
    public var description: String { "\(commit).\(index)" }

    public init?(_ text: String) {
        let parts = text.split(separator: ".")
        guard parts.count == 2, let commit = Int64(parts[0]), let index = Int(parts[1]), commit >= 0, index >= -1 else { return nil }
        self.init(commit: commit, index: index)
    }
}

/// A committed data message waiting to be delivered.
public struct OutboxMessage: Sendable, Equatable {
    /// The message's id: its position.
    public var position: OutboxPosition
    public var key: StepKey
    public var runID: String
    /// The stream input line it came from, if it came from a stream.
    public var inputLine: Int?
    public var json: String

    package init(position: OutboxPosition, key: StepKey, runID: String, inputLine: Int?, json: String) {
        self.position = position
        self.key = key
        self.runID = runID
        self.inputLine = inputLine
        self.json = json
    }
}
