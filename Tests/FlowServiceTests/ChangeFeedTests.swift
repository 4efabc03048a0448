import Foundation
import Testing
@testable import FlowService

/// The live feed's fan-out.
@Suite struct ChangeFeedTests {
    @Test func everyListenerHearsEachEventAndAFinishedFeedEndsThem() async {
        let feed = ChangeFeed()
        let first = feed.listen(), second = feed.listen()
        #expect(feed.listenerCount == 2)
        feed.publish("run", #"{"n":1}"#)
        feed.finish()
        var heard: [[String]] = []
        for stream in [first, second] {
            var names: [String] = []
            for await event in stream { names.append("\(event.name) \(event.json)") }
            heard.append(names)
        }
        #expect(heard == [[#"run {"n":1}"#], [#"run {"n":1}"#]])
        var late: [ChangeFeed.Event] = []
        for await event in feed.listen() { late.append(event) }
        #expect(late.isEmpty, "a listener after the end hears nothing and ends at once")
    }
}
