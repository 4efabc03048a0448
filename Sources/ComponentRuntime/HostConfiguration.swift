import Foundation
import NodeCompat
import JSHostCore

/// How a component is hosted: limits, clock, identity and where diagnostics go.
public struct HostConfiguration: Sendable {
    /// Bounds the whole run, script execution and waiting alike.
    public var timeout: Duration = .seconds(60)
    /// Whether JavaScriptCore's watchdog enforces `timeout`. Its checks cost a system call on every entry into the
    /// VM (every promise job), which doubles the time of promise-heavy code; `jshost run` turns it off and watches
    /// the time from a thread of its own (RunWatchdog, with `ComponentHost.messageStarts` for streams).
    public var enginePolicesTimeout = true
    public var frozenNow: Date?
    public var snapshotLimit: SnapshotLimit = .elasticio
    public var flowID = "local"
    public var stepID: String?
    /// Fields every log line of the component carries besides its message's ids (a service adds its flow and step).
    public var logFields: [(name: String, value: String)] = []
    /// What `this.getFlowVariables()` returns (JSON object text).
    public var flowVariablesJSON = "{}"
    /// trace, debug, info, warn, error or fatal (sailor reads LOG_LEVEL).
    public var logLevel = "info"
    /// `process.env`. Empty unless the caller passes one: a service must not hand its own secrets to components.
    public var environment: [String: String] = [:]
    /// `process.cwd()`; the component's folder when the caller names none.
    public var workingDirectory: String?
    /// What the component's `fs` may touch (and, later, where its network may go). Unrestricted for embedders;
    /// the CLI narrows it to the component's folder and a scratch folder.
    public var permissions: Permissions = .unrestricted
    /// The step's scratch folder, where paths under `/tmp` lead (NodeOptions.temporaryFolder); nil: `/tmp` is the
    /// machine's. Callers set `environment["TMPDIR"]` to the same folder, so `os.tmpdir()` is it too.
    public var temporaryFolder: String?
    /// `process.abort()` really aborts (see NodeOptions.abortEndsProcess): for supervised workers.
    public var abortEndsProcess = false
    /// The most the engine's heap may hold while the component runs (`JSEngine.heapLimitBytes`); past it the run
    /// fails with `ComponentError.Code.outOfMemory`. For steps that share a worker process. Nil: no limit.
    public var heapLimitBytes: Int?
    /// The most JSON text (in JavaScript characters) the data messages of one message's run may hold: a run
    /// commits them in one value, and SQLite refuses a value of more than 10⁹ bytes. A message that would go over
    /// becomes an error event instead, before anything of it is printed.
    public var maxRunDataCharacters = 128 * 1024 * 1024
    /// A stream's batch stops taking messages once their data reaches this much, and the stream commits a group
    /// that has reached it, so one commit stays far below what the store can hold.
    public var batchDataCharacters = 32 * 1024 * 1024
    /// Receives log lines (one JSON object each, newline-terminated) and console output.
    public var stderr: @Sendable (String) -> Void = StandardStreams.writeStderr

    public init() {}
}
