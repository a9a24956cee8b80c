import DocumentModel

/// Guesses a text's language and direction from the scripts its letters are written in.
///
/// Arabic letters make `ar` (or `fa`/`ur` when the letters only Persian or Urdu use are
/// frequent), Hebrew `he`; both right to left. Latin, Cyrillic, Greek and the rest give a
/// left-to-right direction and no language: a script alone does not tell English from French.
public enum ScriptDetection {
    public struct Guess: Sendable, Hashable {
        public var language: String?
        public var direction: TextDirection?
    }

    /// Looks at up to `limit` scalars of `text`.
    public static func guess(_ text: some StringProtocol, limit: Int = 20_000) -> Guess {
        var counts = Counts()
        var left = limit
        counts.add(text, budget: &left)
        return counts.guess
    }

    /// Looks at up to `limit` scalars of the pieces together (the lines of a paragraph),
    /// without joining them.
    public static func guess(pieces: [String], limit: Int = 20_000) -> Guess {
        var counts = Counts()
        var left = limit
        for piece in pieces where left > 0 { counts.add(piece, budget: &left) }
        return counts.guess
    }

    /// Letters counted by script.
    struct Counts {
        var arabic = 0, persian = 0, urdu = 0, hebrew = 0, leftToRight = 0

        mutating func add(_ text: some StringProtocol, budget: inout Int) {
            // Native strings: decode their UTF-8 directly, which is several times faster than
            // iterating scalars.
            let done: Void? = text.utf8.withContiguousStorageIfAvailable { utf8 in
                var i = 0
                let n = utf8.count
                while i < n && budget > 0 {
                    let (v, length) = UTF8Scalars.decode(utf8, at: i)
                    i += length
                    budget -= 1
                    count(v)
                }
            }
            if done != nil { return }
            for scalar in text.unicodeScalars {
                if budget <= 0 { return }
                budget -= 1
                count(scalar.value)
            }
        }

        @inline(__always)
        private mutating func count(_ v: UInt32) {
            if v < 0x80 {
                // ASCII letters; the rest of ASCII is not alphabetic.
                if (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A { leftToRight += 1 }
                return
            }
            switch v {
            // Letters used in Persian and Urdu but not in Arabic: پ چ ژ گ ی ک
            case 0x067E, 0x0686, 0x0698, 0x06AF, 0x06CC, 0x06A9: arabic += 1; persian += 1
            // Letters of Urdu: ٹ ڈ ڑ ں ے ھ
            case 0x0679, 0x0688, 0x0691, 0x06BA, 0x06D2, 0x06BE: arabic += 1; urdu += 1
            case 0x0621...0x064A, 0x066E...0x06D3, 0x06FA...0x06FF, 0x0750...0x077F, 0x08A0...0x08FF, 0xFB50...0xFDFF,
                0xFE70...0xFEFC:
                arabic += 1
            case 0x05D0...0x05EA, 0xFB1D...0xFB4F: hebrew += 1
            case 0x0590...0x08FF: break
            default:
                if Unicode.Scalar(v)?.properties.isAlphabetic == true { leftToRight += 1 }
            }
        }

        var guess: Guess {
            let total = arabic + hebrew + leftToRight
            guard total > 0 else { return Guess(language: nil, direction: nil) }
            if arabic >= hebrew && arabic * 2 > total {
                if urdu * 50 >= arabic && urdu >= 2 { return Guess(language: "ur", direction: .rightToLeft) }
                if persian * 50 >= arabic && persian >= 2 { return Guess(language: "fa", direction: .rightToLeft) }
                return Guess(language: "ar", direction: .rightToLeft)
            }
            if hebrew * 2 > total { return Guess(language: "he", direction: .rightToLeft) }
            if leftToRight * 2 > total { return Guess(language: nil, direction: .leftToRight) }
            return Guess(language: nil, direction: nil)
        }
    }
}
