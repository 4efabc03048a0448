import Foundation
import Testing
@testable import Flows

@Suite struct CronScheduleTests {
    func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func fiveAndSixFieldSchedulesComeDueWhenTheySay() throws {
        let everyTenMinutes = try CronSchedule("*/10 * * * *")
        #expect(everyTenMinutes.next(after: utc("2026-12-01T12:03:20Z")) == utc("2026-12-01T12:10:00Z"))
        let everyTwoSeconds = try CronSchedule("*/2 * * * * *")
        #expect(everyTwoSeconds.next(after: utc("2026-12-01T12:00:01Z")) == utc("2026-12-01T12:00:02Z"))
        #expect(everyTwoSeconds.next(after: utc("2026-12-01T12:00:02Z")) == utc("2026-12-01T12:00:04Z"))
        let weekdayMornings = try CronSchedule("30 8 * * MON-FRI")
        // 2026-12-05 is a Saturday: the next is Monday the 7th.
        #expect(weekdayMornings.next(after: utc("2026-12-04T09:00:00Z")) == utc("2026-12-07T08:30:00Z"))
        let newYear = try CronSchedule("0 0 1 JAN *")
        #expect(newYear.next(after: utc("2026-12-01T00:00:00Z")) == utc("2027-01-01T00:00:00Z"))
        // Both day fields restricted: either one makes the day due (the 1st, or a Sunday).
        let firstOrSunday = try CronSchedule("0 12 1 * 0")
        #expect(firstOrSunday.next(after: utc("2026-12-01T13:00:00Z")) == utc("2026-12-06T12:00:00Z"))
        #expect(try CronSchedule("0 0 30 2 *").next(after: utc("2026-12-01T00:00:00Z")) == nil)
        #expect(try CronSchedule("1,2,5-7 * * * *").next(after: utc("2026-12-01T00:02:00Z")) == utc("2026-12-01T00:05:00Z"))
    }

    @Test(arguments: [
        ("* * * *", "has 4 fields"),
        ("61 * * * *", "minute \"61\" is not in 0-59"),
        ("* 24 * * *", "hour \"24\" is not in 0-23"),
        ("*/0 * * * *", "step \"0\" is not a positive number"),
        ("5-1 * * * *", "range \"5-1\" goes backwards"),
        ("* * * FOO *", "month \"FOO\" is not in 1-12 or a name such as JAN"),
        ("1,,2 * * * *", "has an empty list item"),
    ])
    func badSchedulesAreRefusedNamingTheField(text: String, message: String) {
        do {
            _ = try CronSchedule(text)
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.description.contains(message), "\(error)")
        }
    }
}
