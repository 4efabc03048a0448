import Foundation

/// One line on a terminal that tells how long work is going, redrawn a few times a second in place; anything else
/// written to the terminal meanwhile goes through `interrupt`, which clears the line first, so the two never mix.
public final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let write: @Sendable (String) -> Void
    private let interval: Duration
    private var lastDraw: ContinuousClock.Instant?
    private var shown = false
    private var status = ""

    /// `write` puts text on the terminal (stderr).
    public init(interval: Duration = .milliseconds(200), write: @escaping @Sendable (String) -> Void) {
        self.interval = interval
        self.write = write
    }

    /// The work's state now; drawn if the last draw is older than the interval.
    public func update(_ text: String, force: Bool = false) {
        lock.withLock {
            status = text
            let now = ContinuousClock.now
            if !force, let lastDraw, now - lastDraw < interval { return }
            lastDraw = now
            write("\r\u{1B}[2K" + text)
            shown = true
        }
    }

    /// Writes other text with the line out of the way; the line comes back at the next update.
    public func interrupt(_ output: () -> Void) {
        lock.withLock {
            if shown {
                write("\r\u{1B}[2K")
                shown = false
                lastDraw = nil
            }
            output()
        }
    }

    /// Replaces the line with the summary, for good.
    public func finish(_ summary: String) {
        lock.withLock {
            write((shown ? "\r\u{1B}[2K" : "") + summary + "\n")
            shown = false
        }
    }
}
