import WarraqKit

/// A word, a number or a punctuation mark of a normalized text, with its hash.
///
/// Gazetteers and rules compare tokens by a 64-bit FNV-1a hash of their normalized scalars,
/// so that matching never builds a string per token. Offsets are stored in 32 bits (a block
/// is far shorter than 2^31 scalars), so that a token takes 24 bytes, not 40.
struct Token: Sendable {
    enum Kind: UInt8, Sendable { case word, number, punctuation }
    var hash: UInt64
    private var start32: Int32
    private var end32: Int32
    var kind: Kind
    /// Whether the token is separated from the previous one by white space (or starts the text).
    var spaceBefore: Bool

    init(kind: Kind, start: Int, end: Int, hash: UInt64, spaceBefore: Bool) {
        self.kind = kind
        self.start32 = Int32(truncatingIfNeeded: start)
        self.end32 = Int32(truncatingIfNeeded: end)
        self.hash = hash
        self.spaceBefore = spaceBefore
    }

    /// Scalar offsets into the normalized text.
    var start: Int { Int(start32) }
    var end: Int { Int(end32) }
}

/// FNV-1a over Unicode scalar values.
enum TokenHash {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325
    @inline(__always) static func add(_ h: UInt64, _ scalar: UInt32) -> UInt64 {
        (h ^ UInt64(scalar)) &* 0x0000_0100_0000_01b3
    }
    static func of(_ scalars: ArraySlice<UInt32>) -> UInt64 {
        var h = seed
        for s in scalars { h = add(h, s) }
        return h
    }
    static func of(_ string: String) -> UInt64 {
        var h = seed
        for s in string.unicodeScalars { h = add(h, s.value) }
        return h
    }
}

/// Arabic letters the rules and proclitics look at, as scalar values.
enum Letter {
    static let alef: UInt32 = 0x0627, lam: UInt32 = 0x0644, waw: UInt32 = 0x0648, feh: UInt32 = 0x0641
    static let beh: UInt32 = 0x0628, kaf: UInt32 = 0x0643, yeh: UInt32 = 0x064A, heh: UInt32 = 0x0647
    static let tehMarbuta: UInt32 = 0x0629, teh: UInt32 = 0x062A
}

/// Splits normalized text into tokens.
enum Tokenizer {
    static func isDigit(_ s: UInt32) -> Bool { (0x30...0x39).contains(s) || (0x660...0x669).contains(s) || (0x6F0...0x6F9).contains(s) }

