import DocumentModel

extension BlockMatcher {
    typealias Day = CalendarMath.Day

    /// Month names (both series, the Maghreb's, paired "شباط/فبراير"), with a day before and
    /// a year after when given; Hijri dates; years after عام; weekdays.
    mutating func dates(at i: Int) {
        if gregorianDate(at: i) { return }
        if hijriDate(at: i) { return }
        if yearAfterLead(at: i) { return }
        weekday(at: i)
    }

    /// `[day] month[/month…] [year] [م]`.
    private mutating func gregorianDate(at i: Int) -> Bool {
        var j = i
        var day: Int? = nil
        if let d = integer(i), digitCount(i) <= 2, (1...31).contains(d) {
            day = d
            j = i + 1
        }
        guard let m = phrase(lexicon.months, at: j, proclitics: day == nil) else { return false }
        let month = m.value
        var last = m.end
        var paired = false
        // Paired names: شباط/فبراير, نيسان/ابريل, or with a dash.
        while true {
            guard last + 2 < tokens.count, isPunct(last + 1, "/") || isPunct(last + 1, "-") || isPunct(last + 1, "("),
                let second = phrase(lexicon.months, at: last + 2, proclitics: false), second.value == month
            else { break }
            last = second.end
            if isPunct(last + 1, ")") { last += 1 }
            paired = true
        }
        var year: Int? = nil
        if let y = integer(last + 1), digitCount(last + 1) == 4, (1000...2999).contains(y) {
            year = y
            last += 1
            if last + 1 < tokens.count, lexicon.gregorianMarkers.contains(hash(last + 1)) { last += 1 }
        }
        let ambiguous = lexicon.ambiguousMonths.contains(readings(j).first!.hash) || readings(j).contains { lexicon.ambiguousMonths.contains($0.hash) }
        if ambiguous && day == nil && year == nil && !paired { return false }
        if day == nil && year == nil && !paired && m.end == j && text.isDefinite(j) { return false }
        let value = resolve(year: year, month: month, day: day)
        guard let value else { return false }
        add(.date, from: i, offset: day == nil ? m.reading.entityOffset : 0, to: last, normalized: value, source: "rule:date",
            priority: Candidate.Priority.pattern)
        return true
    }

    /// An ISO 8601 date, or a partial one: the year comes from the reference date when the
    /// text does not give it (the most recent such month on or before it).
    func resolve(year: Int?, month: Int, day: Int?) -> String? {
        if let day, day > 31 { return nil }
        if let year {
            if let day {
                let d = Day(year: year, month: month, day: day)
                return CalendarMath.isValid(d) ? d.iso : nil
            }
            return "\(CalendarMath.pad(year, 4))-\(CalendarMath.pad(month, 2))"
        }
        if let reference = settings.referenceDate {
            var y = reference.year
            if month > reference.month || (month == reference.month && (day ?? 1) > reference.day + 1) { y -= 1 }
            return resolve(year: y, month: month, day: day)
        }
        if let day { return day <= CalendarMath.daysIn(month: month, year: 2000) ? "--\(CalendarMath.pad(month, 2))-\(CalendarMath.pad(day, 2))" : nil }
        return "--\(CalendarMath.pad(month, 2))"
    }

    /// `[day] hijri-month year [هـ]` and `year هـ`.
    private mutating func hijriDate(at i: Int) -> Bool {
        var j = i
        var day: Int? = nil
        if let d = integer(i), digitCount(i) <= 2, (1...30).contains(d) {
            day = d
            j = i + 1
        }
        if let m = phrase(lexicon.hijriMonths, at: j, proclitics: day == nil), let y = integer(m.end + 1), (1...1600).contains(y) {
            var last = m.end + 1
            let marked = last + 1 < tokens.count && lexicon.hijriMarkers.contains(hash(last + 1))
            if marked { last += 1 }
            guard marked || day != nil else { return false }
            let value: String
            if let day {
                guard day <= CalendarMath.hijriMonthLength(year: y, month: m.value) else { return false }
                value = CalendarMath.gregorian(julianDay: CalendarMath.julianDay(hijriYear: y, month: m.value, day: day)).iso
            } else {
                let first = CalendarMath.julianDay(hijriYear: y, month: m.value, day: 1)
                let length = CalendarMath.hijriMonthLength(year: y, month: m.value)
                value = CalendarMath.gregorian(julianDay: first).iso + "/" + CalendarMath.gregorian(julianDay: first + length - 1).iso
            }
            add(.date, from: i, offset: day == nil ? m.reading.entityOffset : 0, to: last, normalized: value, source: "rule:hijri-date",
                priority: Candidate.Priority.pattern)
            return true
        }
        // A year with its marker: 1437 هـ, and after عام.
        var k = i
        if isWord(i), lexicon.yearLeads.contains(readings(i).last?.hash ?? 0) || readings(i).contains(where: { lexicon.yearLeads.contains($0.hash) }) { k = i + 1 }
        if let y = integer(k), (1...1600).contains(y), digitCount(k) >= 3, k + 1 < tokens.count, lexicon.hijriMarkers.contains(hash(k + 1)) {
            let first = CalendarMath.julianDay(hijriYear: y, month: 1, day: 1)
            let next = CalendarMath.julianDay(hijriYear: y + 1, month: 1, day: 1)
            let value = CalendarMath.gregorian(julianDay: first).iso + "/" + CalendarMath.gregorian(julianDay: next - 1).iso
            add(.date, from: i, to: k + 1, normalized: value, source: "rule:hijri-date", priority: Candidate.Priority.pattern)
            return true
        }
        return false
    }

