import FlowService
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import JSHostCore

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

    /// The message's JSON, keys in the platform's order; a body that cannot be a message is refused (400, 415).
    func json() throws(ApiRefusal) -> String {
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

    private func parsedBody() throws(ApiRefusal) -> String {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) { return "{}" }
        let type = RequestBody.mediaType(of: contentType)
        let isJSON = type.isEmpty || type == "application/json" || type == "text/json" || type.hasSuffix("+json")
        let isXML = type == "application/xml" || type == "text/xml" || type.hasSuffix("+xml")
        guard isJSON || isXML || type == "application/x-www-form-urlencoded" else {
            throw ApiRefusal(status: 415, detail: "a webhook takes JSON, form-encoded or XML bodies, not \(type)")
        }
        if isXML {
            // XML says its own encoding; the parser reads it from the bytes.
            switch XMLToJSON.convert(Data(body), maximumDepth: JSONInputRules.defaultMaximumDepth) {
            case .success(let json): return json
            case .failure(let refusal): throw refusal
            }
        }
        let text = try RequestBody.text(body, contentType: contentType)
        if isJSON {
            let checked = try RequestBody.json(text, shape: "JSON, form-encoded or XML data")
            guard let compact = try? JSONSyntax.compact(checked) else {
                throw ApiRefusal(status: 400, detail: "the request body is not valid JSON; send JSON, form-encoded or XML data")
            }
            return compact
        }
        return Self.object(Self.formFields(text))
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
/// children by name, in arrays. Nesting is bounded while the parser reads, and the JSON is written without
/// recursion, so no document can exhaust the stack.
enum XMLToJSON {
    static func convert(_ data: Data, maximumDepth: Int) -> Result<String, ApiRefusal> {
        let reader = Reader(maximumDepth: maximumDepth)
        let parser = XMLParser(data: data)
        // No external entities or DTDs: a caller's XML must not make the service read files or the network.
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        let parsed = parser.parse()
        if reader.tooDeep {
            return .failure(ApiRefusal(status: 400, detail: "the request body's XML is nested more than \(maximumDepth) elements deep (line \(parser.lineNumber)); jshost takes XML up to \(maximumDepth) levels"))
        }
        guard parsed, !reader.failed, reader.isBalanced, let root = reader.root else {
            return .failure(ApiRefusal(status: 400, detail: "the request body is not well-formed XML (line \(parser.lineNumber)); send well-formed XML, JSON or form-encoded data"))
        }
        return .success("{" + JSONString.quote(root.name) + ":" + root.json + "}")
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

        /// Written with a stack of its own: each element's opening, then its children's, then its closing.
        var json: String {
            enum Step { case open(Element), text(String) }
            var out = ""
            var steps: [Step] = [.open(self)]
            while let step = steps.popLast() {
                switch step {
                case .text(let text): out += text
                case .open(let element):
                    let trimmed = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
                    if element.attributes.isEmpty && element.children.isEmpty {
                        out += JSONString.quote(trimmed)
                        continue
                    }
                    var head: [String] = []
                    if !element.attributes.isEmpty {
                        head.append(#""$":"# + WebhookMessage.object(element.attributes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
                    }
                    if !trimmed.isEmpty { head.append(#""_":"# + JSONString.quote(trimmed)) }
                    var order: [String] = []
                    var byName: [String: [Element]] = [:]
                    for child in element.children {
                        if byName[child.name] == nil { order.append(child.name) }
                        byName[child.name, default: []].append(child)
                    }
                    out += "{" + head.joined(separator: ",")
                    // Pushed in reverse, so they are written in order.
                    var pending: [Step] = [.text("}")]
                    for (position, name) in order.enumerated().reversed() {
                        let group = byName[name] ?? []
                        pending.append(.text("]"))
                        for (index, child) in group.enumerated().reversed() {
                            pending.append(.open(child))
                            if index > 0 { pending.append(.text(",")) }
                        }
                        let separator = position == 0 && head.isEmpty ? "" : ","
                        pending.append(.text(separator + JSONString.quote(name) + ":["))
                    }
                    steps.append(contentsOf: pending)
                }
            }
            return out
        }
    }

    final class Reader: NSObject, XMLParserDelegate {
        let maximumDepth: Int
        var root: Element?
        private var open: [Element] = []
        var failed = false
        var tooDeep = false
        var isBalanced: Bool { open.isEmpty }

        init(maximumDepth: Int) {
            self.maximumDepth = maximumDepth
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            guard open.count < maximumDepth else {
                tooDeep = true
                parser.abortParsing()
                return
            }
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
