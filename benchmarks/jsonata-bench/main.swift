import Foundation
import JSONata

// J2: JSONata's test suite evaluated in a loop through jshost's JSONata, as flows use it (an expression's text, the
// input as JSON text, the result as JSON text). Cases with a time or depth limit (runaway expressions on purpose)
// are left out. Prints one JSON object.
// Usage: jsonata-bench [seconds (5)] [suite folder (../shared/jsonata-test-suite)]
//        jsonata-bench route: microseconds one message takes over one edge, for mappers from one literal to J1's
let arguments = CommandLine.arguments
if arguments.count > 1 && arguments[1] == "calls" {
    try callTimings()
    exit(0)
}
if arguments.count > 1 && arguments[1] == "route" {
    try routeTimings()
    exit(0)
}
let seconds = arguments.count > 1 ? Double(arguments[1]) ?? 5 : 5
let suite = URL(fileURLWithPath: arguments.count > 2 ? arguments[2] : "../shared/jsonata-test-suite")

struct Evaluation {
    var expression: String
    var inputJSON: String?
    var bindingsJSON: String?
}

func text(_ value: Any) -> String? {
    (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])).map { String(decoding: $0, as: UTF8.self) }
}

var datasets: [String: String] = [:]
for file in try FileManager.default.contentsOfDirectory(atPath: suite.appendingPathComponent("datasets").path) {
    datasets[String(file.dropLast(5))] = String(decoding: try Data(contentsOf: suite.appendingPathComponent("datasets/\(file)")), as: UTF8.self)
}
var evaluations: [Evaluation] = []
let groups = suite.appendingPathComponent("groups")
for group in try FileManager.default.contentsOfDirectory(atPath: groups.path).sorted() {
    for file in try FileManager.default.contentsOfDirectory(atPath: groups.appendingPathComponent(group).path).sorted() where file.hasSuffix(".json") {
        let folder = groups.appendingPathComponent(group)
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(file))) else { continue }
        for entry in parsed as? [[String: Any]] ?? [parsed as? [String: Any] ?? [:]] where entry["timelimit"] == nil && entry["depth"] == nil {
            var expression = entry["expr"] as? String ?? ""
            if let exprFile = entry["expr-file"] as? String {
                expression = String(decoding: try Data(contentsOf: folder.appendingPathComponent(exprFile)), as: UTF8.self)
            }
            let input = entry.keys.contains("data") ? text(entry["data"]!) : (entry["dataset"] as? String).flatMap { datasets[$0] }
            let bindings = (entry["bindings"] as? [String: Any]).flatMap { $0.isEmpty ? nil : text($0) }
            evaluations.append(Evaluation(expression: expression, inputJSON: input, bindingsJSON: bindings))
        }
    }
}

let engine = try JSONataEngine()
for evaluation in evaluations { _ = try? engine.evaluate(evaluation.expression, inputJSON: evaluation.inputJSON, bindingsJSON: evaluation.bindingsJSON) }
let clock = ContinuousClock()
let started = clock.now
var count = 0
while clock.now - started < .milliseconds(Int64(seconds * 1000)) {
    for evaluation in evaluations {
        _ = try? engine.evaluate(evaluation.expression, inputJSON: evaluation.inputJSON, bindingsJSON: evaluation.bindingsJSON)
    }
    count += evaluations.count
}
let elapsed = clock.now - started
let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
print(#"{"cases":\#(evaluations.count),"evaluations":\#(count),"seconds":\#(elapsedSeconds),"perSecond":\#(Double(count) / elapsedSeconds)}"#)
