import Foundation
import SnapshotStore

/// Where a run starts: an explicit snapshot, or the stored value (kept or reset when cfg changed), or `{}`.
enum StartingSnapshot {
    struct Choice {
        var json: String
        /// The run starts from `{}` because cfg changed: a run that emits no snapshot then clears it.
        var resetForConfigChange: Bool
        var notice: StepNotice?
    }

    static func choose(stored: StepState?, override: String?, cfgFingerprint: String, resetOnConfigChange: Bool) -> Choice {
        if let override { return Choice(json: override, resetForConfigChange: false) }
        var current = stored?.json
        var reset = false
        var notice: StepNotice?
        if let stored, let json = stored.json, let previous = stored.cfgFingerprint, previous != cfgFingerprint {
            notice = .cfgChanged(key: stored.key, version: stored.version, bytes: json.utf8.count, reset: resetOnConfigChange)
            if resetOnConfigChange {
                current = nil
                reset = true
            }
        }
        // sailor starts from `stepData.snapshot || {}`: nothing stored (or a falsy value) means {}.
        return Choice(json: current.flatMap { isFalsyJSON($0) ? nil : $0 } ?? "{}", resetForConfigChange: reset, notice: notice)
    }

    static func isFalsyJSON(_ json: String) -> Bool {
        ["null", "false", "0", "\"\"", "-0", "0.0"].contains(json.trimmingCharacters(in: .whitespaces))
    }
}
