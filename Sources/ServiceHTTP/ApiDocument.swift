import FlowService
import Foundation
import JSHostCore

/// A JSON:API request document, read strictly: each member the API reads must have its documented type, or the
/// request is refused (400) saying which; members the API does not read are let be. Values are kept as written.
struct ApiDocument {
    private let members: [String: String]

    /// The document's top-level object.
    init(text: String, shape: String) throws {
        guard let object = Self.object(text) else {
            throw ApiRefusal(status: 400, detail: "the body is not a JSON:API document; send \(shape)")
        }
        members = object
        self.shape = shape
    }

    private init(members: [String: String], shape: String) {
        self.members = members
        self.shape = shape
    }

    let shape: String

    /// A member's JSON as written; nil when it is missing.
    func json(_ name: String) -> String? { members[name] }

    /// A member that must be an object when present.
    func object(_ name: String, path: String) throws -> ApiDocument? {
        guard let json = members[name] else { return nil }
        guard let object = Self.object(json) else { throw refusal(path, "an object") }
        return ApiDocument(members: object, shape: shape)
    }

    /// A member that must be a string when present.
    func string(_ name: String, path: String) throws -> String? {
        guard let json = members[name] else { return nil }
        guard let value = try? JSONDecoder().decode(String.self, from: Data(json.utf8)) else { throw refusal(path, "a string") }
        return value
    }

    /// A member that must be a whole number when present (JSON Schema's integer: 3 and 3.0 alike).
    func integer(_ name: String, path: String) throws -> Int? {
        guard let json = members[name] else { return nil }
        if let value = Int(json) { return value }
        guard let number = Double(json), number.rounded() == number, let value = Int(exactly: number) else {
            throw refusal(path, "a whole number")
        }
        return value
    }

    private func refusal(_ path: String, _ kind: String) -> ApiRefusal {
        ApiRefusal(status: 400, detail: "\(path) must be \(kind); send \(shape)")
    }

    private static func object(_ text: String) -> [String: String]? {
        guard let members = (try? JSONSyntax.membersAsWritten(text)) ?? nil else { return nil }
        // The last of duplicate names counts, as JSON.parse has it.
        var object: [String: String] = [:]
        for member in members { object[member.name] = member.json }
        return object
    }
}
