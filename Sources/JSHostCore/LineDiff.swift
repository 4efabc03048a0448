/// A unified-style line diff (longest common subsequence), with a few lines of context around each change.
public enum LineDiff {
    public static func unified(expected: String, actual: String, expectedLabel: String, actualLabel: String, context: Int = 3) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let operations = diff(old, new)
        guard operations.contains(where: { $0.kind != .same }) else { return "" }
        var output = "--- \(expectedLabel)\n+++ \(actualLabel)\n"
        // Show changed lines and `context` unchanged lines around them; mark skipped stretches.
        var keep = [Bool](repeating: false, count: operations.count)
        for (index, operation) in operations.enumerated() where operation.kind != .same {
            for near in max(0, index - context)...min(operations.count - 1, index + context) { keep[near] = true }
        }
        var skipping = false
        for (index, operation) in operations.enumerated() {
            guard keep[index] else {
                if !skipping { output += "  …\n"; skipping = true }
                continue
            }
            skipping = false
            switch operation.kind {
            case .same: output += "  \(operation.line)\n"
            case .removed: output += "- \(operation.line)\n"
            case .added: output += "+ \(operation.line)\n"
            }
        }
        return output
    }

    struct Operation {
        enum Kind { case same, removed, added }
        var kind: Kind
        var line: String
    }

    static func diff(_ old: [String], _ new: [String]) -> [Operation] {
        let n = old.count, m = new.count
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i][j] = old[i] == new[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var operations: [Operation] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n && j < m && old[i] == new[j] {
                operations.append(Operation(kind: .same, line: old[i])); i += 1; j += 1
            } else if i < n && (j == m || lengths[i + 1][j] >= lengths[i][j + 1]) {
                operations.append(Operation(kind: .removed, line: old[i])); i += 1
            } else {
                operations.append(Operation(kind: .added, line: new[j])); j += 1
            }
        }
        return operations
    }
}
