/// Gregorian and tabular Islamic calendar arithmetic by Julian day numbers.
enum CalendarMath {
    struct Day: Sendable, Hashable, Comparable {
        var year: Int, month: Int, day: Int
        static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
        var iso: String { "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))" }
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func isValid(_ d: Day) -> Bool {
        (1...12).contains(d.month) && d.day >= 1 && d.day <= daysIn(month: d.month, year: d.year)
    }

    /// The Julian day number of a Gregorian date.
    static func julianDay(_ d: Day) -> Int {
        let a = (14 - d.month) / 12
        let y = d.year + 4800 - a
        let m = d.month + 12 * a - 3
        return d.day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
    }

    static func gregorian(julianDay j: Int) -> Day {
        let a = j + 32044
        let b = (4 * a + 3) / 146097
        let c = a - 146097 * b / 4
        let d = (4 * c + 3) / 1461
        let e = c - 1461 * d / 4
        let m = (5 * e + 2) / 153
        return Day(year: 100 * b + d - 4800 + m / 10, month: m + 3 - 12 * (m / 10), day: e - (153 * m + 2) / 5 + 1)
    }

    /// ISO weekday, Monday = 1 … Sunday = 7.
    static func weekday(_ d: Day) -> Int { julianDay(d) % 7 + 1 }

    static func adding(_ days: Int, to d: Day) -> Day { gregorian(julianDay: julianDay(d) + days) }

    /// The Julian day of a date in the tabular (civil) Islamic calendar; real month starts
    /// follow the moon and can differ by a day or two.
    static func julianDay(hijriYear y: Int, month m: Int, day d: Int) -> Int {
        d + Int((29.5 * Double(m - 1)).rounded(.up)) + (y - 1) * 354 + (3 + 11 * y) / 30 + 1_948_439
    }

    static func hijriMonthLength(year y: Int, month m: Int) -> Int {
        let next = m == 12 ? julianDay(hijriYear: y + 1, month: 1, day: 1) : julianDay(hijriYear: y, month: m + 1, day: 1)
        return next - julianDay(hijriYear: y, month: m, day: 1)
    }
}
