import DocumentModel

extension BlockMatcher {
    /// The value of a digit token: Western or Arabic-Indic digits, with `,` `.` `٫` `٬` as
    /// decimal or thousands separators.
    func numberValue(_ i: Int) -> Double? {
        guard i < tokens.count, tokens[i].kind == .number else { return nil }
        let scalars = Array(text.scalars[tokens[i].start..<tokens[i].end])
        var groups: [[Int]] = [[]]
        var separators: [UInt32] = []
        for s in scalars {
            if let d = digit(s) { groups[groups.count - 1].append(d) } else { separators.append(s); groups.append([]) }
        }
        func int(_ g: [Int]) -> Double { g.reduce(0.0) { $0 * 10 + Double($1) } }
        if separators.isEmpty { return int(groups[0]) }
        // ٫ is always the decimal point, ٬ always groups thousands.
        let decimalMark: UInt32?
        if separators.contains(0x066B) {
            decimalMark = 0x066B
        } else if separators.allSatisfy({ $0 == 0x066C }) {
            decimalMark = nil
        } else if Set(separators).count == 2 {
            decimalMark = separators.last
        } else if separators.count > 1 {
            decimalMark = nil  // 1,000,000 or 1.000.000
        } else {
            // One separator: thousands when exactly three digits follow and the first group
            // is short, else a decimal point.
            decimalMark = groups[1].count == 3 && groups[0].count <= 3 && groups[0].first != 0 ? nil : separators[0]
        }
        var whole: [Int] = []
        var fraction: [Int] = []
        var inFraction = false
        for (k, g) in groups.enumerated() {
            if k > 0, separators[k - 1] == decimalMark { inFraction = true }
            if inFraction { fraction += g } else {
                if k > 0 && g.count != 3 && !inFraction { return nil }
                whole += g
            }
        }
        var value = int(whole)
        var scale = 0.1
        for d in fraction {
            value += Double(d) * scale
            scale /= 10
        }
        return value
    }

    static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }

    /// Number words after `i` (and after a digit token): `خمسة ملايين`, `63 مليون`,
    /// `ثلاثة آلاف وخمسمئة`. Returns the value and the last token.
    mutating func spelledNumber(from i: Int, startValue: Double?) -> (Double, Int)? {
        var total = 0.0
        var group = startValue ?? 0
        var last = startValue == nil ? i - 1 : i
        var k = startValue == nil ? i : i + 1
        var any = startValue != nil
        while k < tokens.count, isWord(k) {
            // و joins number words (خمسة وعشرون); other proclitics do not.
            let r = readings(k).filter { $0.stripped == 0 || ($0.stripped == 1 && text.scalars[tokens[k].start] == Letter.waw && any) }
            guard let m = lexicon.numbers.longest(in: text, at: k, readings: r), (m.reading.stripped == 0 || any) else { break }
            if m.value.scale {
                total += (group == 0 ? 1 : group) * m.value.value
                group = 0
            } else {
                if m.reading.stripped == 0 && any && group != 0 && m.value.value >= group { break }
                group += m.value.value
            }
            any = true
            last = m.end
            k = m.end + 1
        }
        guard any, last >= i else { return nil }
        return (total + group, last)
    }

    /// A number in digits, with scale words, and as a percentage or an amount of money.
    mutating func numbers(at i: Int) {
        var first = i
        var dollarBefore = false
        var percentBefore = false
        if tokens[i].kind == .punctuation {
            // $10 and %40 (as Arabic text sometimes puts the sign first).
            guard settings.rules.contains(.money) || settings.rules.contains(.percentages), i + 1 < tokens.count, tokens[i + 1].kind == .number, !tokens[i + 1].spaceBefore else { return }
            if isPunct(i, "$") { dollarBefore = true } else if isPunct(i, "%") || isPunct(i, "٪") { percentBefore = true } else { return }
            first = i + 1
        }
        guard let v = numberValue(first) else { return }
        guard let (value, last0) = spelledNumber(from: first, startValue: v) else { return }
        quantity(value, from: i, numberEnd: last0, dollarBefore: dollarBefore, percentBefore: percentBefore)
    }

    /// Number words alone: `خمسة ملايين سيارة`, `ستة في المائة`.
    mutating func numberWords(at i: Int) {
        guard let (value, last) = spelledNumber(from: i, startValue: nil) else { return }
        quantity(value, from: i, numberEnd: last, dollarBefore: false, percentBefore: false)
    }

    private mutating func quantity(_ value: Double, from i: Int, numberEnd: Int, dollarBefore: Bool, percentBefore: Bool) {
        let v = Self.format(value)
        var last = numberEnd
        let percentages = settings.rules.contains(.percentages), money = settings.rules.contains(.money)
        if percentBefore && percentages {
            add(.percent, from: i, to: last, normalized: v + "%", source: "rule:percent", priority: Candidate.Priority.pattern)
            return
        }
        if dollarBefore && money {
            add(.money, from: i, to: last, normalized: v + " USD", source: "rule:money", priority: Candidate.Priority.pattern)
            return
        }
        if percentages, last + 1 < tokens.count, isPunct(last + 1, "%") || isPunct(last + 1, "٪") {
            add(.percent, from: i, to: last + 1, normalized: v + "%", source: "rule:percent", priority: Candidate.Priority.pattern)
            return
        }
        if percentages, let p = phrase(lexicon.percentWords, at: last + 1, proclitics: false) {
            add(.percent, from: i, to: p.end, normalized: v + "%", source: "rule:percent", priority: Candidate.Priority.pattern)
            return
        }
        if money {
            if last + 1 < tokens.count, isPunct(last + 1, "$") {
                add(.money, from: i, to: last + 1, normalized: v + " USD", source: "rule:money", priority: Candidate.Priority.pattern)
                return
            }
            if let c = phrase(lexicon.currencies, at: last + 1, proclitics: false) {
                last = c.end
                var code = c.value.code
                if let a = phrase(c.value.adjectives, at: last + 1, proclitics: false) {
                    code = a.value
                    last = a.end
                }
                add(.money, from: i, to: last, normalized: v + " " + code, source: "rule:money", priority: Candidate.Priority.pattern)
                return
            }
        }
        add(.number, from: i, to: numberEnd, normalized: v, source: "rule:number", priority: Candidate.Priority.pattern)
    }
}
