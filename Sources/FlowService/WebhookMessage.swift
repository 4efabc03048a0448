import ComponentRuntime
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SnapshotStore

/// A webhook request as the platform turns it into its flow's first message: the body (JSON, form-encoded or XML,
/// read into JSON; for GET, the query), the request's headers, query, method, url and the path after the flow's id.
struct WebhookMessage {
    var requestID: String
    var method: String
    var url: String
    var additionalPath: String
    var query: [(name: String, value: String)]
    var headers: [(name: String, value: String)]
    var contentType: String?
    var body: [UInt8]

    /// Why a request's body cannot be a message (answered with 400 or 415).
    struct Refusal: Error {
        var status: Int
        var message: String
    }

    /// The message's JSON, keys in the platform's order.
    func json() throws(Refusal) -> String {
        let bodyJSON = method == "GET" ? Self.object(query) : try parsedBody()
        let members: [(name: String, json: String)] = [
            ("id", JSONString.quote(requestID)),
            ("attachments", "{}"),
            ("body", bodyJSON),
            ("headers", Self.object(headers.map { ($0.name.lowercased(), $0.value) })),
            ("query", Self.object(query)),
            ("method", JSONString.quote(method)),
            ("url", JSONString.quote(url)),
            ("additionalUrlPath", JSONString.quote(additionalPath)),
            ("metadata", "{}"),
        ]
        return "{" + members.map { JSONString.quote($0.name) + ":" + $0.json }.joined(separator: ",") + "}"
    }

    private func parsedBody() throws(Refusal) -> String {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) { return "{}" }
        let type = (contentType ?? "application/json").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        let text = String(decoding: body, as: UTF8.self)
        switch type {
        case "application/json", "text/json", "":
            guard let compact = try? JSONSyntax.compact(text) else {
                throw Refusal(status: 400, message: "the request body is not valid JSON; send JSON, form-encoded or XML data")
            }
            return compact
        case "application/x-www-form-urlencoded":
            return Self.object(Self.formFields(text))
        case "application/xml", "text/xml":
            guard let json = XMLToJSON.convert(Data(body)) else {
                throw Refusal(status: 400, message: "the request body is not well-formed XML")
            }
            return json
        default:
            if type.hasSuffix("+json"), let compact = try? JSONSyntax.compact(text) { return compact }
            if type.hasSuffix("+xml"), let json = XMLToJSON.convert(Data(body)) { return json }
            throw Refusal(status: 415, message: "a webhook takes JSON, form-encoded or XML bodies, not \(type)")
        }
    }

    /// Name-value pairs as a JSON object of strings; a name given more than once becomes an array, in order.
    static func object(_ pairs: [(name: String, value: String)]) -> String {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for (name, value) in pairs {
            if values[name] == nil { order.append(name) }
            values[name, default: []].append(value)
        }
        let members = order.map { name -> String in
            let all = values[name] ?? []
            let json = all.count == 1 ? JSONString.quote(all[0]) : "[" + all.map(JSONString.quote).joined(separator: ",") + "]"
            return JSONString.quote(name) + ":" + json
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// `a=1&b=two+words` as pairs, percent- and plus-decoded.
    static func formFields(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { field in
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}

/// XML as JSON the way xml2js (which the platform uses) reads it by default: the root element's name holds its
/// content; an element's attributes are under `$`, its text under `_` when it also has attributes or children,
/// children by name, in arrays.
enum XMLToJSON {
    static func convert(_ data: Data) -> String? {
        let reader = Reader()
        let parser = XMLParser(data: data)
        // No external entities or DTDs: a caller's XML must not make the service read files or the network.
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        guard parser.parse(), !reader.failed, reader.isBalanced, let root = reader.root else { return nil }
        return "{" + JSONString.quote(root.name) + ":" + root.json + "}"
    }

    final class Element {
        let name: String
        let attributes: [String: String]
        var text = ""
        var children: [Element] = []
        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }

        var json: String {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if attributes.isEmpty && children.isEmpty { return JSONString.quote(trimmed) }
            var members: [String] = []
            if !attributes.isEmpty {
                members.append(#""$":"# + WebhookMessage.object(attributes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
            }
            if !trimmed.isEmpty { members.append(#""_":"# + JSONString.quote(trimmed)) }
            var order: [String] = []
            var byName: [String: [Element]] = [:]
            for child in children {
                if byName[child.name] == nil { order.append(child.name) }
                byName[child.name, default: []].append(child)
            }
            for name in order {
                members.append(JSONString.quote(name) + ":[" + (byName[name] ?? []).map(\.json).joined(separator: ",") + "]")
            }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    final class Reader: NSObject, XMLParserDelegate {
        var root: Element?
        private var open: [Element] = []
        var failed = false
        var isBalanced: Bool { open.isEmpty }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            let element = Element(name: elementName, attributes: attributeDict)
            if let parent = open.last { parent.children.append(element) } else if root == nil { root = element }
            open.append(element)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            if open.popLast()?.name != elementName { failed = true }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            failed = true
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            open.last?.text += string
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            open.last?.text += String(decoding: CDATABlock, as: UTF8.self)
        }
    }
}
