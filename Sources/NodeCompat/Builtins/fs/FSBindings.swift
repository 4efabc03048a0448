import Foundation
import JSEngine

/// The native half of the `fs` builtin's path calls: each path is made real (`/tmp` leads to the step's own
/// folder) and checked against the runtime's Permissions before the system is asked. Errors are Node's system
/// errors; the JS half adds errno, syscall and path.
enum FSBindings {
    static func install(on host: JSValue, runtime: NodeRuntime) {
        // Unowned: the closures below live in the engine's heap, and must hold neither the runtime nor its engine.
        unowned let runtime = runtime, engine = runtime.engine
        let access = FileSystemAccess(permissions: runtime.options.permissions, temporaryFolder: runtime.options.temporaryFolder,
                                      workingDirectory: runtime.options.workingDirectory)
        func define(_ name: String, _ body: @escaping HostFunction.Body) { host[name] = engine.function(name, body) }
        func text(_ args: [JSValue], _ index: Int) -> String { index < args.count ? args[index].toString() : "" }
        func flag(_ args: [JSValue], _ index: Int) -> Bool { index < args.count && args[index].isTruthy }
        func number(_ args: [JSValue], _ index: Int) -> Int { index < args.count ? args[index].toInt() : 0 }
        func seconds(_ args: [JSValue], _ index: Int) -> timespec {
            let value = index < args.count ? args[index].toDouble() : 0
            let whole = value.rounded(.down)
            return timespec(tv_sec: Int(whole), tv_nsec: Int((value - whole) * 1e9))
        }

        define("fsReadFile") { engine, _, args in
            let file = text(args, 0)
            let target = try access.checked(.read, file)
            let fd = open(target, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw FileSystemAccess.error("open", file) }
            defer { close(fd) }
            var info = stat()
            guard fstat(fd, &info) == 0 else { throw FileSystemAccess.error("fstat", file) }
            if info.st_mode & S_IFMT == S_IFDIR { throw FileSystemAccess.error("read", nil, EISDIR) }
            var bytes = [UInt8]()
            var chunk = [UInt8](repeating: 0, count: max(64 * 1024, Int(info.st_size) + 1))
            while true {
                let count = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
                if count < 0 { if errno == EINTR { continue }; throw FileSystemAccess.error("read", nil) }
                if count == 0 { break }
                bytes.append(contentsOf: chunk[0..<count])
            }
            return engine.uint8Array(bytes)
        }
        // fsWriteFile(path, bytes, flags, mode)
        define("fsWriteFile") { engine, _, args in
            let file = text(args, 0)
            let target = try access.checked(.write, file)
            let flags = Int32(number(args, 2)) | O_CLOEXEC
            let fd = open(target, flags, mode_t(args.count > 3 ? number(args, 3) : 0o666))
            guard fd >= 0 else { throw FileSystemAccess.error("open", file) }
            defer { close(fd) }
            try args[1].withMutableBytes { bytes in
                var written = 0
                while written < bytes.count {
                    let count = write(fd, bytes.baseAddress! + written, bytes.count - written)
                    if count < 0 { if errno == EINTR { continue }; throw FileSystemAccess.error("write", nil) }
                    written += count
                }
            }
            return engine.undefined
        }
        // fsStat(path, followLinks) → the fields FileSystemAccess.statArray lists
        define("fsStat") { engine, _, args in
            let file = text(args, 0), follow = flag(args, 1)
            let target = try access.checked(.read, file, followingFinalLink: follow)
            var info = stat()
            guard (follow ? stat(target, &info) : lstat(target, &info)) == 0 else {
                throw FileSystemAccess.error(follow ? "stat" : "lstat", file)
            }
            return FileSystemAccess.statArray(info, engine: engine)
        }
        // fsStatfs(path) → type, bsize, blocks, bfree, bavail, files, ffree
        define("fsStatfs") { engine, _, args in
            let file = text(args, 0)
            let target = try access.checked(.read, file)
            // Glibc's module leaves out <sys/statfs.h>; on 64-bit Linux `struct statfs` is a row of 64-bit words
            // beginning f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree.
            typealias StatfsCall = @convention(c) (UnsafePointer<CChar>, UnsafeMutableRawPointer) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "statfs") else { throw FileSystemAccess.error("statfs", file, ENOSYS) }
            var words = [Int64](repeating: 0, count: 32)
            let status = words.withUnsafeMutableBytes { unsafeBitCast(symbol, to: StatfsCall.self)(target, $0.baseAddress!) }
            guard status == 0 else { throw FileSystemAccess.error("statfs", file) }
            let fields = words[0..<7].map { Double(UInt64(bitPattern: $0)) }
            return engine.array(fields.map { engine.number($0) })
        }
        // fsReaddir(path) → [[name, type]…] sorted by name as libuv sorts them; the type as Dirent's (UV_DIRENT_*)
        define("fsReaddir") { engine, _, args in
            let directory = text(args, 0)
            let target = try access.checked(.read, directory)
            guard let stream = opendir(target) else { throw FileSystemAccess.error("scandir", directory) }
            defer { closedir(stream) }
            var entries: [(name: String, type: Int)] = []
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                if name == "." || name == ".." { continue }
                var type = Int32(entry.pointee.d_type)
                if type == Int32(DT_UNKNOWN) {
                    var info = stat()
                    if lstat(target + "/" + name, &info) == 0 { type = Int32(info.st_mode & S_IFMT) >> 12 }
                }
                entries.append((name, FileSystemAccess.direntType(type)))
            }
            entries.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
            // Made entry by entry into the array (a big folder's entries would not all survive a collection otherwise).
            return engine.array(entries) { entry in engine.array(making: [{ engine.string(entry.name) }, { engine.number(entry.type) }]) }
        }
        define("fsMkdir") { engine, _, args in
            let directory = text(args, 0)
            let target = try access.checked(.write, directory)
            let mode = mode_t(args.count > 2 ? number(args, 2) : 0o777)
            guard flag(args, 1) else {
                guard mkdir(target, mode) == 0 else { throw FileSystemAccess.error("mkdir", directory) }
                return engine.undefined
            }
            // Recursive: the first folder made, as Node returns it, or undefined when all existed.
            var missing: [String] = []
            var probe = Permissions.absolute(target)
            var info = stat()
            while stat(probe, &info) != 0 {
                missing.append(probe)
                probe = (probe as NSString).deletingLastPathComponent
            }
            if info.st_mode & S_IFMT != S_IFDIR { throw FileSystemAccess.error("mkdir", directory, missing.isEmpty ? EEXIST : ENOTDIR) }
            for folder in missing.reversed() where mkdir(folder, mode) != 0 && errno != EEXIST {
                throw FileSystemAccess.error("mkdir", directory)
            }
            guard !missing.isEmpty else { return engine.undefined }
            // The first folder made, named as the caller named the path.
            var shown = Permissions.absolute(directory)
            for _ in 1..<missing.count { shown = (shown as NSString).deletingLastPathComponent }
            return engine.string(shown)
        }
        define("fsMkdtemp") { engine, _, args in
            let prefix = text(args, 0)
            let target = try access.checked(.write, prefix + "XXXXXX")
            var template = Array(target.utf8CString)
            guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
                throw FileSystemAccess.error("mkdtemp", prefix + "XXXXXX")
            }
            let made = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return engine.string(prefix + made.suffix(6))
        }
        // fsRemove(path, recursive, force, kind): kind "rm", "rmdir" or "unlink"
        define("fsRemove") { engine, _, args in
            let file = text(args, 0), recursive = flag(args, 1), force = flag(args, 2), kind = text(args, 3)
            let target = try access.checked(.write, file, followingFinalLink: false)
            var info = stat()
            guard lstat(target, &info) == 0 else {
                if force && errno == ENOENT { return engine.undefined }
                throw FileSystemAccess.error(kind == "rm" ? "lstat" : kind, file)
            }
            let isDirectory = info.st_mode & S_IFMT == S_IFDIR
            switch kind {
            case "unlink":
                guard unlink(target) == 0 else { throw FileSystemAccess.error("unlink", file) }
            case "rmdir" where !recursive:
                guard rmdir(target) == 0 else { throw FileSystemAccess.error("rmdir", file) }
            default:
                if isDirectory && !recursive && kind == "rm" {
                    throw JSHostError("Path is a directory: rm returned EISDIR (is a directory) \(file)", code: "ERR_FS_EISDIR")
                }
                if !isDirectory && kind == "rmdir" { throw FileSystemAccess.error("rmdir", file, ENOTDIR) }
                if isDirectory {
                    do { try FileManager.default.removeItem(atPath: target) } catch { throw FileSystemAccess.error("rm", file, EACCES) }
                } else if unlink(target) != 0 {
                    throw FileSystemAccess.error("rm", file)
                }
            }
            return engine.undefined
        }
        define("fsRename") { engine, _, args in
            let from = text(args, 0), to = text(args, 1)
            let source = try access.checked(.write, from, followingFinalLink: false)
            let destination = try access.checked(.write, to, followingFinalLink: false)
            guard rename(source, destination) == 0 else { throw FileSystemAccess.error("rename", from, to: to) }
            return engine.undefined
        }
        // fsCopyFile(from, to, exclusive)
        define("fsCopyFile") { engine, _, args in
            let from = text(args, 0), to = text(args, 1)
            let source = try access.checked(.read, from), destination = try access.checked(.write, to)
            let input = open(source, O_RDONLY | O_CLOEXEC)
            guard input >= 0 else { throw FileSystemAccess.error("copyfile", from, to: to) }
            defer { close(input) }
            var info = stat()
            fstat(input, &info)
            if info.st_mode & S_IFMT == S_IFDIR { throw FileSystemAccess.error("copyfile", from, to: to, EISDIR) }
            let output = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | (flag(args, 2) ? O_EXCL : 0), info.st_mode & 0o777)
            guard output >= 0 else { throw FileSystemAccess.error("copyfile", from, to: to) }
            defer { close(output) }
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { Foundation.read(input, $0.baseAddress, $0.count) }
                if count < 0 { if errno == EINTR { continue }; throw FileSystemAccess.error("copyfile", from, to: to) }
                if count == 0 { break }
                var written = 0
                while written < count {
                    let n = buffer.withUnsafeBytes { write(output, $0.baseAddress! + written, count - written) }
                    if n < 0 { if errno == EINTR { continue }; throw FileSystemAccess.error("copyfile", from, to: to) }
                    written += n
                }
            }
            return engine.undefined
        }
        define("fsRealpath") { engine, _, args in
            let file = text(args, 0)
            let target = try access.checked(.read, file)
            guard let resolved = realpath(target, nil) else { throw FileSystemAccess.error("realpath", file) }
            defer { free(resolved) }
            return engine.string(String(cString: resolved))
        }
        define("fsAccess") { engine, _, args in
            let file = text(args, 0), mode = number(args, 1)
            let target = try access.checked(mode & 2 != 0 ? .write : .read, file)
            guard Foundation.access(target, Int32(mode)) == 0 else { throw FileSystemAccess.error("access", file) }
            return engine.undefined
        }
        define("fsSymlink") { engine, _, args in
            let destination = text(args, 0), file = text(args, 1)
            let target = try access.checked(.write, file, followingFinalLink: false)
            guard symlink(destination, target) == 0 else { throw FileSystemAccess.error("symlink", destination, to: file) }
            return engine.undefined
        }
        define("fsReadlink") { engine, _, args in
            let file = text(args, 0)
            let target = try access.checked(.read, file, followingFinalLink: false)
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(target, &buffer, buffer.count - 1)
            guard count >= 0 else { throw FileSystemAccess.error("readlink", file) }
            return engine.string(String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        define("fsLink") { engine, _, args in
            let from = text(args, 0), to = text(args, 1)
            let source = try access.checked(.read, from), destination = try access.checked(.write, to, followingFinalLink: false)
            // A hard link is a second name for the same file: writing through it writes the original.
            try access.check(.write, source)
            guard link(source, destination) == 0 else { throw FileSystemAccess.error("link", from, to: to) }
            return engine.undefined
        }
        // fsChmod(path, mode, followLinks)
        define("fsChmod") { engine, _, args in
            let file = text(args, 0)
            let target = try access.checked(.write, file)
            guard chmod(target, mode_t(number(args, 1))) == 0 else { throw FileSystemAccess.error("chmod", file) }
            return engine.undefined
        }
        // fsChown(path, uid, gid, followLinks)
        define("fsChown") { engine, _, args in
            let file = text(args, 0), follow = flag(args, 3)
            let target = try access.checked(.write, file, followingFinalLink: follow)
            let uid = uid_t(truncatingIfNeeded: number(args, 1)), gid = gid_t(truncatingIfNeeded: number(args, 2))
            guard (follow ? chown(target, uid, gid) : lchown(target, uid, gid)) == 0 else {
                throw FileSystemAccess.error(follow ? "chown" : "lchown", file)
            }
            return engine.undefined
        }
        // fsUtimes(path, atimeSeconds, mtimeSeconds, followLinks)
        define("fsUtimes") { engine, _, args in
            let file = text(args, 0), follow = flag(args, 3)
            let target = try access.checked(.write, file, followingFinalLink: follow)
            let times = [seconds(args, 1), seconds(args, 2)]
            guard utimensat(AT_FDCWD, target, times, follow ? 0 : AT_SYMLINK_NOFOLLOW) == 0 else {
                throw FileSystemAccess.error(follow ? "utime" : "lutime", file)
            }
            return engine.undefined
        }
        define("fsTruncate") { engine, _, args in
            let file = text(args, 0)
            let target = try access.checked(.write, file)
            guard truncate(target, off_t(number(args, 1))) == 0 else { throw FileSystemAccess.error("open", file) }
            return engine.undefined
        }
        FileDescriptorBindings.install(on: host, runtime: runtime, access: access)
    }
}
