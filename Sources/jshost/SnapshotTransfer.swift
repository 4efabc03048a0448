import Foundation
import ComponentRuntime
import SnapshotStore

/// The export format (JSON lines) and the two import formats.
enum SnapshotTransfer {
    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    static func exportLine(_ snapshot: StoredSnapshot) -> String {
        "{\"flow\":\(JSONString.quote(snapshot.key.flow)),\"step\":\(JSONString.quote(snapshot.key.step)),\"version\":\(snapshot.version),\"value\":\(snapshot.json),\"hash\":\(JSONString.quote(snapshot.sha256))}\n"
    }

    /// jshost's JSON lines, or elastic.io's `{"data":[{"id":STEP,"type":"snapshot","attributes":{"snapshot":…}}]}`.
    static func parse(_ text: String, defaultFlow: String) throws -> [ExportedSnapshot] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let whole = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any], whole["data"] != nil {
            return try parseElasticio(whole, flow: defaultFlow)
        }
        var items: [ExportedSnapshot] = []
        for (index, line) in trimmed.split(separator: "\n").enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let flow = object["flow"] as? String, let step = object["step"] as? String, let value = object["value"] else {
                throw FormatError(description: "line \(index + 1) is not an export line {\"flow\",\"step\",\"version\",\"value\",\"hash\"} nor elastic.io's snapshot list")
            }
            // Prefer the value's text exactly as exported, so the hash (over that text) can be checked.
            let exact = exactValueText(String(line)).flatMap { text in
                (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) == nil ? nil : text
            }
            let json = try exact ?? serialize(value)
            if let expected = object["hash"] as? String, !expected.isEmpty, Digests.sha256(json) != expected {
                throw FormatError(description: "line \(index + 1): the value of \(flow)/\(step) does not match its hash; the file was changed or damaged")
            }
            items.append(ExportedSnapshot(key: StepKey(flow: flow, step: step), version: object["version"] as? Int ?? 0,
                                          json: json, sha256: Digests.sha256(json)))
        }
        return items
    }

    private static func parseElasticio(_ whole: [String: Any], flow: String) throws -> [ExportedSnapshot] {
        let entries = whole["data"] as? [Any] ?? [whole["data"] as Any]
        return try entries.enumerated().map { index, entry in
            guard let object = entry as? [String: Any], let step = object["id"] as? String,
                  let attributes = object["attributes"] as? [String: Any], let value = attributes["snapshot"] else {
                throw FormatError(description: "data[\(index)] is not {\"id\":STEP,\"type\":\"snapshot\",\"attributes\":{\"snapshot\":…}}")
            }
            let json = try serialize(value)
            return ExportedSnapshot(key: StepKey(flow: flow, step: step), version: 0, json: json, sha256: Digests.sha256(json))
        }
    }

    private static func serialize(_ value: Any) throws -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .withoutEscapingSlashes]) else {
            throw FormatError(description: "a value cannot be written as JSON")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The `"value":` member's text exactly as written in an export line (the lines are built by `exportLine`).
    static func exactValueText(_ line: String) -> String? {
        guard let start = line.range(of: ",\"value\":"), let end = line.range(of: ",\"hash\":", options: .backwards),
              start.upperBound <= end.lowerBound else { return nil }
        return String(line[start.upperBound..<end.lowerBound])
    }
}