    /// `عام 2016`, `العام 2015 م`.
    private mutating func yearAfterLead(at i: Int) -> Bool {
        guard isWord(i), readings(i).contains(where: { lexicon.yearLeads.contains($0.hash) }) else { return false }
        guard let y = integer(i + 1), digitCount(i + 1) == 4, (1000...2999).contains(y) else { return false }
        if i + 2 < tokens.count, lexicon.hijriMarkers.contains(hash(i + 2)) { return false }
        var last = i + 1
        if last + 1 < tokens.count, lexicon.gregorianMarkers.contains(hash(last + 1)) { last += 1 }
        add(.date, from: i, to: last, normalized: CalendarMath.pad(y, 4), source: "rule:year", priority: Candidate.Priority.pattern)
        return true
    }

    /// `السبت`, `اليوم الأحد`, `الأحد المقبل`: resolved against the reference date.
    private mutating func weekday(at i: Int) {
        var j = i
        var today = false
        if isWord(i), let r = readings(i).first(where: { lexicon.weekdayLeads.contains($0.hash) }) {
            today = r.hash == lexicon.today
            j = i + 1
        }
        guard let w = phrase(lexicon.weekdays, at: j, proclitics: j == i) else { return }
        var last = w.end
        var direction = 0
        if last + 1 < tokens.count {
            if lexicon.nextMarkers.contains(hash(last + 1)) { direction = 1; last += 1 }
            else if lexicon.lastMarkers.contains(hash(last + 1)) { direction = -1; last += 1 }
        }
        var value: String? = nil
        if let reference = settings.referenceDate {
            let refWeekday = CalendarMath.weekday(reference)
            var delta = (w.value - refWeekday + 7) % 7  // days forward to the weekday
            switch direction {
            case 1: if delta == 0 { delta = 7 }
            case -1: delta = delta == 0 ? -7 : delta - 7
            default:
                // Today when it is that day; else the most recent one.
                if !(today && delta == 0) { delta = delta == 0 ? 0 : delta - 7 }
            }
            value = CalendarMath.adding(delta, to: reference).iso
        }
        add(.date, from: i, offset: j == i ? w.reading.entityOffset : readings(i).first(where: { lexicon.weekdayLeads.contains($0.hash) })!.entityOffset,
            to: last, normalized: value, source: "rule:weekday", priority: Candidate.Priority.pattern)
    }

    /// `29/4/2016`, `29-04-2016`, `2016-04-29`, `29.4.2016`.
    mutating func numericDates(at i: Int) {
        // One token with dots: 29.4.2016
        let t = tokens[i]
        let parts = text.scalars[t.start..<t.end].split(separator: 0x2E).map { Array($0) }
        if parts.count == 3 {
            let nums = parts.map { p in p.reduce(0) { $0 * 10 + (digit($1) ?? 0) } }
            if parts[2].count == 4, let v = resolve(year: nums[2], month: nums[1], day: nums[0]), nums[1] <= 12, nums[0] >= 1 {
                add(.date, from: i, to: i, normalized: v, source: "rule:date", priority: Candidate.Priority.pattern)
            }
            return
        }
        guard i + 4 < tokens.count, let a = integer(i), let b = integer(i + 2), let c = integer(i + 4) else { return }
        let sep = isPunct(i + 1, "/") ? "/" : (isPunct(i + 1, "-") ? "-" : "")
        guard !sep.isEmpty, isPunct(i + 3, Character(sep)) else { return }
        for k in (i + 1)...(i + 4) where tokens[k].spaceBefore { return }
        var value: String? = nil
        if digitCount(i) == 4, (1...12).contains(b), (1...31).contains(c) {
            value = resolve(year: a, month: b, day: c)
        } else if digitCount(i + 4) == 4, (1...12).contains(b), (1...31).contains(a) {
            value = resolve(year: c, month: b, day: a)
        }
        guard let value, value.count == 10 else { return }
        add(.date, from: i, to: i + 4, normalized: value, source: "rule:date", priority: Candidate.Priority.pattern)
    }

    static let afternoonWords = PreparedText.words(["مساء", "مساءا", "ليلا", "عصرا"])
    static let morningWords = PreparedText.words(["صباحا", "فجرا", "ظهرا"])

    /// `10:30`, `الساعة 10:30 صباحا`.
    mutating func times(at i: Int) {
        guard i + 2 < tokens.count, let h = integer(i), (0...24).contains(h), digitCount(i) <= 2, isPunct(i + 1, ":"),
            let m = integer(i + 2), digitCount(i + 2) == 2, (0...59).contains(m), !tokens[i + 1].spaceBefore, !tokens[i + 2].spaceBefore
        else { return }
        var last = i + 2
        var hour = h
        if last + 1 < tokens.count, isWord(last + 1) {
            if text.token(tokens[last + 1], isOneOf: Self.afternoonWords) {
                if hour < 12 { hour += 12 }
                last += 1
            } else if text.token(tokens[last + 1], isOneOf: Self.morningWords) {
                last += 1
            }
        }
        add(.time, from: i, to: last, normalized: "\(CalendarMath.pad(hour % 24, 2)):\(CalendarMath.pad(m, 2))", source: "rule:time",
            priority: Candidate.Priority.pattern)
    }
}
