import Foundation
import Testing
@testable import SailorWire

/// sailor's publish rate limits: at most N publishes begin in any interval.
@Suite struct PublishThrottleTests {
    @Test func theTenthGoesAtOnceTheEleventhWaitsForTheFirstToAge() {
        var throttle = PublishThrottle(limit: 10, interval: .milliseconds(100))
        let start = ContinuousClock.now
        for index in 0..<10 {
            #expect(throttle.reserve(at: start + .milliseconds(index)) == .zero, "publish \(index + 1)")
        }
        // The 11th, asked at 10 ms, may begin at 100 ms: when the first (at 0 ms) is 100 ms old.
        #expect(throttle.reserve(at: start + .milliseconds(10)) == .milliseconds(90))
        // The 12th, asked at once too, waits for the second (at 1 ms).
        #expect(throttle.reserve(at: start + .milliseconds(10)) == .milliseconds(91))
        // Long after, nothing waits.
        #expect(throttle.reserve(at: start + .seconds(5)) == .zero)
    }

    @Test func inAnyWindowNoMoreThanTheLimitBegin() {
        var throttle = PublishThrottle(limit: 2, interval: .milliseconds(100))
        let start = ContinuousClock.now
        var begins: [ContinuousClock.Instant] = []
        for index in 0..<20 {
            let asked = start + .milliseconds(index * 7)
            begins.append(asked + throttle.reserve(at: asked))
        }
        for (index, begin) in begins.enumerated() {
            let inWindow = begins.filter { $0 >= begin && $0 < begin + .milliseconds(100) }
            #expect(inWindow.count <= 2, "window from publish \(index + 1)")
        }
        #expect(begins == begins.sorted(), "in the order asked")
    }

    @Test func theSettingsGiveSailorsLimits() throws {
        let settings = try SailorSettings(environment: SailorSettingsTests.base)
        #expect(settings.dataThrottle.limit == 10 && settings.dataThrottle.interval == .milliseconds(100))
        #expect(settings.errorThrottle.limit == 2 && settings.snapshotThrottle.limit == 2)
    }
}

struct MessageIDTests {
    @Test func idsAreVersionFourUUIDsInLowerCaseAndDiffer() {
        let ids = (0..<1000).map { _ in MessageID.make() }
        #expect(Set(ids).count == 1000)
        for id in ids.prefix(50) {
            #expect(id.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression) != nil, "\(id)")
        }
    }
}
