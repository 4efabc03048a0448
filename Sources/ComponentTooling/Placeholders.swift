import Foundation

/// Handlebars-style `{{VAR}}` placeholders in fixture text, as elasticio-cli fills them:
/// `{{VAR}}` is HTML-escaped as Handlebars does, `{{{VAR}}}` is inserted raw, an unknown name becomes "".
enum Placeholders {
    static func fill(_ template: String, values: [String: String]) -> String {
        var output = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            let triple = rest[open.upperBound...].hasPrefix("{")
            let nameStart = triple ? rest.index(after: open.upperBound) : open.upperBound
            let closer = triple ? "}}}" : "}}"
            guard let close = rest[nameStart...].range(of: closer) else {
                output += rest[open.lowerBound...]
                return output
            }
            let name = rest[nameStart..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            let value = values[name] ?? ""
            output += triple ? value : escape(value)
            rest = rest[close.upperBound...]
        }
        return output + rest
    }

    /// Handlebars' escapeExpression.
    static func escape(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#x27;"
            case "`": escaped += "&#x60;"
            case "=": escaped += "&#x3D;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

/// `.env` files (KEY=value lines, `#` comments, optional quotes, `export ` prefix), as dotenv reads them.
enum DotEnv {
    static func read(_ path: String) -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        return parse(text)
    }

    static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)) }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if let quote = value.first, quote == "\"" || quote == "'", value.count >= 2, value.last == quote {
                value = String(value.dropFirst().dropLast())
                if quote == "\"" { value = value.replacingOccurrences(of: "\\n", with: "\n") }
            } else if let hash = value.range(of: " #") {
                value = value[..<hash.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            if !key.isEmpty { values[key] = value }
        }
        return values
    }
}
