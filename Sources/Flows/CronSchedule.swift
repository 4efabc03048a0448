import Foundation

/// A flow's schedule: five cron fields (minute hour day-of-month month day-of-week), or six with seconds first so
/// that a test need not wait a minute. Each field is `*`, a value, a range `a-b`, a step `*/n` or `a-b/n`, or a list
/// of those; months and weekdays also by name (JAN, MON). Times are UTC. As in cron, when both day fields are
/// restricted a day matching either one is due.
public struct CronSchedule: Sendable, Equatable {
    public let text: String
    let seconds: Set<Int>
    let minutes: Set<Int>
    let hours: Set<Int>
    let days: Set<Int>
    let months: Set<Int>
    let weekdays: Set<Int>
    let daysRestricted: Bool
    let weekdaysRestricted: Bool

    /// Parses `text`; throws a message naming the field that is wrong and why.
    public init(_ text: String) throws(CronError) {
        self.text = text
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 || fields.count == 6 else {
            throw CronError("cron \"\(text)\" has \(fields.count) fields; give five (minute hour day month weekday) or six (with seconds first)")
        }
        let withSeconds = fields.count == 6
        let named = withSeconds ? fields : ["0"] + fields
        seconds = try Self.field(named[0], "second", 0...59)
        minutes = try Self.field(named[1], "minute", 0...59)
        hours = try Self.field(named[2], "hour", 0...23)
        days = try Self.field(named[3], "day of month", 1...31)
        months = try Self.field(named[4], "month", 1...12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], firstName: 1)
        let weekdayValues = try Self.field(named[5], "day of week", 0...7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], firstName: 0)
        weekdays = Set(weekdayValues.map { $0 % 7 })
        daysRestricted = named[3] != "*" && named[3] != "?"
        weekdaysRestricted = named[5] != "*" && named[5] != "?"
    }

    private static func field(_ text: String, _ what: String, _ range: ClosedRange<Int>, names: [String] = [],
                              firstName: Int = 0) throws(CronError) -> Set<Int> {
        func value(_ token: String) throws(CronError) -> Int {
            if let number = Int(token), range.contains(number) { return number }
            if let index = names.firstIndex(of: token.uppercased()) { return index + firstName }
            throw CronError("\(what) \"\(token)\" is not in \(range.lowerBound)-\(range.upperBound)\(names.isEmpty ? "" : " or a name such as \(names[0])")")
        }
        var values = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard !part.isEmpty else { throw CronError("\(what) field \"\(text)\" has an empty list item") }
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard pieces.count <= 2 else { throw CronError("\(what) \"\(part)\" has more than one /") }
            var step = 1
            if pieces.count == 2 {
                guard let parsed = Int(pieces[1]), parsed > 0 else { throw CronError("\(what) step \"\(pieces[1])\" is not a positive number") }
                step = parsed
            }
            let bounds: ClosedRange<Int>
            if pieces[0] == "*" || pieces[0] == "?" {
                bounds = range
            } else if let dash = pieces[0].firstIndex(of: "-") {
                let low = try value(String(pieces[0][..<dash])), high = try value(String(pieces[0][pieces[0].index(after: dash)...]))
                guard low <= high else { throw CronError("\(what) range \"\(pieces[0])\" goes backwards") }
                bounds = low...high
            } else {
                let single = try value(pieces[0])
                bounds = single...(pieces.count == 2 ? range.upperBound : single)
            }
            values.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
        }
        return values
    }

    /// The first instant after `date` (to the second) at which the schedule is due; nil if none within five years
    /// (a schedule such as February 30th).
    public func next(after date: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var candidate = calendar.date(byAdding: .second, value: 1, to: date.rounded(toWholeSecondsIn: calendar))!
        let limit = calendar.date(byAdding: .year, value: 5, to: date)!
        while candidate < limit {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: candidate)
            if !months.contains(c.month!) {
                candidate = calendar.date(from: DateComponents(year: c.year, month: c.month! + 1, day: 1))!
                continue
            }
            if !dayMatches(day: c.day!, weekday: c.weekday! - 1) {
                candidate = calendar.date(from: DateComponents(year: c.year, month: c.month, day: c.day! + 1))!
                continue
            }
            if !hours.contains(c.hour!) {
                candidate = calendar.date(from: DateComponents(year: c.year, month: c.month, day: c.day, hour: c.hour! + 1))!
                continue
            }
            if !minutes.contains(c.minute!) {
                candidate = calendar.date(from: DateComponents(year: c.year, month: c.month, day: c.day, hour: c.hour, minute: c.minute! + 1))!
                continue
            }
            if !seconds.contains(c.second!) {
                candidate = calendar.date(byAdding: .second, value: 1, to: candidate)!
                continue
            }
            return candidate
        }
        return nil
    }

    private func dayMatches(day: Int, weekday: Int) -> Bool {
        switch (daysRestricted, weekdaysRestricted) {
        case (true, true): return days.contains(day) || weekdays.contains(weekday)
        case (true, false): return days.contains(day)
        case (false, true): return weekdays.contains(weekday)
        case (false, false): return true
        }
    }
}

/// Why a cron text is not a schedule.
public struct CronError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

extension Date {
    fileprivate func rounded(toWholeSecondsIn calendar: Calendar) -> Date {
        Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down))
    }
}
