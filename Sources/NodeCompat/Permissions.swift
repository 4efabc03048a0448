import Foundation

/// What script code may touch, on the model of Deno's flags. By default: read under the component's folder,
/// write under a scratch folder of the step's, use the network. jshost's own state is never reachable.
///
/// Every check is made on the real path, as the kernel will resolve it: symbolic links (a link shipped in a
/// component folder, `/proc/self/fd/N`, `/proc/self/root`, `/var/run`) and `..` after a link are followed first, and
/// the roots themselves are real paths. A new file is checked through the real path of its folder; operations that
/// act on a link itself (lstat, unlink, rename) resolve its folder and keep its name.
public struct Permissions: Sendable, Equatable {
    public var readable: [String]
    public var writable: [String]
    /// nil: any host; empty: none (`--deny-net`).
    public var networkHosts: [String]?
    /// Never readable or writable, whatever the lists say (the state folder), nor may any folder above one of
    /// these be removed, renamed or written (which would take the state with it).
    public var forbidden: [String]
    /// Inside a forbidden folder but the component's own (the step's scratch folder under the state folder).
    public var forbiddenExceptions: [String]
    /// Folders `require` may read source from whatever `readable` says (system libraries, NODE_PATH).
    public var moduleRoots: [String]
    /// Denials name the command-line flag that grants the access (`run jshost with --allow-read=…`): set by the
    /// command line, whose users have those flags; a service's denials say only what was denied.
    public var namesFlags = false
    /// The files of the forbidden folders by device and inode, so no other name for them (a hard link, a bind
    /// mount) reaches them either.
    private var forbiddenFiles: Set<FileIdentity>

    public init(readable: [String] = [], writable: [String] = [], networkHosts: [String]? = nil, forbidden: [String] = [],
                forbiddenExceptions: [String] = [], moduleRoots: [String] = []) {
        self.readable = readable.compactMap { Self.realPath($0, followingFinalLink: true) }
        self.writable = writable.compactMap { Self.realPath($0, followingFinalLink: true) }
        self.networkHosts = networkHosts
        self.forbidden = forbidden.compactMap { Self.realPath($0, followingFinalLink: true) }
        self.forbiddenExceptions = forbiddenExceptions.compactMap { Self.realPath($0, followingFinalLink: true) }
        self.moduleRoots = moduleRoots.compactMap { Self.realPath($0, followingFinalLink: true) }
        forbiddenFiles = Set(self.forbidden.flatMap(Self.identities(under:)))
    }

    /// These permissions with more folders `require` may read from.
    public func addingModuleRoots(_ roots: [String]) -> Permissions {
        var copy = self
        let added = roots.filter { !$0.isEmpty }.compactMap { Self.realPath($0, followingFinalLink: true) }
        // Debian's packages in /usr/share/nodejs link some of their files to /usr/share/javascript, where the
        // browser builds of the same libraries live: that folder is part of the library too.
        let companions = added.contains("/usr/share/nodejs") ? [Self.realPath("/usr/share/javascript", followingFinalLink: true)].compactMap { $0 } : []
        copy.moduleRoots += added + companions
        return copy
    }

    /// Everything allowed (tests, tools that run trusted code).
    public static let unrestricted = Permissions(readable: ["/"], writable: ["/"])

    public enum Access: String, Sendable { case read, write }

    /// Why `path` may not be accessed, as a Node-style message naming the flag that grants it; nil when allowed.
    /// `followingFinalLink` false: the operation acts on a link itself rather than on what it points to.
    public func denial(_ access: Access, _ path: String, followingFinalLink: Bool = true) -> String? {
        denial(access, path, followingFinalLink: followingFinalLink, alsoAllowed: [])
    }

    /// `require` reading a module's source or package.json: allowed where `fs` may read, and under the module roots.
    /// A file of a package in a `node_modules` folder above the component's (a hoisted monorepo) is refused with
    /// the folder to grant, not the single file.
    public func moduleDenial(_ path: String) -> String? {
        guard let denied = denial(.read, path, followingFinalLink: true, alsoAllowed: moduleRoots) else { return nil }
        let shown = Self.absolute(path)
        guard let range = shown.range(of: "/node_modules/"), !denied.contains("jshost's own state") else { return denied }
        let folder = String(shown[..<range.lowerBound]) + "/node_modules"
        let what = "Access to '\(shown)' is denied (read): it is a package in \(folder), outside the folders the component may read"
        return namesFlags ? what + "; run jshost with --allow-read=\(folder), or set NODE_PATH=\(folder), to grant it" : what
    }

