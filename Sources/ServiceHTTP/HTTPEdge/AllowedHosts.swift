import FlowService
import Foundation
/// The host names requests may be addressed to (their `Host` header): a page on another site whose name was made
/// to resolve to this machine (DNS rebinding) sends its own name there, and is refused. Loopback names are always
/// allowed; the address serve listens on and `--allowed-host` add to them; `*` allows any.
public struct AllowedHosts: Sendable {
    private let names: Set<String>
    private let suffixes: [String]
    private let anyHost: Bool

    /// `extra`: names (`hooks.example.com`), or `.example.com` for the name and every name under it, or `*`.
    public init(listeningOn host: String, extra: [String]) {
        var names: Set<String> = ["localhost", "127.0.0.1", "::1"]
        var suffixes = [".localhost"]
        let listening = Self.hostName(host)
        if !["0.0.0.0", "::", ""].contains(listening) { names.insert(listening) }
        var anyHost = false
        for entry in extra.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !entry.isEmpty {
            if entry == "*" { anyHost = true } else if entry.hasPrefix(".") {
                suffixes.append(entry)
                names.insert(String(entry.dropFirst()))
            } else { names.insert(Self.hostName(entry)) }
        }
        self.names = names
        self.suffixes = suffixes
        self.anyHost = anyHost
    }

    /// Whether a request with this `Host` (authority) may be answered; one without a Host (HTTP/1.0) may.
    func admits(_ authority: String?) -> Bool {
        guard !anyHost, let authority else { return true }
        let name = Self.hostName(authority)
        return names.contains(name) || suffixes.contains { name.hasSuffix($0) }
    }

    var described: String {
        anyHost ? "any" : (names.sorted() + suffixes.map { "*" + $0 }).joined(separator: ", ")
    }

    /// The host name of an authority, lowercased, without its port or an IPv6 address's brackets.
    static func hostName(_ authority: String) -> String {
        let lowered = authority.lowercased()
        if lowered.hasPrefix("[") {
            guard let close = lowered.firstIndex(of: "]") else { return lowered }
            return String(lowered[lowered.index(after: lowered.startIndex)..<close])
        }
        // A bare IPv6 address has several colons and no port.
        if lowered.filter({ $0 == ":" }).count > 1 { return lowered }
        return String(lowered.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }
}
