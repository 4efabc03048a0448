import FlowService
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import JSHostCore

/// A request's body taken as it was sent, or refused: never changed on the way. Its declared length is checked
/// before a byte is read, its `Content-Encoding` undone within the same limit, a declared charset decoded, and
/// UTF-8 checked byte by byte, so a bad byte is a 400 naming its offset instead of U+FFFD in the store.
enum RequestBody {
    /// The body as text: decoded from its declared charset (UTF-8 when none is declared; a byte-order mark or, for
    /// JSON, the zero bytes of UTF-16 text say otherwise), checked as it is decoded.
    static func text(_ bytes: [UInt8], contentType: String?) throws(ApiRefusal) -> String {
        let declared = charset(of: contentType)
        switch declared {
        case nil, "utf-8", "utf8":
            if declared == nil, let sniffed = sniffedUTF16(bytes, json: { isJSON(contentType) }) {
                return try utf16(Array(bytes.dropFirst(sniffed.bom ? 2 : 0)), bigEndian: sniffed.bigEndian)
            }
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
            if let offset = UTF8Check.firstInvalidByte(body) {
                let at = offset + (body.count == bytes.count ? 0 : 3)
                throw ApiRefusal(status: 400, detail: "the request body is not valid UTF-8: byte \(at) (0x\(String(bytes[at], radix: 16, uppercase: true))) starts no character; send UTF-8, or declare the charset in Content-Type")
            }
            return String(decoding: body, as: UTF8.self)
        case "us-ascii", "ascii":
            if let offset = bytes.firstIndex(where: { $0 >= 0x80 }) {
                throw ApiRefusal(status: 400, detail: "the request body is not US-ASCII as its charset says: byte \(offset) is 0x\(String(bytes[offset], radix: 16, uppercase: true))")
            }
            return String(decoding: bytes, as: UTF8.self)
        case "iso-8859-1", "latin1", "latin-1", "l1", "iso_8859-1", "iso8859-1":
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        case "utf-16", "utf16":
            if bytes.starts(with: [0xFF, 0xFE]) { return try utf16(Array(bytes.dropFirst(2)), bigEndian: false) }
            if bytes.starts(with: [0xFE, 0xFF]) { return try utf16(Array(bytes.dropFirst(2)), bigEndian: true) }
            return try utf16(bytes, bigEndian: true)
        case "utf-16le", "utf16le":
            return try utf16(bytes.starts(with: [0xFF, 0xFE]) ? Array(bytes.dropFirst(2)) : bytes, bigEndian: false)
        case "utf-16be", "utf16be":
            return try utf16(bytes.starts(with: [0xFE, 0xFF]) ? Array(bytes.dropFirst(2)) : bytes, bigEndian: true)
        case let other?:
            throw ApiRefusal(status: 415, detail: "the body's charset \(other) is not one jshost reads; send UTF-8 (or UTF-16, ISO-8859-1, US-ASCII)")
        }
    }

    /// An API request's JSON document: its bytes, text and rules at once. What breaks a rule is 422 (the document
    /// is well-formed; its value is over the service's limits, as a snapshot over its size limit is).
    static func document(_ request: inout Request, limit: Int, shape: String) async throws(ApiRefusal) -> String {
        let bytes = try await bytes(&request, limit: limit, what: "this endpoint")
        let text = try text(bytes, contentType: request.headers[.contentType])
        return try json(text, ruleStatus: 422, shape: shape)
    }

    /// The body read as JSON under `JSONInputRules`: its text, or a refusal with `status` for a rule (a syntax
    /// error is always 400).
    static func json(_ text: String, rules: JSONInputRules = JSONInputRules(), ruleStatus: Int = 400, shape: String? = nil) throws(ApiRefusal) -> String {
        guard let violation = rules.check(text) else { return text }
        let send = shape.map { "; send \($0)" } ?? ""
        switch violation {
        case .syntax:
            throw ApiRefusal(status: 400, detail: "the request body \(violation)\(send)")
        case .tooDeep, .duplicateName, .numberOutOfRange:
            throw ApiRefusal(status: ruleStatus, detail: "the request body's JSON \(violation)")
        }
    }

    /// The `charset` parameter of a Content-Type, lowercased and unquoted.
    static func charset(of contentType: String?) -> String? {
        guard let contentType, contentType.contains(";") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, trimmed(parts[0]).lowercased() == "charset" else { continue }
            return trimmed(parts[1]).filter { $0 != "\"" }.lowercased()
        }
        return nil
    }

    /// The media type of a Content-Type, lowercased, without its parameters.
    static func mediaType(of contentType: String?) -> String {
        guard let contentType else { return "" }
        return trimmed(contentType.split(separator: ";", maxSplits: 1).first ?? "").lowercased()
    }

    /// Without the spaces and tabs around it (Foundation's trimming costs more than the whole header is worth).
    private static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }

    private static func isJSON(_ contentType: String?) -> Bool {
        let type = mediaType(of: contentType)
        return type.isEmpty || type == "application/json" || type == "text/json" || type.hasSuffix("+json")
    }

    /// UTF-16 told by its byte-order mark, or for JSON (whose first character is ASCII) by a zero byte beside it,
    /// as RFC 4627 had it.
    private static func sniffedUTF16(_ bytes: [UInt8], json: () -> Bool) -> (bigEndian: Bool, bom: Bool)? {
        guard bytes.count >= 2 else { return nil }
        if bytes[0] == 0xFF, bytes[1] == 0xFE { return (false, true) }
        if bytes[0] == 0xFE, bytes[1] == 0xFF { return (true, true) }
        guard (bytes[0] == 0) != (bytes[1] == 0), json() else { return nil }
        return (bytes[0] == 0, false)
    }

    private static func utf16(_ bytes: [UInt8], bigEndian: Bool) throws(ApiRefusal) -> String {
        guard bytes.count % 2 == 0 else {
            throw ApiRefusal(status: 400, detail: "the request body is not valid UTF-16: it has an odd number of bytes (\(bytes.count))")
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        for index in stride(from: 0, to: bytes.count, by: 2) {
            let high = UInt16(bytes[index]), low = UInt16(bytes[index + 1])
            units.append(bigEndian ? high << 8 | low : low << 8 | high)
        }
        var index = 0
        while index < units.count {
            let unit = units[index]
            if UTF16.isLeadSurrogate(unit) {
                guard index + 1 < units.count, UTF16.isTrailSurrogate(units[index + 1]) else {
                    throw ApiRefusal(status: 400, detail: "the request body is not valid UTF-16: byte \(index * 2) holds half a surrogate pair")
                }
                index += 2
                continue
            }
            if UTF16.isTrailSurrogate(unit) {
                throw ApiRefusal(status: 400, detail: "the request body is not valid UTF-16: byte \(index * 2) holds half a surrogate pair")
            }
            index += 1
        }
        return String(decoding: units, as: UTF16.self)
    }
}
