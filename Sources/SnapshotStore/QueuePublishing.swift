import Foundation
import JSHostCore

/// The step queues as a broker's outbox. With a broker between a flow's steps (`jshost serve --broker`), a queued
/// message is also published to its step's broker queue: a commit queues it in the store as ever (so the thread it
/// belongs to, the queue's depth and exactly-once consumption stay the store's), a host publishes it with the
/// broker's confirms and marks it published, and the run that takes its delivery removes it with its commit. A host
/// that dies between publishing and marking leaves it to be published again: the copy's commit is refused, as a
/// message consumed already.
public protocol QueuePublishing: Sendable {
    /// Up to `limit` of the oldest messages for `keys` not yet published and not claimed by a publisher now, claimed
    /// for `claim` (after which another publisher may take them: the one that claimed them died). A publisher asks
    /// for the steps it declared on the broker: a message for a step nobody serves any more waits, not in its way.
    func claimUnpublished(for keys: [StepKey], claim: Duration, limit: Int) async throws -> [QueuedMessage]
    /// Marks messages published: the broker confirmed them. Ids no longer queued are left alone.
    func markPublished(_ ids: [Int64]) async throws
    /// Gives up a claim: a publish failed, and the next try (this publisher's or another's) need not wait for the
    /// claim to pass. Published messages are left alone.
    func releaseClaims(_ ids: [Int64]) async throws
    /// Which of these messages are still queued (not consumed by a commit).
    func stillQueued(_ ids: [Int64]) async throws -> Set<Int64>
}
