import Foundation

/// JUnit XML, the format CI systems read test results from.
enum JUnitReport {
    static func xml(suite: String, results: [CaseOutcome]) -> String {
        let failures = results.filter { !$0.passed }.count
        let total = results.reduce(0) { $0 + $1.seconds }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites tests=\"\(results.count)\" failures=\"\(failures)\" time=\"\(format(total))\">\n"
        xml += "  <testsuite name=\"\(escape(suite))\" tests=\"\(results.count)\" failures=\"\(failures)\" time=\"\(format(total))\">\n"
        for result in results {
            xml += "    <testcase classname=\"\(escape(suite))\" name=\"\(escape(result.name))\" time=\"\(format(result.seconds))\""
            if result.passed {
                xml += "/>\n"
            } else {
                xml += ">\n      <failure message=\"\(escape(result.summary))\">\(escape(result.details))</failure>\n"
                if !result.logs.isEmpty { xml += "      <system-err>\(escape(result.logs))</system-err>\n" }
                xml += "    </testcase>\n"
            }
        }
        return xml + "  </testsuite>\n</testsuites>\n"
    }

    private static func format(_ seconds: Double) -> String { String(format: "%.3f", seconds) }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            default:
                // XML 1.0 cannot carry other control characters at all.
                if scalar.value < 0x20 { escaped += "?" } else { escaped.unicodeScalars.append(scalar) }
            }
        }
        return escaped
    }
}