    static func isWordScalar(_ s: UInt32) -> Bool {
        if s < 0x80 { return (0x41...0x5A).contains(s) || (0x61...0x7A).contains(s) }
        // Arabic letters and marks, the common case.
        if (0x0621...0x065F).contains(s) || (0x0670...0x06D3).contains(s) { return true }
        guard let scalar = Unicode.Scalar(s) else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .nonspacingMark, .spacingMark:
            return true
        default:
            return s == 0x0640  // tatweel, when kept
        }
    }

    static func isSpace(_ s: UInt32) -> Bool {
        s == 0x20 || s == 0x09 || s == 0x0A || s == 0x0D || s == 0xA0 || (0x2000...0x200B).contains(s) || s == 0x202F
            || s == 0x3000 || s == 0x200E || s == 0x200F || s == 0xFEFF
    }

    /// Separators inside a number: `1,000`, `2.5`, `٢٫٥`, `١٬٠٠٠`.
    static func isNumberSeparator(_ s: UInt32) -> Bool { s == 0x2C || s == 0x2E || s == 0x066B || s == 0x066C }

    static func tokens(_ scalars: [UInt32]) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(scalars.count / 5 + 1)
        append(scalars, to: &tokens)
        return tokens
    }

    /// Space, digit and word scalars, as bits of ``classTable``.
    static let space: UInt8 = 1, digit: UInt8 = 2, wordScalar: UInt8 = 4

    /// The class of every scalar below ``tableLimit`` (Latin, Arabic), asked of the functions
    /// above once, so that the tokenizer's loop reads one byte a scalar.
    static let tableLimit: UInt32 = 0x0800
    static let classTable: [UInt8] = (0..<tableLimit).map { classOf($0) }

    static func classOf(_ s: UInt32) -> UInt8 {
        (isSpace(s) ? space : 0) | (isDigit(s) ? digit : 0) | (isWordScalar(s) ? wordScalar : 0)
    }

    /// Appends the tokens of `scalars` to `tokens`.
    static func append(_ scalars: [UInt32], to tokens: inout [Token]) {
        classTable.withUnsafeBufferPointer { table in
            scalars.withUnsafeBufferPointer { scalars in
                @inline(__always) func cls(_ s: UInt32) -> UInt8 { s < tableLimit ? table[Int(s)] : classOf(s) }
                var i = 0
                var space = true
                let n = scalars.count
                while i < n {
                    let s = scalars[i]
                    let c = cls(s)
                    if c & Self.space != 0 {
                        space = true
                        i += 1
                        continue
                    }
                    let start = i
                    var h = TokenHash.seed
                    let kind: Token.Kind
                    if c & digit != 0 {
                        kind = .number
                        while i < n {
                            let c = scalars[i]
                            if cls(c) & digit != 0 || (isNumberSeparator(c) && i + 1 < n && cls(scalars[i + 1]) & digit != 0 && i > start) {
                                h = TokenHash.add(h, c)
                                i += 1
                            } else {
                                break
                            }
                        }
                    } else if c & wordScalar != 0 {
                        kind = .word
                        while i < n, cls(scalars[i]) & wordScalar != 0 {
                            h = TokenHash.add(h, scalars[i])
                            i += 1
                        }
                    } else {
                        kind = .punctuation
                        h = TokenHash.add(h, s)
                        i += 1
                    }
                    tokens.append(Token(kind: kind, start: start, end: i, hash: h, spaceBefore: space))
                    space = false
                }
            }
        }
    }
}

/// A text prepared for matching: its normalized scalars and tokens, and the proclitic readings
/// of each word.
///
/// One value can be prepared again and again (``prepare(identity:map:)``,
/// ``prepare(normalized:)``): it keeps its arrays' storage, so that tagging a document of many
/// blocks allocates them once, not once per block.
struct PreparedText {
    var scalars: [UInt32] = []
    var tokens: [Token] = []
    /// Every token's readings (see ``appendReadings(of:proclitics:to:)``), token after token,
    /// and where each token's readings start; filled by ``prepareReadings(proclitics:)``.
    private(set) var allReadings: [Reading] = []
    private(set) var readingStarts: [Int32] = []

    init() {}

    init(scalars: [UInt32]) {
        self.scalars = scalars
        tokens = Tokenizer.tokens(scalars)
    }

    init(normalized: String) {
        prepare(normalized: normalized)
    }

    /// Prepares the scalars and tokens of a normalized text, reusing the storage.
    mutating func prepare(normalized: String) {
        scalars.removeAll(keepingCapacity: true)
        scalars.reserveCapacity(normalized.utf8.count / 2 + 1)
        for s in normalized.unicodeScalars { scalars.append(s.value) }
        retokenize()
    }

    /// Prepares the scalars and tokens of `text` when each of its scalars normalizes one for
    /// one (``ScalarMap``), reusing the storage; false, and nothing usable, otherwise.
    mutating func prepare(identity text: String, map: ScalarMap) -> Bool {
        guard map.fill(&scalars, from: text) else { return false }
        retokenize()
        return true
    }

    private mutating func retokenize() {
        var list = tokens
        tokens = []
        list.removeAll(keepingCapacity: true)
        list.reserveCapacity(scalars.count / 5 + 1)
        Tokenizer.append(scalars, to: &list)
        tokens = list
        allReadings.removeAll(keepingCapacity: true)
        readingStarts.removeAll(keepingCapacity: true)
    }

