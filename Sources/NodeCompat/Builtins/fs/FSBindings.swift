import Foundation
import JSEngine

/// The native half of the `fs` builtin: file operations, each checked against the runtime's Permissions.
enum FSBindings {
    static func install(on host: JSValue, runtime: NodeRuntime) {
        let engine = runtime.engine
        let permissions = runtime.options.permissions
        func define(_ name: String, _ body: @escaping HostFunction.Body) { host[name] = engine.function(name, body) }
        func path(_ args: [JSValue], _ index: Int = 0) -> String { index < args.count ? args[index].toString() : "" }
        func check(_ access: Permissions.Access, _ file: String, _ syscall: String, followingFinalLink: Bool = true) throws {
            if let denial = permissions.denial(access, file, followingFinalLink: followingFinalLink) {
                throw JSHostError(denial, code: "ERR_ACCESS_DENIED")
            }
        }
        /// A Node-style system error: `ENOENT: no such file or directory, open '/x'`.
        func systemError(_ syscall: String, _ file: String, _ number: Int32 = errno) -> JSHostError {
            let names: [Int32: String] = [ENOENT: "ENOENT", EEXIST: "EEXIST", EACCES: "EACCES", EISDIR: "EISDIR",
                                          ENOTDIR: "ENOTDIR", ENOTEMPTY: "ENOTEMPTY", EPERM: "EPERM", EBADF: "EBADF"]
            let code = names[number] ?? "EIO"
            let text = String(cString: strerror(number)).lowercased()
            return JSHostError("\(code): \(text), \(syscall) '\(file)'", code: code)
        }

        define("fsReadFile") { engine, _, args in
            let file = path(args)
            try check(.read, file, "open")
            var info = stat()
            guard stat(file, &info) == 0 else { throw systemError("open", file) }
            if info.st_mode & S_IFMT == S_IFDIR { throw systemError("read", file, EISDIR) }
            guard let data = FileManager.default.contents(atPath: file) else { throw systemError("open", file) }
            return engine.uint8Array([UInt8](data))
        }
        // fsWriteFile(path, bytes, append, exclusive)
        define("fsWriteFile") { engine, _, args in
            let file = path(args)
            try check(.write, file, "open")
            let bytes = args.count > 1 ? args[1].bytes() ?? [] : []
            let append = args.count > 2 && args[2].isTruthy
            let exclusive = args.count > 3 && args[3].isTruthy
            let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC) | (exclusive ? O_EXCL : 0)
            let fd = open(file, flags, 0o666)
            guard fd >= 0 else { throw systemError("open", file) }
            defer { close(fd) }
            var written = 0
            while written < bytes.count {
                let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
                if n < 0 { if errno == EINTR { continue }; throw systemError("write", file) }
                written += n
            }
            return engine.undefined
        }
        // fsStat(path, followLinks) → [kind, size, mode, mtimeMs, atimeMs, ctimeMs, birthtimeMs, uid, gid, nlink, ino, dev]
        define("fsStat") { engine, _, args in
            let file = path(args)
            try check(.read, file, "stat", followingFinalLink: !(args.count > 1 && !args[1].isTruthy))
            var info = stat()
            let status = (args.count > 1 && !args[1].isTruthy) ? lstat(file, &info) : stat(file, &info)
            guard status == 0 else { throw systemError(args.count > 1 && !args[1].isTruthy ? "lstat" : "stat", file) }
            func ms(_ time: timespec) -> Double { Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6 }
            let kind: Int
            switch info.st_mode & S_IFMT {
            case S_IFREG: kind = 1
            case S_IFDIR: kind = 2
            case S_IFLNK: kind = 3
            default: kind = 0
            }
            return engine.array([engine.number(kind), engine.number(Double(info.st_size)), engine.number(Int(info.st_mode)),
                                 engine.number(ms(info.st_mtim)), engine.number(ms(info.st_atim)), engine.number(ms(info.st_ctim)),
                                 engine.number(ms(info.st_ctim)), engine.number(Int(info.st_uid)), engine.number(Int(info.st_gid)),
                                 engine.number(Double(info.st_nlink)), engine.number(Double(info.st_ino)), engine.number(Double(info.st_dev))])
        }
        define("fsReaddir") { engine, _, args in
            let directory = path(args)
            try check(.read, directory, "scandir")
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { throw systemError("scandir", directory) }
            return engine.array(entries.sorted().map { name -> JSValue in
                var info = stat()
                lstat(directory + "/" + name, &info)
                let kind = info.st_mode & S_IFMT == S_IFDIR ? 2 : (info.st_mode & S_IFMT == S_IFLNK ? 3 : (info.st_mode & S_IFMT == S_IFREG ? 1 : 0))
                return engine.array([engine.string(name), engine.number(kind)])
            })
        }
        define("fsMkdir") { engine, _, args in
            let directory = path(args)
            try check(.write, directory, "mkdir")
            let recursive = args.count > 1 && args[1].isTruthy
            if recursive {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
                    if isDirectory.boolValue { return engine.undefined }
                    throw systemError("mkdir", directory, EEXIST)
                }
                do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                    throw systemError("mkdir", directory, ENOENT)
                }
                return engine.string(directory)
            }
            guard mkdir(directory, 0o777) == 0 else { throw systemError("mkdir", directory) }
            return engine.undefined
        }
        // fsRemove(path, recursive, force, directoryOnly)
        define("fsRemove") { engine, _, args in
            let file = path(args)
            try check(.write, file, "rm", followingFinalLink: false)
            let recursive = args.count > 1 && args[1].isTruthy
            let force = args.count > 2 && args[2].isTruthy
            let directoryOnly = args.count > 3 && args[3].isTruthy
            var info = stat()
            guard lstat(file, &info) == 0 else {
                if force { return engine.undefined }
                throw systemError(directoryOnly ? "rmdir" : "rm", file)
            }
            let isDirectory = info.st_mode & S_IFMT == S_IFDIR
            if directoryOnly {
                guard isDirectory else { throw systemError("rmdir", file, ENOTDIR) }
                guard rmdir(file) == 0 else { throw systemError("rmdir", file) }
            } else if isDirectory && !recursive {
                throw JSHostError("Path is a directory: rm returned EISDIR (is a directory) \(file)", code: "ERR_FS_EISDIR")
            } else if isDirectory {
                do { try FileManager.default.removeItem(atPath: file) } catch { throw systemError("rm", file, EACCES) }
            } else {
                guard unlink(file) == 0 else { throw systemError("unlink", file) }
            }
            return engine.undefined
        }
        define("fsRename") { engine, _, args in
            let from = path(args), to = path(args, 1)
            try check(.write, from, "rename", followingFinalLink: false)
            try check(.write, to, "rename", followingFinalLink: false)
            guard rename(from, to) == 0 else { throw JSHostError("\(String(cString: strerror(errno))), rename '\(from)' -> '\(to)'", code: errno == ENOENT ? "ENOENT" : "EIO") }
            return engine.undefined
        }
        define("fsRealpath") { engine, _, args in
            let file = path(args)
            try check(.read, file, "realpath")
            guard let resolved = realpath(file, nil) else { throw systemError("realpath", file) }
            defer { free(resolved) }
            return engine.string(String(cString: resolved))
        }
        define("fsAccess") { engine, _, args in
            let file = path(args)
            let wantsWrite = args.count > 1 && (args[1].toInt() & 2) != 0
            try check(wantsWrite ? .write : .read, file, "access")
            guard access(file, Int32(args.count > 1 ? args[1].toInt() : 0)) == 0 else { throw systemError("access", file) }
            return engine.undefined
        }
    }
}
