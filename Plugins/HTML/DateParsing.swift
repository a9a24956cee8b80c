/// Reads the dates pages write (ISO 8601, RFC 2822, "April 30, 2016", "30 ابريل 2016",
/// "30 نيسان 2016", with Arabic-Indic digits too) as ISO 8601 text.
enum DateParsing {
    /// The date in `text` as ISO 8601: `YYYY-MM-DD`, or with the time and zone when the text
    /// gives them (`2016-04-30T10:00:00Z`, `2016-04-30T10:00:00+03:00`); nil when none is found.
    static func iso8601(_ raw: String) -> String? {
        let text = westernDigits(raw).trimmingSpaces()
        guard !text.isEmpty else { return nil }
        if let iso = isoDate(text) { return iso }
        return wordedDate(text)
    }

    /// Arabic-Indic and Persian digits as ASCII.
    static func westernDigits(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value >= 0x660 }) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            switch s.value {
            case 0x660...0x669: out.append(Unicode.Scalar(s.value - 0x660 + 0x30)!)
            case 0x6F0...0x6F9: out.append(Unicode.Scalar(s.value - 0x6F0 + 0x30)!)
            default: out.append(s)
            }
        }
        return String(out)
    }

    private static func pad(_ n: Int, _ width: Int = 2) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static func valid(_ y: Int, _ m: Int, _ d: Int) -> Bool {
        y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31
    }

    /// `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYYMMDD` at the start, with an optional time and zone.
    private static func isoDate(_ text: String) -> String? {
        let c = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= c.count else { return nil }
            var n = 0
            for k in from..<(from + count) {
                guard c[k] >= 0x30 && c[k] <= 0x39 else { return nil }
                n = n * 10 + Int(c[k] - 0x30)
            }
            return n
        }
        guard let y = number(0, 4) else { return nil }
        var i = 4
        var m: Int?, d: Int?
        if i < c.count && (c[i] == 0x2D || c[i] == 0x2F || c[i] == 0x2E) {
            let sep = c[i]
            // Month of one or two digits.
            let mLen = number(i + 1, 2) != nil ? 2 : 1
            m = number(i + 1, mLen)
            i += 1 + mLen
            guard i < c.count, c[i] == sep else { return nil }
            let dLen = number(i + 1, 2) != nil ? 2 : 1
            d = number(i + 1, dLen)
            i += 1 + dLen
        } else if let mm = number(4, 2), let dd = number(6, 2), c.count == 8 || (c.count > 8 && c[8] == 0x54) {
            m = mm; d = dd; i = 8
        }
        guard let m, let d, valid(y, m, d) else { return nil }
        var result = "\(y)-\(pad(m))-\(pad(d))"
        // Time: [T ]hh:mm[:ss[.fff]][Z|±hh[:]mm]
        guard i < c.count, c[i] == 0x54 || c[i] == 0x20 || c[i] == 0x74, let hh = number(i + 1, 2), i + 3 < c.count, c[i + 3] == 0x3A,
            let mi = number(i + 4, 2), hh < 24, mi < 60
        else { return result }
        i += 6
        var ss = 0
        if i < c.count && c[i] == 0x3A, let s = number(i + 1, 2) {
            ss = min(s, 59)
            i += 3
            if i < c.count && (c[i] == 0x2E || c[i] == 0x2C) {
                i += 1
                while i < c.count && c[i] >= 0x30 && c[i] <= 0x39 { i += 1 }
            }
        }
        result += "T\(pad(hh)):\(pad(mi)):\(pad(ss))"
        while i < c.count && c[i] == 0x20 { i += 1 }
        if i < c.count && (c[i] == 0x5A || c[i] == 0x7A) {
            result += "Z"
        } else if i < c.count && (c[i] == 0x2B || c[i] == 0x2D), let oh = number(i + 1, 2) {
            let sign = c[i] == 0x2B ? "+" : "-"
            var om = 0
            if i + 3 < c.count && c[i + 3] == 0x3A { om = number(i + 4, 2) ?? 0 } else { om = number(i + 3, 2) ?? 0 }
            result += (oh == 0 && om == 0) ? "Z" : "\(sign)\(pad(oh)):\(pad(om))"
        }
        return result
    }

    static let months: [String: Int] = {
        var m: [String: Int] = [:]
        let english = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
        for (k, name) in english.enumerated() {
            m[name] = k + 1
            m[String(name.prefix(3))] = k + 1
        }
        m["sept"] = 9
        let french = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        for (k, name) in french.enumerated() { m[name] = k + 1 }
        let german = ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"]
        for (k, name) in german.enumerated() { m[name] = k + 1 }
        let spanish = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"]
        for (k, name) in spanish.enumerated() { m[name] = k + 1 }
        // Arabic: the Egyptian and Gulf names, the Levantine and Iraqi ones, and common spellings.
        let arabic: [(String, Int)] = [
            ("يناير", 1), ("كانون الثاني", 1), ("فبراير", 2), ("شباط", 2), ("مارس", 3), ("آذار", 3), ("اذار", 3),
            ("أبريل", 4), ("ابريل", 4), ("إبريل", 4), ("نيسان", 4), ("مايو", 5), ("أيار", 5), ("ايار", 5),
            ("يونيو", 6), ("يونيه", 6), ("حزيران", 6), ("يوليو", 7), ("يوليه", 7), ("تموز", 7), ("أغسطس", 8), ("اغسطس", 8),
            ("آب", 8), ("اب", 8), ("سبتمبر", 9), ("أيلول", 9), ("ايلول", 9), ("أكتوبر", 10), ("اكتوبر", 10),
            ("تشرين الأول", 10), ("تشرين الاول", 10), ("نوفمبر", 11), ("تشرين الثاني", 11), ("ديسمبر", 12),
            ("كانون الأول", 12), ("كانون الاول", 12),
        ]
        for (name, k) in arabic { m[name] = k }
        return m
    }()

    /// "April 30, 2016", "30 April 2016", "Sat, 30 Apr 2016 10:00:00 GMT", "30 ابريل 2016",
    /// "30 نيسان/ابريل 2016", anywhere in the text.
    private static func wordedDate(_ text: String) -> String? {
        // Words and numbers, with two-word Arabic month names joined.
        var tokens: [String] = []
        var current = ""
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber {
                current.append(ch)
            } else {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            }
        }
        if !current.isEmpty { tokens.append(current) }
        guard tokens.count >= 2 else { return nil }
        var merged: [String] = []
        var k = 0
        while k < tokens.count {
            if k + 1 < tokens.count, months[tokens[k] + " " + tokens[k + 1]] != nil {
                merged.append(tokens[k] + " " + tokens[k + 1])
                k += 2
            } else {
                merged.append(tokens[k])
                k += 1
            }
        }
        func year(_ s: String) -> Int? {
            guard s.count == 4, let y = Int(s), y >= 1900, y <= 2100 else { return nil }
            return y
        }
        func day(_ s: String) -> Int? {
            var t = s
            for suffix in ["st", "nd", "rd", "th"] where t.hasSuffix(suffix) { t.removeLast(2) }
            guard t.count <= 2, let d = Int(t), d >= 1, d <= 31 else { return nil }
            return d
        }
        for (k, token) in merged.enumerated() {
            guard let month = months[token] else { continue }
            // Another month name may follow ("نيسان/ابريل"): skip it.
            var after = k + 1
            if after < merged.count, months[merged[after]] != nil { after += 1 }
            // day month year
            if k >= 1, let d = day(merged[k - 1]), after < merged.count, let y = year(merged[after]) {
                return "\(y)-\(pad(month))-\(pad(d))"
            }
            // month day year
            if after + 1 < merged.count, let d = day(merged[after]), let y = year(merged[after + 1]) {
                return "\(y)-\(pad(month))-\(pad(d))"
            }
        }
        return nil
    }
}
