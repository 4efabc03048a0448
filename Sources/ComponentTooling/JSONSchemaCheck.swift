/// Structural checks that a value is a usable JSON Schema (draft-04 to 2020-12 keywords elastic.io metadata uses).
/// Returns one message per problem, each naming the JSON pointer where it is.
enum JSONSchemaCheck {
    static let types: Set<String> = ["object", "array", "string", "number", "integer", "boolean", "null"]

    static func problems(in schema: Any, at pointer: String = "") -> [String] {
        if schema is Bool { return [] }
        guard let object = schema as? [String: Any] else {
            return ["\(pointer.isEmpty ? "the schema" : pointer) must be an object"]
        }
        var problems: [String] = []
        let here = pointer.isEmpty ? "/" : pointer
        if let type = object["type"] {
            let names = (type as? [Any]).map { $0 } ?? [type]
            for name in names {
                guard let text = name as? String, types.contains(text) else {
                    problems.append("\(here): \"type\" must be one of \(types.sorted().joined(separator: ", ")), got \(name)")
                    continue
                }
            }
        }
        if let properties = object["properties"] {
            if let map = properties as? [String: Any] {
                for key in map.keys.sorted() { problems += Self.problems(in: map[key]!, at: "\(pointer)/properties/\(key)") }
            } else {
                problems.append("\(here): \"properties\" must be an object of schemas")
            }
        }
        if let items = object["items"] {
            if let list = items as? [Any] {
                for (index, item) in list.enumerated() { problems += Self.problems(in: item, at: "\(pointer)/items/\(index)") }
            } else {
                problems += Self.problems(in: items, at: "\(pointer)/items")
            }
        }
        if let required = object["required"], !(required is Bool) {
            if !((required as? [Any])?.allSatisfy { $0 is String } ?? false) {
                problems.append("\(here): \"required\" must be an array of property names")
            }
        }
        if let values = object["enum"], !(values is [Any]) {
            problems.append("\(here): \"enum\" must be an array")
        }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            guard let list = object[keyword] else { continue }
            guard let schemas = list as? [Any] else { problems.append("\(here): \"\(keyword)\" must be an array of schemas"); continue }
            for (index, item) in schemas.enumerated() { problems += Self.problems(in: item, at: "\(pointer)/\(keyword)/\(index)") }
        }
        return problems
    }
}
