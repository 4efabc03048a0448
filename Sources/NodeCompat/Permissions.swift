import Foundation

/// What script code may touch, on the model of Deno's flags. By default: read under the component's folder,
/// write under a scratch folder of the step's, use the network. jshost's own state is never reachable.
public struct Permissions: Sendable, Equatable {
    public var readable: [String]
    public var writable: [String]
    /// nil: any host; empty: none (`--deny-net`).
    public var networkHosts: [String]?
    /// Never readable or writable, whatever the lists say (the state store).
    public var forbidden: [String]

    public init(readable: [String] = [], writable: [String] = [], networkHosts: [String]? = nil, forbidden: [String] = []) {
        self.readable = readable.map(Self.absolute)
        self.writable = writable.map(Self.absolute)
        self.networkHosts = networkHosts
        self.forbidden = forbidden.map(Self.absolute)
    }

    /// Everything allowed (tests, tools that run trusted code).
    public static let unrestricted = Permissions(readable: ["/"], writable: ["/"])

    public enum Access: String, Sendable { case read, write }

    /// Why `path` may not be accessed, as a Node-style message naming the flag that grants it; nil when allowed.
    public func denial(_ access: Access, _ path: String) -> String? {
        let target = Self.absolute(path)
        if forbidden.contains(where: { Self.contains($0, target) }) {
            return "Access to '\(target)' is denied: it is jshost's own state, which components may not touch"
        }
        let allowed = access == .read ? readable + writable : writable
        if allowed.contains(where: { Self.contains($0, target) }) { return nil }
        return "Access to '\(target)' is denied (\(access.rawValue)); run jshost with --allow-\(access.rawValue)=\(target) to grant it"
    }

    /// Why a request to `url` may not go out, naming the flag that grants it; nil when allowed.
    public func networkDenial(url: String) -> String? {
        guard let hosts = networkHosts else { return nil }
        let parsed = URLComponents(string: url)
        let host = parsed?.host ?? url
        let withPort = parsed?.port.map { "\(host):\($0)" } ?? host
        if hosts.contains(host) || hosts.contains(withPort) { return nil }
        return hosts.isEmpty
            ? "Access to network host '\(withPort)' is denied (--deny-net); run jshost without --deny-net, or with --allow-net=\(host), to grant it"
            : "Access to network host '\(withPort)' is denied; run jshost with --allow-net=\(host) to grant it"
    }

    static func absolute(_ path: String) -> String {
        let expanded = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var components: [Substring] = []
        for part in expanded.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." { if !components.isEmpty { components.removeLast() } } else { components.append(part) }
        }
        return "/" + components.joined(separator: "/")
    }

    static func contains(_ root: String, _ path: String) -> Bool {
        root == "/" || path == root || path.hasPrefix(root + "/")
    }
}
