import Foundation
import Testing
@testable import Presentation

@Suite struct PeopleFormTests {
    let utc = TimeZone(identifier: "UTC")!

    @Test func theOneRuleForOutput() {
        #expect(OutputForm.choose(json: false, pretty: false, isTerminal: true) == .people)
        #expect(OutputForm.choose(json: false, pretty: false, isTerminal: false) == .machine)
        #expect(OutputForm.choose(json: true, pretty: false, isTerminal: true) == .machine)
        #expect(OutputForm.choose(json: false, pretty: true, isTerminal: false) == .people)
        #expect(OutputForm.forLogs(environment: ["LOG_FORMAT": "json"], isTerminal: true) == .machine)
        #expect(OutputForm.forLogs(environment: ["LOG_FORMAT": "pretty"], isTerminal: false) == .people)
        #expect(OutputForm.forLogs(environment: [:], isTerminal: true) == .people)
        #expect(!Paint.forStream(isTerminal: true, noColor: false, environment: ["NO_COLOR": "1"]).enabled)
        #expect(!Paint.forStream(isTerminal: true, noColor: true, environment: [:]).enabled)
        #expect(!Paint.forStream(isTerminal: false, noColor: false, environment: [:]).enabled)
        #expect(Paint.forStream(isTerminal: true, noColor: false, environment: [:]).enabled)
    }

    @Test func aLogLineShowsTimeLevelWhoAndMessageAndOnlyTheFieldsThatAddSomething() {
        let line = #"{"name":"iteration-counter","hostname":"vm","pid":7,"level":30,"threadId":"t-1","messageId":"m-1","flowId":"f","stepId":"s","msg":"Iteration: 1","time":"2026-12-01T15:49:50.123Z","v":0,"orderId":42}"# + "\n"
        let renderer = LogLineRenderer(paint: .plain, timeZone: utc)
        #expect(renderer.render(line) == "15:49:50.123 INFO  iteration-counter: Iteration: 1  orderId=42\n")
        var verbose = renderer
        verbose.verbose = true
        #expect(verbose.render(line) == "15:49:50.123 INFO  iteration-counter: Iteration: 1  flowId=f messageId=m-1 orderId=42 stepId=s threadId=t-1\n")
        #expect(renderer.render(#"{"name":"jshost","level":40,"msg":"careful","time":"2026-12-01T00:00:00.000Z","v":0}"#) == "00:00:00.000 WARN  jshost: careful\n")
        #expect(renderer.render("plain text from console.log\n") == "plain text from console.log\n")
        let coloured = LogLineRenderer(paint: Paint(enabled: true), timeZone: utc).render(line)
        #expect(coloured.contains("\u{1B}[") && Paint.stripped(coloured) == renderer.render(line))
    }

    @Test func tablesAlignAndCutTheFlexibleColumn() {
        var table = Table([.init("VERSION", alignment: .right), .init("SOURCE"), .init("VALUE", flexible: true)])
        table.add([.init("12"), .init("run:1a2b"), .init(#"{"iteration":12}"#)])
        table.add([.init("3"), .init("set"), .init(#"{"iteration":3,"note":"a rather long value that will not fit"}"#)])
        let text = table.render(width: 40, paint: .plain)
        #expect(text == """
            VERSION  SOURCE    VALUE
                 12  run:1a2b  {"iteration":12}
                  3  set       {"iteration":3,"note…

            """)
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 40 })
        #expect(Table.cut("abcdef", to: 4) == "abc…")
        #expect(Table.cut("abc", to: 4) == "abc")
    }

    @Test func relativeTimesAsPeopleSayThem() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(RelativeTime.describe(now, now: now) == "just now")
        #expect(RelativeTime.describe(now.addingTimeInterval(-42), now: now) == "42 s ago")
        #expect(RelativeTime.describe(now.addingTimeInterval(-180), now: now) == "3 min ago")
        #expect(RelativeTime.describe(now.addingTimeInterval(-7200), now: now) == "2 h ago")
        #expect(RelativeTime.describe(now.addingTimeInterval(-86400), now: now) == "1 day ago")
        #expect(RelativeTime.describe(now.addingTimeInterval(600), now: now) == "in 10 min")
    }

    @Test func theProgressLineRedrawsInPlaceAndStepsAsideForOtherOutput() {
        let written = Written()
        let progress = ProgressLine(interval: .seconds(60)) { written.append($0) }
        progress.update("1 message")
        progress.update("2 messages")  // within the interval: not drawn
        progress.interrupt { written.append("an event\n") }
        progress.update("3 messages")
        progress.finish("3 messages, done")
        #expect(written.text == "\r\u{1B}[2K1 message" + "\r\u{1B}[2K" + "an event\n" + "\r\u{1B}[2K3 messages" + "\r\u{1B}[2K3 messages, done\n")
    }
}

final class Written: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [String] = []
    func append(_ text: String) { lock.withLock { parts.append(text) } }
    var text: String { lock.withLock { parts.joined() } }
}