    /// Computes every token's readings once, into one array.
    mutating func prepareReadings(proclitics: Bool) {
        // Moved out of `self` while they are filled, so that each append finds its array
        // uniquely referenced.
        var readings = allReadings
        var starts = readingStarts
        allReadings = []
        readingStarts = []
        readings.removeAll(keepingCapacity: true)
        readings.reserveCapacity(tokens.count * 3)
        starts.removeAll(keepingCapacity: true)
        starts.reserveCapacity(tokens.count + 1)
        scalars.withUnsafeBufferPointer { scalars in
            for t in tokens {
                starts.append(Int32(readings.count))
                Self.appendReadings(of: t, in: scalars, proclitics: proclitics, to: &readings)
            }
        }
        starts.append(Int32(readings.count))
        allReadings = readings
        readingStarts = starts
    }

    /// The readings of token `i` after ``prepareReadings(proclitics:)``.
    @inline(__always) func preparedReadings(_ i: Int) -> ArraySlice<Reading> {
        allReadings[Int(readingStarts[i])..<Int(readingStarts[i + 1])]
    }

    /// Whether token `token`'s scalars are those of one of `words`: what
    /// `words.contains(text(of: token))` says of words of letters without marks (where equal
    /// scalars and canonically equal strings are the same thing), without building a string.
    func token(_ token: Token, isOneOf words: [[UInt32]]) -> Bool {
        let scalars = self.scalars[token.start..<token.end]
        return words.contains { $0.count == scalars.count && $0.elementsEqual(scalars) }
    }

    /// The scalar values of each word, for ``token(_:isOneOf:)``.
    static func words(_ list: [String]) -> [[UInt32]] { list.map { $0.unicodeScalars.map(\.value) } }

    func text(of token: Token) -> String {
        var s = String.UnicodeScalarView()
        for v in scalars[token.start..<token.end] { if let u = Unicode.Scalar(v) { s.append(u) } }
        return String(s)
    }

    /// The text from the start of token `from` (skipping `skip` scalars) to the end of token `to`.
    func text(from: Int, skip: Int = 0, to: Int) -> String {
        var s = String.UnicodeScalarView()
        for v in scalars[(tokens[from].start + skip)..<tokens[to].end] { if let u = Unicode.Scalar(v) { s.append(u) } }
        return String(s)
    }
}

/// One way to read a word: the whole word, or the word after its proclitics.
///
/// The offsets are a few scalars at most (proclitics and the article), stored in a byte each
/// so that a reading takes 16 bytes.
struct Reading: Sendable {
    /// The hash of the part that is matched.
    var hash: UInt64
    private var offset8: UInt8
    private var stripped8: UInt8
    /// Whether the part matched had its article `ال` taken off, so the entry must allow it.
    var articleRemoved: Bool

    init(hash: UInt64, entityOffset: Int, articleRemoved: Bool, stripped: Int) {
        self.hash = hash
        self.offset8 = UInt8(entityOffset)
        self.articleRemoved = articleRemoved
        self.stripped8 = UInt8(stripped)
    }

    /// Scalars from the start of the word to where the entity starts.
    var entityOffset: Int { Int(offset8) }
    /// Scalars taken off the front in all (the proclitics, and the article when removed).
    var stripped: Int { Int(stripped8) }
}

extension PreparedText {
    /// Appends the readings of word `index`: the word itself first, then with the
    /// proclitics و ف (conjunctions), ب ل (prepositions; ك only before the article) and the
    /// article ال taken off in turn.
    func appendReadings(of index: Int, proclitics: Bool, to result: inout [Reading]) {
        scalars.withUnsafeBufferPointer { Self.appendReadings(of: tokens[index], in: $0, proclitics: proclitics, to: &result) }
    }

