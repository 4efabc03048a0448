import Foundation
import JSEngine

/// The files a component opened with `fs.open`: only these descriptors may be used, so a guessed number never
/// reaches jshost's own files (the state store, its sockets). Closed when the runtime goes away.
final class OpenFiles {
    private var paths: [Int32: String] = [:]

    func add(_ fd: Int32, path: String) { paths[fd] = path }
    func remove(_ fd: Int32) { paths[fd] = nil }

    /// `fd` as the system knows it, if the component opened it.
    func descriptor(_ value: JSValue, _ syscall: String) throws -> Int32 {
        let number = value.isNumber ? value.toDouble() : -1
        guard number >= 0, number < Double(Int32.max), let fd = Int32(exactly: number), paths[fd] != nil else {
            throw FileSystemAccess.error(syscall, nil, EBADF)
        }
        return fd
    }

    deinit { for fd in paths.keys { close(fd) } }
}

/// The native half of `fs`'s file-descriptor calls: open checks the path and the access its flags ask for;
/// every later call is on a descriptor the component opened.
enum FileDescriptorBindings {
    static func install(on host: JSValue, runtime: NodeRuntime, access: FileSystemAccess) {
        // Unowned: the closures below live in the engine's heap, and must hold neither the runtime nor its engine.
        unowned let runtime = runtime, engine = runtime.engine
        let files = runtime.openFiles
        func define(_ name: String, _ body: @escaping HostFunction.Body) { host[name] = engine.function(name, body) }
        // Takes the engine each call is given: a helper that held the runtime's own would keep it alive for ever.
        func argument(_ args: [JSValue], _ index: Int, _ engine: JSEngine) -> JSValue { index < args.count ? args[index] : engine.undefined }
        func check(_ status: Int32, _ syscall: String) throws {
            if status != 0 { throw FileSystemAccess.error(syscall, nil) }
        }

        // fsOpen(path, flags, mode) → fd
        define("fsOpen") { engine, _, args in
            let file = argument(args, 0, engine).toString()
            let flags = Int32(argument(args, 1, engine).toInt())
            let writes = flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND) != 0
            let target = try access.checked(writes ? .write : .read, file)
            let mode = args.count > 2 && args[2].isNumber ? mode_t(args[2].toInt()) : 0o666
            let fd = open(target, flags | O_CLOEXEC, mode)
            guard fd >= 0 else { throw FileSystemAccess.error("open", file) }
            files.add(fd, path: file)
            return engine.number(Int(fd))
        }
        define("fsClose") { engine, _, args in
            let fd = try files.descriptor(argument(args, 0, engine), "close")
            files.remove(fd)
            try check(close(fd), "close")
            return engine.undefined
        }
        // fsRead(fd, target, offset, length, position) → bytes read; position -1: from the current offset
        define("fsRead") { engine, _, args in
            let fd = try files.descriptor(argument(args, 0, engine), "read")
            let offset = argument(args, 2, engine).toInt(), length = argument(args, 3, engine).toInt()
            let position = argument(args, 4, engine).toDouble()
            let count = try argument(args, 1, engine).withMutableBytes { bytes -> Int in
                guard offset >= 0, length >= 0, offset + length <= bytes.count else { throw FileSystemAccess.error("read", nil, EINVAL) }
                while true {
                    let base = bytes.baseAddress.map { $0 + offset }
                    let n = position < 0 ? Foundation.read(fd, base, length) : pread(fd, base, length, off_t(position))
                    if n < 0 && errno == EINTR { continue }
                    if n < 0 { throw FileSystemAccess.error("read", nil) }
                    return n
                }
            }
            return engine.number(count ?? 0)
        }
        // fsWrite(fd, source, offset, length, position) → bytes written; position -1: at the current offset
        define("fsWrite") { engine, _, args in
            let fd = try files.descriptor(argument(args, 0, engine), "write")
            let offset = argument(args, 2, engine).toInt(), length = argument(args, 3, engine).toInt()
            let position = argument(args, 4, engine).toDouble()
            let count = try argument(args, 1, engine).withMutableBytes { bytes -> Int in
                guard offset >= 0, length >= 0, offset + length <= bytes.count else { throw FileSystemAccess.error("write", nil, EINVAL) }
                while true {
                    let base = bytes.baseAddress.map { UnsafeRawPointer($0 + offset) }
                    let n = position < 0 ? Foundation.write(fd, base, length) : pwrite(fd, base, length, off_t(position))
                    if n < 0 && errno == EINTR { continue }
                    if n < 0 { throw FileSystemAccess.error("write", nil) }
                    return n
                }
            }
            return engine.number(count ?? 0)
        }
        define("fsFstat") { engine, _, args in
            let fd = try files.descriptor(argument(args, 0, engine), "fstat")
            var info = stat()
            try check(fstat(fd, &info), "fstat")
            return FileSystemAccess.statArray(info, engine: engine)
        }
        define("fsFtruncate") { engine, _, args in
            let fd = try files.descriptor(argument(args, 0, engine), "ftruncate")
            try check(ftruncate(fd, off_t(argument(args, 1, engine).toInt())), "ftruncate")
            return engine.undefined
        }
        define("fsFsync") { engine, _, args in
            let fd = try files.descriptor(argument(args, 0, engine), "fsync")
            try check(argument(args, 1, engine).isTruthy ? fdatasync(fd) : fsync(fd), argument(args, 1, engine).isTruthy ? "fdatasync" : "fsync")
            return engine.undefined
        }
        define("fsFchmod") { engine, _, args in
            let fd = try files.descriptor(argument(args, 0, engine), "fchmod")
            try check(fchmod(fd, mode_t(argument(args, 1, engine).toInt())), "fchmod")
            return engine.undefined
        }
        define("fsFchown") { engine, _, args in
            let fd = try files.descriptor(argument(args, 0, engine), "fchown")
            try check(fchown(fd, uid_t(truncatingIfNeeded: argument(args, 1, engine).toInt()), gid_t(truncatingIfNeeded: argument(args, 2, engine).toInt())), "fchown")
            return engine.undefined
        }
        // fsFutimes(fd, atimeSeconds, mtimeSeconds)
        define("fsFutimes") { engine, _, args in
            let fd = try files.descriptor(argument(args, 0, engine), "futime")
            func time(_ value: Double) -> timespec {
                let whole = value.rounded(.down)
                return timespec(tv_sec: Int(whole), tv_nsec: Int((value - whole) * 1e9))
            }
            try check(futimens(fd, [time(argument(args, 1, engine).toDouble()), time(argument(args, 2, engine).toDouble())]), "futime")
            return engine.undefined
        }
    }
}
