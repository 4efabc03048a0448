import Foundation

/// moment.js, which `$moment(…)` calls (as @elastic.io/jsonata-moment does): Debian's node-moment by default, or
/// the file `JSHOST_MOMENT` names. Read on the first `$moment` call of an engine, not before.
public struct MomentLibrary: Sendable {
    public var path: String

    public init(path: String) {
        self.path = path
    }

    public static let debianPath = "/usr/share/nodejs/moment/moment.js"

    public static var installed: MomentLibrary {
        MomentLibrary(path: ProcessInfo.processInfo.environment["JSHOST_MOMENT"] ?? debianPath)
    }

    func source() -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    var missing: String {
        "$moment needs moment.js, which is not at \(path): install Debian's node-moment (apt install node-moment) or set JSHOST_MOMENT to a moment.js file"
    }
}
