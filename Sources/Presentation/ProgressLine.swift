import Foundation
import Synchronization

/// One line on a terminal that tells how long work is going, redrawn a few times a second in place; anything else
/// written to the terminal meanwhile goes through `interrupt`, which clears the line first, so the two never mix.
public final class ProgressLine: Sendable {
    private let write: @Sendable (String) -> Void
    private let interval: Duration
    /// Held while the line or other text is written, so the two never mix.
    private let state = Mutex((lastDraw: ContinuousClock.Instant?.none, shown: false))

    /// `write` puts text on the terminal (stderr).
    public init(interval: Duration = .milliseconds(200), write: @escaping @Sendable (String) -> Void) {
        self.interval = interval
        self.write = write
    }

    /// The work's state now; drawn if the last draw is older than the interval.
    public func update(_ text: String, force: Bool = false) {
        state.withLock { state in
            let now = ContinuousClock.now
            if !force, let lastDraw = state.lastDraw, now - lastDraw < interval { return }
            state.lastDraw = now
            write("\r\u{1B}[2K" + text)
            state.shown = true
        }
    }

    /// Writes other text with the line out of the way; the line comes back at the next update.
    public func interrupt(_ output: () -> Void) {
        state.withLock { state in
            if state.shown {
                write("\r\u{1B}[2K")
                state.shown = false
                state.lastDraw = nil
            }
            output()
        }
    }

    /// Replaces the line with the summary, for good.
    public func finish(_ summary: String) {
        state.withLock { state in
            write((state.shown ? "\r\u{1B}[2K" : "") + summary + "\n")
            state.shown = false
        }
    }
}
