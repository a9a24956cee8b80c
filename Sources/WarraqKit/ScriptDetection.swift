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
        var arabic = 0, persian = 0, urdu = 0, hebrew = 0, leftToRight = 0
        var seen = 0
        for scalar in text.unicodeScalars {
            seen += 1
            if seen > limit { break }
            let v = scalar.value
            if v < 0x41 { continue }
            switch v {
            // Letters used in Persian and Urdu but not in Arabic: پ چ ژ گ ی ک
            case 0x067E, 0x0686, 0x0698, 0x06AF, 0x06CC, 0x06A9: arabic += 1; persian += 1
            // Letters of Urdu: ٹ ڈ ڑ ں ے ھ
            case 0x0679, 0x0688, 0x0691, 0x06BA, 0x06D2, 0x06BE: arabic += 1; urdu += 1
            case 0x0621...0x064A, 0x066E...0x06D3, 0x06FA...0x06FF, 0x0750...0x077F, 0x08A0...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFC:
                arabic += 1
            case 0x05D0...0x05EA, 0xFB1D...0xFB4F: hebrew += 1
            default:
                if scalar.properties.isAlphabetic && !(0x0590...0x08FF).contains(v) { leftToRight += 1 }
            }
        }
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
