import Foundation
import JSEngine

/// What every native `fs` call shares: where a path leads (`/tmp` is the step's own folder), the permission
/// check, and Node's system errors (`ENOENT: no such file or directory, open '/x'`).
struct FileSystemAccess {
    let permissions: Permissions
    /// Where `/tmp` leads; nil: `/tmp` is the machine's.
    let temporaryFolder: String?
    /// Folders under `/tmp` that are the machine's all the same: the ones the step was given by name (its
    /// working folder, usually the component's, its scratch folder, folders granted to it).
    let ownFolders: [String]

    init(permissions: Permissions, temporaryFolder: String?, workingDirectory: String) {
        self.permissions = permissions
        self.temporaryFolder = temporaryFolder
        let named = permissions.readable + permissions.writable + [workingDirectory] + (temporaryFolder.map { [$0] } ?? [])
        ownFolders = named.map(Permissions.absolute).filter { $0.hasPrefix("/tmp/") }
    }

    /// The path the system is asked about: one under `/tmp` is moved into the step's temporary folder, so a
    /// component that writes `/tmp/data`, as it may in its container, keeps it to itself.
    func real(_ path: String) -> String {
        guard let temporaryFolder else { return path }
        let absolute = Permissions.absolute(path)
        guard absolute == "/tmp" || absolute.hasPrefix("/tmp/") else { return path }
        if ownFolders.contains(where: { Permissions.contains($0, absolute) }) { return path }
        return temporaryFolder + absolute.dropFirst(4)
    }

    /// Throws ERR_ACCESS_DENIED unless `path` (already made real) may be read or written.
    func check(_ access: Permissions.Access, _ path: String, followingFinalLink: Bool = true) throws {
        if let denial = permissions.denial(access, path, followingFinalLink: followingFinalLink) {
            throw JSHostError(denial, code: "ERR_ACCESS_DENIED")
        }
    }

    /// `path` made real and checked.
    func checked(_ access: Permissions.Access, _ path: String, followingFinalLink: Bool = true) throws -> String {
        let target = real(path)
        try check(access, target, followingFinalLink: followingFinalLink)
        return target
    }

    /// Node's words for a failed system call, as libuv has them: `EEXIST: file already exists, mkdir '/x'`.
    static func error(_ syscall: String, _ path: String? = nil, to destination: String? = nil, _ number: Int32 = errno) -> JSHostError {
        let (code, text) = describe(number)
        var message = "\(code): \(text), \(syscall)"
        if let path { message += " '\(path)'" }
        if let destination { message += " -> '\(destination)'" }
        return JSHostError(message, code: code)
    }

    static func describe(_ number: Int32) -> (code: String, text: String) {
        switch number {
        case ENOENT: ("ENOENT", "no such file or directory")
        case EEXIST: ("EEXIST", "file already exists")
        case EACCES: ("EACCES", "permission denied")
        case EPERM: ("EPERM", "operation not permitted")
        case EISDIR: ("EISDIR", "illegal operation on a directory")
        case ENOTDIR: ("ENOTDIR", "not a directory")
        case ENOTEMPTY: ("ENOTEMPTY", "directory not empty")
        case EBADF: ("EBADF", "bad file descriptor")
        case EINVAL: ("EINVAL", "invalid argument")
        case ELOOP: ("ELOOP", "too many symbolic links encountered")
        case EMFILE: ("EMFILE", "too many open files")
        case ENAMETOOLONG: ("ENAMETOOLONG", "name too long")
        case ENOSPC: ("ENOSPC", "no space left on device")
        case EROFS: ("EROFS", "read-only file system")
        case EXDEV: ("EXDEV", "cross-device link not permitted")
        case ESPIPE: ("ESPIPE", "invalid seek")
        case EFBIG: ("EFBIG", "file too large")
        case EBUSY: ("EBUSY", "resource busy or locked")
        case ENOSYS: ("ENOSYS", "function not implemented")
        case EAGAIN: ("EAGAIN", "resource temporarily unavailable")
        case ETXTBSY: ("ETXTBSY", "text file is busy")
        case EDQUOT: ("EDQUOT", "disk quota exceeded")
        default: ("EIO", "i/o error")
        }
    }

    /// A directory entry's type (d_type, or a mode's S_IFMT shifted down, which has the same values) as libuv's
    /// UV_DIRENT_* numbers, which Dirent reads.
    static func direntType(_ type: Int32) -> Int {
        switch type {
        case Int32(DT_REG): 1
        case Int32(DT_DIR): 2
        case Int32(DT_LNK): 3
        case Int32(DT_FIFO): 4
        case Int32(DT_SOCK): 5
        case Int32(DT_CHR): 6
        case Int32(DT_BLK): 7
        default: 0
        }
    }

    /// A stat as the JS half reads it: dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, then the
    /// access, modification, change and birth times in milliseconds.
    static func statArray(_ info: stat, engine: JSEngine) -> JSValue {
        func ms(_ time: timespec) -> Double { Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6 }
        let fields: [Double] = [Double(info.st_dev), Double(info.st_mode), Double(info.st_nlink), Double(info.st_uid),
                                Double(info.st_gid), Double(info.st_rdev), Double(info.st_blksize), Double(info.st_ino),
                                Double(info.st_size), Double(info.st_blocks), ms(info.st_atim), ms(info.st_mtim),
                                ms(info.st_ctim), ms(info.st_ctim)]
        return engine.array(fields.map { engine.number($0) })
    }
}
