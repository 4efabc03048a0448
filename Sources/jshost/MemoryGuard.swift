import Foundation
import JSHostCore

/// `--max-memory`: the process's resident memory, watched from a thread of its own. JavaScriptCore has no heap
/// cap that holds (its gcMaxHeapSize option let an array bomb's heap pass 2.9 GiB with a 256 MiB setting), and
/// a process that runs out of memory is killed or aborts with nothing said, so jshost looks at what the kernel
/// counts (/proc/self/statm) every few milliseconds and ends the process with exit code 7 when it is over the
/// limit: a single run has committed nothing, a stream keeps what it committed.
enum MemoryGuard {
    /// Starts watching; `context` says, for the message, what was going on.
    static func start(limitBytes: Int, context: @escaping @Sendable () -> String) {
        let thread = Thread {
            let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
            let statm = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
            guard statm >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 128)
            while true {
                let count = pread(statm, &buffer, buffer.count, 0)
                if count > 0 {
                    // "size resident shared …" in pages.
                    let fields = buffer[0..<count].split(separator: UInt8(ascii: " "))
                    if fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)), pages * pageSize > limitBytes {
                        let used = pages * pageSize
                        StandardStreams.writeStderr("jshost: out of memory: the process uses \(ByteCount.text(used)), over the --max-memory limit of \(ByteCount.text(limitBytes)), and was stopped; \(context()) (raise --max-memory if the component needs more)\n")
                        // As RunWatchdog: the JavaScript thread is still running and must not meet exit()'s destructors.
                        _exit(ExitStatus.outOfMemory)
                    }
                }
                usleep(10_000)
            }
        }
        thread.stackSize = 64 * 1024
        thread.start()
    }
}
