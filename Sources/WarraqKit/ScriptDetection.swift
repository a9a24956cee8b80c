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

    /// Letters counted by script, for callers that feed text piece by piece (the plain-text
    /// reader counts each paragraph's lines straight from the input's bytes).
    public struct Counts: Sendable {
        var arabic = 0, persian = 0, urdu = 0, hebrew = 0, leftToRight = 0

        public init() {}

        mutating func add(_ text: some StringProtocol, budget: inout Int) {
            // Native strings: decode their UTF-8 directly, which is several times faster than
            // iterating scalars.
            let done: Void? = text.utf8.withContiguousStorageIfAvailable { utf8 in add(utf8: utf8, budget: &budget) }
            if done != nil { return }
            for scalar in text.unicodeScalars {
                if budget <= 0 { return }
                budget -= 1
                count(scalar.value)
            }
        }

        /// Counts the letters of all of `utf8` (valid UTF-8).
        public mutating func add(utf8: UnsafeBufferPointer<UInt8>) {
            var unlimited = Int.max
            add(utf8: utf8, budget: &unlimited)
        }

        /// Adds the letters another count counted.
        public mutating func add(_ other: Counts) {
            arabic += other.arabic
            persian += other.persian
            urdu += other.urdu
            hebrew += other.hebrew
            leftToRight += other.leftToRight
        }

        /// Counts the letters of up to `budget` scalars of `utf8` (valid UTF-8), and takes
        /// the scalars read from `budget`.
        ///
        /// Eight bytes at a time where they hold only ASCII, Arabic letters of U+0600–U+066D
        /// and the other characters of that block's first part, and no more scalars than the
        /// budget has left (the usual case of Arabic and English text); scalar by scalar
        /// elsewhere.
        public mutating func add(utf8: UnsafeBufferPointer<UInt8>, budget: inout Int) {
            guard let p = utf8.baseAddress else { return }
            // The counters live in registers for the loop; ASCII and Arabic letters take no
            // call and no property lookup.
            var arabic = 0, persian = 0, urdu = 0, letters = 0
            var i = 0
            let n = utf8.count
            var left = budget
            let ones: UInt64 = 0x0101_0101_0101_0101, low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            let high: UInt64 = 0x8080_8080_8080_8080
            Self.arabicBlock.withUnsafeBufferPointer { table in
                while i < n && left > 0 {
                    if i + 8 <= n && left >= 8 {
                        // A run of words, counted lane by lane (a lane holds up to 255 words) and
                        // added up at its end. It reads no more bytes than the budget has scalars
                        // left (a byte is at most one scalar), so it cannot overrun the budget.
                        let runStart = i
                        let runLimit = runStart + min(n - runStart, left, 255 * 8)
                        var arabicLanes: UInt64 = 0, letterLanes: UInt64 = 0, continuationLanes: UInt64 = 0
                        while i + 8 <= runLimit {
                            // Lane k is byte i + k.
                            let w = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
                            // Lead bytes D8–DB (U+0600–U+06FF): the lanes where (b & FC) ^ D8 is zero.
                            let t = (w & (0xFC &* ones)) ^ (0xD8 &* ones)
                            let leads = ~(((t & low7) &+ low7) | t) & high
                            // Any other lead byte (C0 and up) ends the run.
                            let otherLeads = w & (w << 1) & high & ~leads
                            // Each lead's letter, U+0600 + ((lead & 3) << 6 | next & 3F), from the
                            // byte after it (in the next word for the last lane; valid UTF-8 has it).
                            let following = (w >> 8) | (i + 8 < n ? UInt64(p[i + 8]) << 56 : 0)
                            let offset = ((w & (0x03 &* ones)) << 6) | (following & (0x3F &* ones))
                            // So do letters from U+066E on (Persian and Urdu among them).
                            let late = ((((offset & low7) &+ (0x12 &* ones)) | offset) & high) & leads
                            if otherLeads | late != 0 { break }
                            // U+0621–U+064A are letters: lanes with offset ≥ 21 and not ≥ 4B.
                            // (Lanes masked to seven bits, so that no sum carries into the next.)
                            let from21 = ((offset & low7) &+ (0x5F &* ones)) & high
                            let from4B = ((offset & low7) &+ (0x35 &* ones)) & high
                            arabicLanes &+= (leads & from21 & ~from4B) >> 7
                            // ASCII letters: lanes below 80 whose lowercase is 61–7A.
                            let folded = (w | (0x20 &* ones)) & low7
                            let fromA = (folded &+ (0x1F &* ones)) & high
                            let pastZ = (folded &+ (0x05 &* ones)) & high
                            letterLanes &+= (fromA & ~pastZ & ~w & high) >> 7
                            // Continuation bytes (10xxxxxx) are not scalars.
                            continuationLanes &+= (w & ~(w << 1) & high) >> 7
                            i += 8
                        }
                        if i > runStart {
                            arabic &+= Self.sumOfLanes(arabicLanes)
                            letters &+= Self.sumOfLanes(letterLanes)
                            left -= (i - runStart) - Self.sumOfLanes(continuationLanes)
                            continue
                        }
                    }
                    // One scalar. A continuation byte here ends a scalar that the eight-byte
                    // step before counted.
                    let b0 = p[i]
                    if b0 & 0xC0 == 0x80 {
                        i += 1
                        continue
                    }
                    left -= 1
                    if b0 < 0x80 {
                        // ASCII letters; the rest of ASCII is not alphabetic.
                        letters &+= (b0 | 0x20) &- 0x61 < 26 ? 1 : 0
                        i += 1
                    } else if b0 &- 0xD8 < 4 {
                        // U+0600–U+06FF, most of an Arabic text: a table lookup.
                        let flags = Int(table[Int(b0 & 0x03) << 6 | Int(p[i + 1] & 0x3F)])
                        arabic &+= flags & 1
                        persian &+= flags >> 1 & 1
                        urdu &+= flags >> 2
                        i += 2
                    } else {
                        let (v, length) = UTF8Scalars.decode(utf8, at: i)
                        i += length
                        count(v)
                    }
                }
            }
            self.arabic += arabic
            self.persian += persian
            self.urdu += urdu
            leftToRight += letters
            budget = left
        }

        /// The sum of the eight bytes of `lanes` (each up to 255).
        @inline(__always)
        static func sumOfLanes(_ lanes: UInt64) -> Int {
            let pairs = (lanes & 0x00FF_00FF_00FF_00FF) &+ ((lanes >> 8) & 0x00FF_00FF_00FF_00FF)
            return Int(truncatingIfNeeded: (pairs &* 0x0001_0001_0001_0001) >> 48)
        }

        /// What ``count(_:)`` does with each scalar of U+0600–U+06FF, as bits: 1 an Arabic
        /// letter, 2 one Persian uses, 4 one Urdu uses. Made with `count` itself, so that the
        /// two cannot disagree.
        private static let arabicBlock: [UInt8] = (0..<256).map { (offset: UInt32) -> UInt8 in
            var probe = Counts()
            probe.count(0x0600 + offset)
            return UInt8(probe.arabic) | UInt8(probe.persian) << 1 | UInt8(probe.urdu) << 2
        }

        @inline(__always)
        mutating func count(_ v: UInt32) {
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

        /// The language and direction the letters counted so far say.
        public var guess: Guess {
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