    static func appendReadings(of t: Token, in scalars: UnsafeBufferPointer<UInt32>, proclitics: Bool, to result: inout [Reading]) {
        result.append(Reading(hash: t.hash, entityOffset: 0, articleRemoved: false, stripped: 0))
        guard t.kind == .word else { return }
        let w = UnsafeBufferPointer(rebasing: scalars[t.start..<t.end])
        let base = w.startIndex
        let count = w.count
        func at(_ i: Int) -> UInt32 { w[base + i] }
        func hash(from i: Int, prefix: UInt32? = nil) -> UInt64 {
            var h = TokenHash.seed
            if let prefix { h = TokenHash.add(h, prefix) }
            for k in (base + i)..<w.endIndex { h = TokenHash.add(h, w[k]) }
            return h
        }
        // The article on the word itself.
        if count >= 4, at(0) == Letter.alef, at(1) == Letter.lam {
            result.append(Reading(hash: hash(from: 2), entityOffset: 0, articleRemoved: true, stripped: 2))
        }
        guard proclitics else { return }
        // No arrays here: this runs for every word of every text.
        let conjunctions = count > 2 && (at(0) == Letter.waw || at(0) == Letter.feh) ? 1 : 0
        for c in 0...conjunctions {
            // After the conjunction, a preposition ب or ل; ك "like" goes on a name only with
            // the article (كالعراق): read it before anything else and كلاوس would be ك + لاوس.
            let preposition = (count - c > 2 && (at(c) == Letter.beh || at(c) == Letter.lam))
                || (count - c > 4 && at(c) == Letter.kaf && at(c + 1) == Letter.alef && at(c + 2) == Letter.lam)
            for p in c...(preposition ? c + 1 : c) where p > 0 || c > 0 {
                let rest = count - p
                guard rest >= 2 else { continue }
                if p > c, at(c) == Letter.lam, rest >= 3, at(p) == Letter.lam {
                    // لل: ل + ال with the alef elided. The entity starts at the article's lam.
                    result.append(Reading(hash: hash(from: p, prefix: Letter.alef), entityOffset: p, articleRemoved: false, stripped: p))
                    if rest >= 3 {
                        result.append(Reading(hash: hash(from: p + 1), entityOffset: p, articleRemoved: true, stripped: p + 1))
                    }
                    continue
                }
                result.append(Reading(hash: hash(from: p), entityOffset: p, articleRemoved: false, stripped: p))
                if rest >= 4, at(p) == Letter.alef, at(p + 1) == Letter.lam {
                    result.append(Reading(hash: hash(from: p + 2), entityOffset: p, articleRemoved: true, stripped: p + 2))
                }
            }
        }
    }

    /// Whether word `index` starts with the article (after any proclitics) — a definite word.
    func isDefinite(_ index: Int) -> Bool {
        let t = tokens[index]
        guard t.kind == .word, t.end - t.start >= 3 else { return false }
        let a = scalars[t.start], b = scalars[t.start + 1]
        if a == Letter.alef && b == Letter.lam { return true }
        // لل, ولل, وال, بال, فال, كال
        if t.end - t.start >= 4 {
            let c = scalars[t.start + 2]
            if a == Letter.lam && b == Letter.lam { return true }
            if (a == Letter.waw || a == Letter.feh || a == Letter.beh || a == Letter.kaf) && b == Letter.alef && c == Letter.lam { return true }
            if (a == Letter.waw || a == Letter.feh) && b == Letter.lam && c == Letter.lam { return true }
            if t.end - t.start >= 5, a == Letter.waw || a == Letter.feh, b == Letter.beh || b == Letter.kaf, c == Letter.alef,
                scalars[t.start + 3] == Letter.lam
            {
                return true
            }
        }
        return false
    }

    /// Whether word `index` begins with a plain article `ال` (no other proclitic).
    func hasArticle(_ index: Int) -> Bool {
        let t = tokens[index]
        return t.kind == .word && t.end - t.start >= 3 && scalars[t.start] == Letter.alef && scalars[t.start + 1] == Letter.lam
    }

    func isPunctuation(_ index: Int, _ scalar: UInt32) -> Bool {
        index < tokens.count && tokens[index].kind == .punctuation && scalars[tokens[index].start] == scalar
    }
}
