import Foundation
import JSHostCore

/// The export format (JSON lines) and the two import formats, as the command line and the API read and write them.
public enum SnapshotTransfer {
    public struct FormatError: Error, CustomStringConvertible {
        public var description: String
    }

    /// One export line. Its hash is the sha256 of the value's canonical JSON, so a tool that reads the line and
    /// writes it again with other spacing, key order or escapes (Python's json.dumps, jq) keeps it valid.
    public static func exportLine(_ snapshot: StoredSnapshot) -> String {
        let hash = Digests.canonicalSHA256(ofJSON: snapshot.json) ?? snapshot.sha256
        return "{\"flow\":\(JSONString.quote(snapshot.key.flow)),\"step\":\(JSONString.quote(snapshot.key.step)),\"version\":\(snapshot.version),\"value\":\(snapshot.json),\"hash\":\(JSONString.quote(hash))}\n"
    }

    /// jshost's JSON lines, or elastic.io's `{"data":[{"id":STEP,"type":"snapshot","attributes":{"snapshot":…}}]}`.
    public static func parse(_ text: String, defaultFlow: String) throws -> [ExportedSnapshot] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let whole = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any], whole["data"] != nil {
            return try parseElasticio(whole, flow: defaultFlow)
        }
        var items: [ExportedSnapshot] = []
        for (index, line) in trimmed.split(separator: "\n").enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let shape = "line \(index + 1) is not an export line {\"flow\",\"step\",\"version\",\"value\",\"hash\"} nor elastic.io's snapshot list"
            guard let members = try? JSONSyntax.members(String(line)) else { throw FormatError(description: shape) }
            // The last of duplicate names counts, as JSON.parse has it.
            var fields: [String: String] = [:]
            for member in members { fields[member.name] = member.json }
            func string(_ name: String) -> String? {
                fields[name].flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8), options: [.fragmentsAllowed]) as? String }
            }
            guard let flow = string("flow"), let step = string("step"), let json = fields["value"] else {
                throw FormatError(description: shape)
            }
            if let expected = string("hash"), !expected.isEmpty,
               expected != Digests.canonicalSHA256(ofJSON: json), expected != Digests.sha256(json) {
                // The second form is what jshost wrote before export hashes were canonical: the value's own text.
                throw FormatError(description: "line \(index + 1): the value of \(flow)/\(step) does not match its hash; the file was changed or damaged")
            }
            let version = fields["version"].flatMap { Int($0) } ?? 0
            items.append(ExportedSnapshot(key: StepKey(flow: flow, step: step), version: version, json: json,
                                          sha256: Digests.sha256(json)))
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
}
