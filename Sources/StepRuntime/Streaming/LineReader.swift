import Foundation

/// Reads a file or stdin one line at a time (getline), without loading it whole.
public final class LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private let closeWhenDone: Bool
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0
    /// The number of the line `next()` returned last (1-based).
    public private(set) var lineNumber = 0

    /// Opens `path`, or stdin for "-".
    public init(path: String) throws {
        if path == "-" {
            guard let standardInput = fdopen(0, "r") else { throw CocoaError(.fileReadUnknown) }
            file = standardInput
            closeWhenDone = false
        } else {
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                throw CocoaError(.fileReadInvalidFileName, userInfo: [NSFilePathErrorKey: path])
            }
            guard let opened = fopen(path, "r") else {
                throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
            }
            file = opened
            closeWhenDone = true
        }
    }

    deinit {
        free(buffer)
        if closeWhenDone { fclose(file) }
    }

    /// The next line without its newline, or nil at the end of the input.
    public func next() -> String? {
        let length = getline(&buffer, &capacity, file)
        guard length >= 0, let buffer else { return nil }
        lineNumber += 1
        var count = length
        if count > 0 && buffer[count - 1] == 10 { count -= 1 }
        if count > 0 && buffer[count - 1] == 13 { count -= 1 }
        return buffer.withMemoryRebound(to: UInt8.self, capacity: count) {
            String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
        }
    }
}
