import Foundation

/// Makes recorded events comparable across runs and machines: uuids become `<uuid>`, error stacks `<stack>`,
/// and the component's absolute folder `<component>`.
struct EventNormalizer {
    let componentDirectory: String
    private let directories: [String]

    init(componentDirectory: String) {
        self.componentDirectory = componentDirectory
        let resolved = URL(fileURLWithPath: componentDirectory).resolvingSymlinksInPath().path
        directories = Set([componentDirectory, resolved]).sorted { $0.count > $1.count }
    }

    private static let uuid = try! NSRegularExpression(
        pattern: "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

    func normalize(_ value: Any) -> Any {
        switch value {
        case let object as [String: Any]:
            var result: [String: Any] = [:]
            for (key, item) in object {
                result[key] = key == "stack" && item is String ? "<stack>" : normalize(item)
            }
            return result
        case let array as [Any]:
            return array.map(normalize)
        case let string as String:
            return normalize(string)
        default:
            return value
        }
    }

    func normalize(_ string: String) -> String {
        var text = string
        for directory in directories where text.contains(directory) {
            text = text.replacingOccurrences(of: directory, with: "<component>")
        }
        let range = NSRange(text.startIndex..., in: text)
        return Self.uuid.stringByReplacingMatches(in: text, range: range, withTemplate: "<uuid>")
    }
}