    private func denial(_ access: Access, _ path: String, followingFinalLink: Bool, alsoAllowed: [String]) -> String? {
        let shown = Self.absolute(path)
        guard let real = Self.realPath(path, followingFinalLink: followingFinalLink) else {
            return "Access to '\(shown)' is denied: it is a link whose target cannot be checked"
        }
        if let reason = protection(access, real) { return "Access to '\(shown)' is denied: \(reason)" }
        let allowed = (access == .read ? readable + writable : writable) + alsoAllowed
        if allowed.contains(where: { Self.contains($0, real) }) { return nil }
        let grant = real == shown ? shown : real
        let via = real == shown ? "" : " (it resolves to '\(real)')"
        let denied = "Access to '\(shown)' is denied (\(access.rawValue))\(via)"
        return namesFlags ? denied + "; run jshost with --allow-\(access.rawValue)=\(grant) to grant it" : denied
    }

    /// Why jshost's own state forbids touching `real`, whatever the flags say.
    private func protection(_ access: Access, _ real: String) -> String? {
        for root in forbidden {
            if Self.contains(root, real) {
                if forbiddenExceptions.contains(where: { Self.contains($0, real) }) { continue }
                return "it is jshost's own state, which components may not touch"
            }
            // Removing, renaming or replacing a folder above the state would take the state with it.
            if access == .write && Self.contains(real, root) {
                return "it holds jshost's own state (\(root)), which components may not touch"
            }
        }
        if !forbiddenFiles.isEmpty, let identity = FileIdentity(path: real), forbiddenFiles.contains(identity) {
            return "it is jshost's own state, which components may not touch"
        }
        return nil
    }

    /// Why `host` may not be resolved: a lookup is a request on the network too (and can carry data out), so
    /// it needs the same grant as a connection to that host, on any port.
    public func lookupDenial(host: String) -> String? {
        guard let hosts = networkHosts else { return nil }
        if hosts.contains(where: { $0 == host || $0.hasPrefix(host + ":") }) { return nil }
        return networkDenial(host: host, port: nil)
    }

    /// Why a connection to `host` (and `port`) may not be opened, naming the flag that grants it; nil when allowed.
    public func networkDenial(host: String, port: Int?) -> String? {
        guard let hosts = networkHosts else { return nil }
        let withPort = port.map { "\(host):\($0)" } ?? host
        if hosts.contains(host) || hosts.contains(withPort) { return nil }
        guard namesFlags else { return "Access to network host '\(withPort)' is denied" }
        return hosts.isEmpty
            ? "Access to network host '\(withPort)' is denied (--deny-net); run jshost without --deny-net, or with --allow-net=\(host), to grant it"
            : "Access to network host '\(withPort)' is denied; run jshost with --allow-net=\(host) to grant it"
    }

    /// An absolute form for messages: the working folder prepended, `.` and `..` folded as text.
    static func absolute(_ path: String) -> String {
        let expanded = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var components: [Substring] = []
        for part in expanded.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." { if !components.isEmpty { components.removeLast() } } else { components.append(part) }
        }
        return "/" + components.joined(separator: "/")
    }

    /// The path the kernel would reach: links and `..` resolved in order. For a path that does not exist yet,
    /// its nearest existing folder resolved and the rest appended. Nil when a link on the way cannot be resolved
    /// (a dangling link, a `/proc` link to something that is not a file), which no check can vouch for.
    public static func realPath(_ path: String, followingFinalLink: Bool) -> String? {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var trimmed = full
        while trimmed.utf8.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        if trimmed == "/" { return "/" }
        if followingFinalLink, let resolved = systemRealPath(trimmed) { return resolved }
        let slash = trimmed.lastIndex(of: "/")!
        let name = String(trimmed[trimmed.index(after: slash)...])
        let folder = slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
        // `.` and `..` can only be resolved with the folder they are in, which then exists.
        if name == "." || name == ".." { return systemRealPath(trimmed) }
        guard let parent = realPath(folder, followingFinalLink: true) else { return nil }
        let candidate = (parent == "/" ? "" : parent) + "/" + name
        if followingFinalLink {
            var info = stat()
            // It exists as a link, yet realpath failed: its target cannot be checked.
            if lstat(candidate, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK { return nil }
        }
        return candidate
    }

    private static func systemRealPath(_ path: String) -> String? {
        guard let resolved = Foundation.realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func contains(_ root: String, _ path: String) -> Bool {
        root == "/" || path == root || path.hasPrefix(root + "/")
    }

    private static func identities(under folder: String) -> [FileIdentity] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return ([folder] + names.filter { !$0.hasPrefix("scratch") }.map { folder + "/" + $0 }).compactMap(FileIdentity.init(path:))
    }
}

/// A file by device and inode.
struct FileIdentity: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
