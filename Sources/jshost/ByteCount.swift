import Foundation

/// Byte counts as people write them: `1G`, `512M`, `300k`, `1GiB`, or bytes.
enum ByteCount {
    static func parse(_ text: String) -> Int? {
        let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Int)] = [("gib", 1 << 30), ("mib", 1 << 20), ("kib", 1 << 10), ("gb", 1 << 30), ("mb", 1 << 20),
                                      ("kb", 1 << 10), ("g", 1 << 30), ("m", 1 << 20), ("k", 1 << 10), ("b", 1)]
        for (suffix, factor) in units where lowered.hasSuffix(suffix) {
            guard let value = Double(lowered.dropLast(suffix.count)), value.isFinite, value > 0, value * Double(factor) < 1e18 else { return nil }
            return Int(value * Double(factor))
        }
        guard let value = Int(lowered), value > 0 else { return nil }
        return value
    }

    static func text(_ bytes: Int) -> String {
        if bytes >= 1 << 30 { return String(format: "%.1f GiB", Double(bytes) / Double(1 << 30)) }
        return String(format: "%.0f MiB", Double(bytes) / Double(1 << 20))
    }
}
