/// The loop behind ``TextNormalization``: Unicode normalization by segments, then the
/// character rules and the white space, in one pass over the scalars.
///
/// Text is cut into segments that normalize independently: a segment starts at a scalar
/// of combining class 0 that cannot compose with what precedes it. A segment of one ASCII or
/// Arabic scalar is left as it is without asking Foundation; others are normalized whole.
struct NormalizationEngine {
    let options: TextNormalization
    let recordOffsets: Bool
    /// Whether runs of scalars that need nothing are copied whole (off only in tests, to check
    /// that copying them gives what feeding them one by one gives).
    var copiesRuns = true
    /// The number of scalars in the last input.
    private(set) var inputCount = 0
    /// Whether the last input came out different.
    private(set) var changedLast = false

    init(options: TextNormalization, recordOffsets: Bool) {
        self.options = options
        self.recordOffsets = recordOffsets
    }

    mutating func run(_ text: String, trim: Bool) -> (text: String, starts: [Int], ends: [Int]) {
        var pass = NormalizationPass(
            options: options, recordOffsets: recordOffsets, trim: trim, capacity: text.utf8.count, copiesRuns: copiesRuns)
        pass.feed(utf8: text)
        pass.finish()
        inputCount = pass.inputCount
        changedLast = pass.changed
        // Nothing removed or replaced: the text is its own result (no new string to make).
        let unchanged = !pass.changed
        var result = unchanged ? text : pass.takeText()
        if unchanged {
            pass.discard()
            return (result, pass.starts, pass.ends)
        }
        var starts = pass.starts, ends = pass.ends
        // Removing or replacing a scalar can bring a base and a combining mark together that
        // the Unicode form composes (ا, tatweel, U+0654): go again until nothing changes, so
        // that normalizing twice equals normalizing once.
        var needsAnother = options.unicode != .none && pass.changed && pass.sawComposingMark
        var rounds = 0
        while needsAnother && rounds < 4 {
            rounds += 1
            var again = NormalizationPass(
                options: options, recordOffsets: recordOffsets, trim: trim, capacity: result.utf8.count, copiesRuns: copiesRuns)
            again.feed(utf8: result)
            again.finish()
            let next = again.takeText()
            if next.unicodeScalars.elementsEqual(result.unicodeScalars) { break }
            if recordOffsets {
                var newStarts: [Int] = [], newEnds: [Int] = []
                newStarts.reserveCapacity(again.starts.count)
                newEnds.reserveCapacity(again.starts.count)
                for i in again.starts.indices {
                    var low = Int.max, high = Int.min
                    for j in again.starts[i]..<again.ends[i] {
                        low = min(low, starts[j])
                        high = max(high, ends[j])
                    }
                    newStarts.append(low)
                    newEnds.append(high)
                }
                starts = newStarts
                ends = newEnds
            }
            result = next
            needsAnother = again.changed && again.sawComposingMark
        }
        return (result, starts, ends)
    }
}

/// One pass of the engine over a text.
struct NormalizationPass {
    let options: TextNormalization
    let recordOffsets: Bool
    let trim: Bool

    /// The output's UTF-8, in a buffer of our own (appending to an array checks uniqueness
    /// and capacity on every byte); ``takeText()`` turns it into a string and frees it.
    private var out: UnsafeMutablePointer<UInt8>
    private var outCount = 0
    private var outCapacity: Int
    var starts: [Int] = []
    var ends: [Int] = []
    /// Whether anything was removed or replaced.
    var changed = false
    /// Whether the output holds a combining mark that a Unicode form could compose.
    var sawComposingMark = false
    private(set) var inputCount = 0

    private static let nothingHeld: UInt32 = 0xFFFF_FFFF
    private var held: UInt32 = nothingHeld
    private var heldStart = 0
    private var segment: [Unicode.Scalar] = []
    private var segmentStart = 0
    private var spaceStart = -1
    private var spaceEnd = -1
    private var spaceIsOnePlainSpace = true
    private var emittedAny = false
    private var last: UInt32 = 0
    /// A ZWNJ or ZWJ waiting for the next scalar (0 when none), where it came from, and the
    /// base scalar written before it.
    private var heldJoiner: UInt32 = 0
    private var heldJoinerStart = 0
    private var heldJoinerEnd = 0
    private var joinerBefore: UInt32 = 0

    /// Bit k set when some option may change or remove U+0620 + k (or ASCII k): scalars
    /// whose bit is clear go straight to the output.
    private let arabicMask: UInt64
    private let asciiMaskLow: UInt64
    private let asciiMaskHigh: UInt64
    /// The scalars of the Arabic block that come out as they went in wherever they stand
    /// between two such scalars (see ``feedRun(_:from:)``).
    private let arabicPass: ArabicBlockSet
    /// Whether runs of unchanged scalars are copied whole (off only to test that copying them
    /// changes nothing).
    private let copiesRuns: Bool

    init(options o: TextNormalization, recordOffsets: Bool, trim: Bool, capacity: Int, copiesRuns: Bool = true) {
        outCapacity = max(16, capacity + capacity / 8)
        out = .allocate(capacity: outCapacity)
        self.options = o
        self.recordOffsets = recordOffsets
        self.trim = trim
        // Plain bit operations: this runs once per text node, so no arrays.
        var arabic: UInt64 = 0
        @inline(__always) func bit(_ v: UInt32) -> UInt64 { 1 << UInt64(v - 0x0620) }
        if o.unifyAlef { arabic |= bit(0x0622) | bit(0x0623) | bit(0x0625) | bit(0x0653) | bit(0x0654) | bit(0x0655) }
        if o.alefMaksuraToYeh { arabic |= bit(0x0649) }
        if o.tehMarbutaToHeh { arabic |= bit(0x0629) }
        if o.unifyHamza { arabic |= bit(0x0624) | bit(0x0626) }
        if o.removeTatweel { arabic |= bit(0x0640) }
        if o.diacritics != .keep { arabic |= (bit(0x0653) - 1) & ~(bit(0x064B) - 1) }  // U+064B–U+0652
        arabicMask = arabic
        var low: UInt64 = 0, high: UInt64 = 0
        if o.controls != .keep {
            low |= 0xFFFF_FFFF & ~(1 << 0x09 | 1 << 0x0A | 1 << 0x0D)  // C0 but tab, LF, CR
            high |= 1 << (0x7F - 64)
        }
        if o.collapseWhitespace { low |= 1 << 0x09 | 1 << 0x0A | 1 << 0x0B | 1 << 0x0C | 1 << 0x0D | 1 << 0x20 }
        if o.digits == .arabicIndic { low |= 0x3FF << 0x30 }
        if o.punctuation == .arabic { low |= 1 << 0x2C | 1 << 0x3B | 1 << 0x3F }
        if o.quotes == .guillemets { low |= 1 << 0x22 }
        asciiMaskLow = low
        asciiMaskHigh = high
        arabicPass = ArabicBlockSet.passingAlone(o, arabicMask: arabic)
        self.copiesRuns = copiesRuns
    }

    /// Feeds every scalar of `text`, decoding its UTF-8 directly (a Swift string is always
    /// valid UTF-8).
    mutating func feed(utf8 text: String) {
        var text = text
        text.withUTF8 { bytes in
            let n = bytes.count
            var i = 0
            while i < n {
                if copiesRuns, let next = feedRun(bytes, from: i) {
                    i = next
                    continue
                }
                let (v, length) = UTF8Scalars.decode(bytes, at: i)
                i += length
                feed(v)
            }
        }
    }

    /// Copies a run of scalars that come out as they went in, starting at byte `i`: ASCII and
    /// Arabic-block scalars that no option changes and that compose with nothing, with single
    /// spaces between them when white space is collapsed. Returns where to go on, or nil when
    /// the run is too short to be worth it (fewer than two scalars).
    ///
    /// Feeding the run's scalars one by one would write the same bytes with the same offsets:
    /// the first goes through ``place(_:_:_:)`` (which writes a pending space or joiner before
    /// it), the others are copied. The run's last scalar is copied only when what follows it
    /// cannot combine with it (ASCII, an Arabic letter, the end); otherwise it is left to
    /// ``feed(_:)``. When the run ends at an ASCII or Arabic-block scalar that an option
    /// changes (tatweel, a Persian letter, a control) and nothing combines with that one
    /// either, its rule is applied here too, so that the next run starts straight after it.
    @inline(__always)
    private mutating func feedRun(_ bytes: UnsafeBufferPointer<UInt8>, from i: Int) -> Int? {
        let n = bytes.count
        let collapse = options.collapseWhitespace
        var j = i
        var scalars = 0
        // The start and length of the run's last scalar (not a collapsed space), the number
        // of scalars before it, the last scalar and the last one before it that is not U+0020.
        let none: UInt32 = 0xFFFF_FFFF
        var lastStart = i
        var lastLength = 0
        var scalarsBeforeLast = 0
        var lastNonSpace = none
        var nonSpaceBeforeLast = none
        var afterNonSpace = false
        while j < n {
            let b = bytes[j]
            var v: UInt32
            var length = 1
            if b < 0x80 {
                v = UInt32(b)
                if v == 0x20 && collapse {
                    // One space between two scalars of the run.
                    guard afterNonSpace else { break }
                    afterNonSpace = false
                    j += 1
                    scalars += 1
                    continue
                }
                let bit = v < 64 ? (asciiMaskLow >> UInt64(v)) & 1 : (asciiMaskHigh >> UInt64(v - 64)) & 1
                guard bit == 0 else { break }
            } else if b >= 0xD8 && b <= 0xDB {
                v = (UInt32(b) & 0x1F) << 6 | UInt32(bytes[j + 1] & 0x3F)
                guard arabicPass.contains(v) else { break }
                length = 2
            } else {
                break
            }
            nonSpaceBeforeLast = lastNonSpace
            if v != 0x20 { lastNonSpace = v }
            lastStart = j
            lastLength = length
            scalarsBeforeLast = scalars
            afterNonSpace = true
            j += length
            scalars += 1
        }
        guard lastLength > 0 else { return nil }
        let lastEnd = lastStart + lastLength
        // Whether the last scalar can be copied too: nothing after it combines with it.
        let lastIsFree = Self.startsFreely(bytes, at: lastEnd)
        let copied = lastIsFree ? scalarsBeforeLast + 1 : scalarsBeforeLast
        guard copied >= 2 else { return nil }
        let copyEnd = lastIsFree ? lastEnd : lastStart
        // The first scalar, after what is pending.
        if options.unicode != .none { flushSegment() }
        let (first, firstLength) = UTF8Scalars.decode(bytes, at: i)
        place(first, inputCount, inputCount + 1)
        inputCount += 1
        // The rest, copied.
        let from = i + firstLength
        let count = copyEnd - from
        if count > 0 {
            while outCount + count > outCapacity { grow() }
            (out + outCount).update(from: bytes.baseAddress! + from, count: count)
            outCount += count
            let rest = copied - 1
            if recordOffsets {
                starts.append(contentsOf: inputCount..<(inputCount + rest))
                ends.append(contentsOf: (inputCount + 1)..<(inputCount + rest + 1))
            }
            inputCount += rest
            let lastWritten = lastIsFree ? lastNonSpace : nonSpaceBeforeLast
            if lastWritten != none { last = lastWritten }
            emittedAny = true
        }
        guard lastIsFree else { return copyEnd }
        // What ended the run (a tatweel, a Persian letter, a no-break space, a second space,
        // ﻻ…), when nothing combines with it: its rule, here, up to the next run.
        var k = copyEnd
        while k < n {
            let (v, length) = UTF8Scalars.decode(bytes, at: k)
            if startsRun(v) || !Self.startsFreely(bytes, at: k + length) { break }
            if options.unicode == .none || v < 0x80
                || (v >= 0x0600 && v < 0x0700 && UnicodeSegments.isStableAlone(v, options.unicode))
            {
                rule(v, inputCount, inputCount + 1)
            } else if let table = SingleScalarForms.table(for: v, options.unicode) {
                ruleAlone(v, from: inputCount, table)
            } else {
                break
            }
            inputCount += 1
            k += length
        }
        return k
    }

    /// Whether a run of unchanged scalars may start with `v`.
    @inline(__always)
    private func startsRun(_ v: UInt32) -> Bool {
        if v < 0x80 {
            if v == 0x20 && options.collapseWhitespace { return false }
            let bit = v < 64 ? (asciiMaskLow >> UInt64(v)) & 1 : (asciiMaskHigh >> UInt64(v - 64)) & 1
            return bit == 0
        }
        return arabicPass.contains(v)
    }

    /// Whether the scalar at byte `k` cannot combine with the one before it (ASCII, an Arabic
    /// letter), or `k` is the end.
    @inline(__always)
    private static func startsFreely(_ bytes: UnsafeBufferPointer<UInt8>, at k: Int) -> Bool {
        guard k < bytes.count else { return true }
        let b = bytes[k]
        if b < 0x80 { return true }
        guard b >= 0xD8 && b <= 0xDB else { return false }
        let v = (UInt32(b) & 0x1F) << 6 | UInt32(bytes[k + 1] & 0x3F)
        return !ArabicCharacters.isMark(v)
    }

    @inline(__always)
    mutating func feed(_ v: UInt32) {
        let i = inputCount
        inputCount += 1
        if options.unicode == .none {
            rule(v, i, i + 1)
            return
        }
        // The common case: ASCII or an Arabic letter starts a segment of its own. It is held
        // (not put in the segment array) until the next scalar shows whether marks follow.
        if v < 0x80 || (v >= 0x0600 && v < 0x0700 && !ArabicCharacters.isMark(v)) {
            flushSegment()
            held = v
            heldStart = i
            return
        }
        let c = Unicode.Scalar(v)!
        if UnicodeSegments.isBoundary(c) {
            flushSegment()
            segmentStart = i
        } else if held != Self.nothingHeld {
            segment.append(Unicode.Scalar(held)!)
            segmentStart = heldStart
            held = Self.nothingHeld
        } else if segment.isEmpty {
            segmentStart = i
        }
        segment.append(c)
    }

    mutating func finish() {
        flushSegment()
        if heldJoiner != 0 { resolveJoiner(before: 0) }
        if spaceStart >= 0 && !trim { emit(0x20, spaceStart, spaceEnd) }
        if spaceStart >= 0 && (trim || !spaceIsOnePlainSpace) { changed = true }
        spaceStart = -1
    }

    private mutating func flushSegment() {
        if held != Self.nothingHeld {
            let v = held
            held = Self.nothingHeld
            if UnicodeSegments.isStableAlone(v, options.unicode) {
                rule(v, heldStart, heldStart + 1)
                return
            }
            segment.append(Unicode.Scalar(v)!)
            segmentStart = heldStart
        }
        guard !segment.isEmpty else { return }
        defer { segment.removeAll(keepingCapacity: true) }
        if segment.count == 1 && UnicodeSegments.isStableAlone(segment[0].value, options.unicode) {
            rule(segment[0].value, segmentStart, segmentStart + 1)
            return
        }
        // One scalar of a block with a table (a no-break space, a dash, ﻻ): no string to make.
        if segment.count == 1, let table = SingleScalarForms.table(for: segment[0].value, options.unicode) {
            ruleAlone(segment[0].value, from: segmentStart, table)
            return
        }
        // An Arabic letter with its harakat, in order: every form leaves it as it is.
        if UnicodeSegments.isStableWithMarks(segment, options.unicode) {
            for (k, s) in segment.enumerated() { rule(s.value, segmentStart + k, segmentStart + k + 1) }
            return
        }
        let original = String(String.UnicodeScalarView(segment))
        let normalized = UnicodeForms.normalize(original, options.unicode)
        if normalized.unicodeScalars.elementsEqual(segment) {
            for (k, s) in segment.enumerated() { rule(s.value, segmentStart + k, segmentStart + k + 1) }
        } else {
            changed = true
            let end = segmentStart + segment.count
            for s in normalized.unicodeScalars { rule(s.value, segmentStart, end) }
        }
    }

    /// The rules for `v` standing alone at `start`, after its form from `table` (every scalar
    /// the form makes of it maps back to `v`).
    private mutating func ruleAlone(_ v: UInt32, from start: Int, _ table: SingleScalarForms) {
        let k = Int(v - table.base)
        let from = Int(table.starts[k])
        if from < 0 {
            rule(v, start, start + 1)
            return
        }
        changed = true
        for m in from..<(from + Int(table.lengths[k])) { rule(table.pool[m], start, start + 1) }
    }

    /// The character rules, then white space, for one scalar that came from `start..<end`.
    private mutating func rule(_ scalar: UInt32, _ start: Int, _ end: Int) {
        // Most scalars: nothing applies to them.
        if scalar < 0x80 {
            let bit = scalar < 64 ? (asciiMaskLow >> UInt64(scalar)) & 1 : (asciiMaskHigh >> UInt64(scalar - 64)) & 1
            if bit == 0 {
                place(scalar, start, end)
                return
            }
        } else if scalar >= 0x0620 && scalar < 0x0660 && (arabicMask >> UInt64(scalar - 0x0620)) & 1 == 0 {
            place(scalar, start, end)
            return
        }
        var v = scalar
        let o = options
        if v >= 0x80 {
            if o.controls != .keep && !(v >= 0x0620 && v < 0x0700) {
                if o.controls == .remove && (v == 0x200C || v == 0x200D) {
                    holdJoiner(v, start, end)
                    return
                }
                if ArabicCharacters.isInvisibleControl(v, zeroWidthJoiners: o.controls == .removeAll) {
                    changed = true
                    return
                }
            }
            if v >= 0x0600 && v < 0x0700 {
                if (o.removeTatweel && v == 0x0640)
                    || (o.diacritics == .remove && ArabicCharacters.isDiacritic(v))
                    || (o.diacritics == .keepShadda && v != 0x0651 && ArabicCharacters.isDiacritic(v))
                    || (o.unifyAlef && v >= 0x0653 && v <= 0x0655 && last == 0x0627)
                {
                    changed = true
                    return
                }
                let before = v
                if o.persianToArabic {
                    switch v {
                    case 0x06CC: v = 0x064A
                    case 0x06A9: v = 0x0643
                    case 0x06D5: v = 0x0647
                    case 0x06C0: v = 0x0629
                    default: break
                    }
                }
                switch v {
                case 0x0622, 0x0623, 0x0625, 0x0671: if o.unifyAlef { v = 0x0627 }
                case 0x0649: if o.alefMaksuraToYeh { v = 0x064A }
                case 0x0629: if o.tehMarbutaToHeh { v = 0x0647 }
                case 0x0624, 0x0626: if o.unifyHamza { v = 0x0621 }
                case 0x0660...0x0669: if o.digits == .ascii { v -= 0x0630 }
                case 0x06F0...0x06F9:
                    if o.digits == .ascii { v -= 0x06C0 } else if o.digits == .arabicIndic { v -= 0x0090 }
                case 0x060C: if o.punctuation == .ascii { v = 0x2C }
                case 0x061B: if o.punctuation == .ascii { v = 0x3B }
                case 0x061F: if o.punctuation == .ascii { v = 0x3F }
                default: break
                }
                if v != before { changed = true }
            } else if o.quotes != .keep {
                let before = v
                switch (v, o.quotes) {
                case (0x201C, .straight), (0x201D, .straight), (0x201E, .straight), (0x201F, .straight),
                    (0x00AB, .straight), (0x00BB, .straight):
                    v = 0x22
                case (0x2018, .straight), (0x2019, .straight), (0x201A, .straight), (0x201B, .straight),
                    (0x2039, .straight), (0x203A, .straight):
                    v = 0x27
                case (0x201E, .guillemets): v = 0x00AB
                case (0x201C, .guillemets), (0x201F, .guillemets): v = opensQuote() ? 0x00AB : 0x00BB
                case (0x201D, .guillemets): v = 0x00BB
                default: break
                }
                if v != before { changed = true }
            }
        } else {
            if o.controls != .keep && (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D || v == 0x7F) {
                changed = true
                return
            }
            let before = v
            switch v {
            case 0x30...0x39: if o.digits == .arabicIndic { v += 0x0630 }
            case 0x2C: if o.punctuation == .arabic { v = 0x060C }
            case 0x3B: if o.punctuation == .arabic { v = 0x061B }
            case 0x3F: if o.punctuation == .arabic { v = 0x061F }
            case 0x22: if o.quotes == .guillemets { v = opensQuote() ? 0x00AB : 0x00BB }
            default: break
            }
            if v != before { changed = true }
        }
        if o.collapseWhitespace && ArabicCharacters.isWhiteSpace(v) {
            spaceRun(v, start, end)
            return
        }
        place(v, start, end)
    }

    /// A ZWNJ or ZWJ under `controls: remove`: it stays only where it changes how its
    /// neighbours are drawn, which the scalar after it decides (see ``JoiningContext``). A
    /// second joiner straight after a held one adds nothing and goes.
    private mutating func holdJoiner(_ v: UInt32, _ start: Int, _ end: Int) {
        guard heldJoiner == 0 else {
            changed = true
            return
        }
        let before = spaceStart >= 0 ? 0 : lastBaseEmitted()
        heldJoiner = v
        heldJoinerStart = start
        heldJoinerEnd = end
        joinerBefore = before
    }

    /// Writes or drops the held joiner now that `next` follows it (0: white space or the end).
    private mutating func resolveJoiner(before next: UInt32) {
        let joiner = heldJoiner
        heldJoiner = 0
        if JoiningContext.changesShaping(joiner, after: joinerBefore, before: next) {
            emit(joiner, heldJoinerStart, heldJoinerEnd)
        } else {
            changed = true
        }
    }

    /// Whether a straight double quote here opens a quotation: at the start of the text,
    /// after white space, or after an opening bracket, quotation mark or dash.
    private func opensQuote() -> Bool {
        if spaceStart >= 0 || outCount == 0 { return true }
        switch lastEmitted() {
        case 0x28, 0x5B, 0x7B, 0x2F, 0x2D, 0x00AB, 0x201C, 0x2018, 0x2013, 0x2014: return true
        case let v: return ArabicCharacters.isWhiteSpace(v)
        }
    }

    /// The last scalar written (the output is not empty).
    private func lastEmitted() -> UInt32 {
        var j = outCount - 1
        while j > 0 && out[j] & 0xC0 == 0x80 { j -= 1 }
        return Self.decode(out, at: j)
    }

    /// The scalar whose UTF-8 starts at `j` of `bytes`.
    @inline(__always)
    private static func decode(_ bytes: UnsafeMutablePointer<UInt8>, at j: Int) -> UInt32 {
        let b0 = UInt32(bytes[j])
        if b0 >= 0xF0 {
            return (b0 & 0x07) << 18 | UInt32(bytes[j + 1] & 0x3F) << 12 | UInt32(bytes[j + 2] & 0x3F) << 6
                | UInt32(bytes[j + 3] & 0x3F)
        } else if b0 >= 0xE0 {
            return (b0 & 0x0F) << 12 | UInt32(bytes[j + 1] & 0x3F) << 6 | UInt32(bytes[j + 2] & 0x3F)
        } else if b0 >= 0xC0 {
            return (b0 & 0x1F) << 6 | UInt32(bytes[j + 1] & 0x3F)
        }
        return b0
    }

    /// The last scalar written that is not a combining mark (marks are transparent to
    /// joining), looking back over at most eight scalars; 0 at the start of the text.
    private func lastBaseEmitted() -> UInt32 {
        var i = outCount
        var looked = 0
        while i > 0 && looked < 8 {
            var j = i - 1
            while j > 0 && out[j] & 0xC0 == 0x80 { j -= 1 }
            let v = Self.decode(out, at: j)
            if !JoiningContext.isTransparent(v) { return v }
            i = j
            looked += 1
        }
        return 0
    }

    /// Starts or extends a run of white space to collapse.
    @inline(__always)
    private mutating func spaceRun(_ v: UInt32, _ start: Int, _ end: Int) {
        if heldJoiner != 0 { resolveJoiner(before: 0) }
        if spaceStart < 0 {
            spaceStart = start
            spaceIsOnePlainSpace = v == 0x20
        } else {
            spaceIsOnePlainSpace = false
        }
        spaceEnd = end
    }

    /// Writes a scalar that is not white space to collapse, after the pending space if any.
    @inline(__always)
    private mutating func place(_ v: UInt32, _ start: Int, _ end: Int) {
        if spaceStart >= 0 {
            if emittedAny || !trim {
                emit(0x20, spaceStart, spaceEnd)
                if !spaceIsOnePlainSpace { changed = true }
            } else {
                changed = true
            }
            spaceStart = -1
        }
        // A joiner held now came after any pending space (a space run resolves the one
        // before it).
        if heldJoiner != 0 { resolveJoiner(before: v) }
        emit(v, start, end)
    }

    /// The output as a string; the buffer is freed, so the pass must not be used after.
    mutating func takeText() -> String {
        let text = String(decoding: UnsafeBufferPointer(start: out, count: outCount), as: UTF8.self)
        out.deallocate()
        outCount = 0
        outCapacity = 0
        return text
    }

    /// Whether a scalar of the Arabic block is copied in runs.
    func passesAlone(_ v: UInt32) -> Bool { arabicPass.contains(v) }

    /// Frees the output without making a string of it.
    mutating func discard() {
        out.deallocate()
        outCount = 0
        outCapacity = 0
    }

    private mutating func grow() {
        let capacity = outCapacity * 2 + 16
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        bigger.update(from: out, count: outCount)
        out.deallocate()
        out = bigger
        outCapacity = capacity
    }

    @inline(__always)
    private mutating func emit(_ v: UInt32, _ start: Int, _ end: Int) {
        if outCount + 4 > outCapacity { grow() }
        if v < 0x80 {
            out[outCount] = UInt8(v)
            outCount += 1
        } else {
            if v < 0x800 {
                out[outCount] = UInt8(0xC0 | (v >> 6))
                outCount += 1
            } else if v < 0x10000 {
                out[outCount] = UInt8(0xE0 | (v >> 12))
                out[outCount + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
                outCount += 2
            } else {
                out[outCount] = UInt8(0xF0 | (v >> 18))
                out[outCount + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
                out[outCount + 2] = UInt8(0x80 | ((v >> 6) & 0x3F))
                outCount += 3
            }
            out[outCount] = UInt8(0x80 | (v & 0x3F))
            outCount += 1
            if !sawComposingMark && options.unicode != .none && UnicodeSegments.mayCompose(v) { sawComposingMark = true }
        }
        if recordOffsets {
            starts.append(start)
            ends.append(end)
        }
        emittedAny = true
        if v != 0x20 { last = v }
    }
}

/// Where text can be cut for normalization, and which scalars need no normalizing.
enum UnicodeSegments {
    /// Whether a segment may start at `c`: combining class 0 and not a scalar that composes
    /// with the one before it (Hangul vowels and trailing consonants, some Indic vowel signs,
    /// halfwidth voiced sound marks).
    static func isBoundary(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 0x0300 { return true }
        if v >= 0x0600 && v < 0x0700 { return !ArabicCharacters.isMark(v) }
        // General punctuation and the Arabic presentation forms: combining class 0, and
        // nothing composes with them.
        if (v >= 0x2000 && v < 0x2070) || (v >= 0xFB50 && v < 0xFE00) || (v >= 0xFE70 && v < 0xFF00) { return true }
        if c.properties.canonicalCombiningClass.rawValue != 0 { return false }
        switch v {
        case 0x0B3E, 0x0B57, 0x0BBE, 0x0BD7, 0x0CC2, 0x0CD5, 0x0CD6, 0x0D3E, 0x0D57, 0x0DCF, 0x0DDF,
            0x102E, 0x1161...0x1175, 0x11A8...0x11C2, 0x1B35, 0xFF9E, 0xFF9F,
            0x110BA, 0x11127, 0x1133E, 0x11357, 0x114B0, 0x114BA, 0x114BD, 0x115AF, 0x11930:
            return false
        default:
            return true
        }
    }

    /// Whether `segment` is a starter that is in `form` on its own followed by Arabic harakat
    /// (fathatan to sukun, and the superscript alef) in canonical order: no form changes it,
    /// as those marks compose with nothing and decompose to nothing (a test checks it against
    /// Foundation). The vowelled words of Arabic text are such segments, and Foundation's
    /// normalization of each was most of the time `normalize` spent on them.
    static func isStableWithMarks(_ segment: [Unicode.Scalar], _ form: TextNormalization.UnicodeForm) -> Bool {
        // The first must be a starter: not a mark itself (combining class 0).
        guard segment.count > 1, isStableAlone(segment[0].value, form), isBoundary(segment[0]) else { return false }
        var previous: UInt32 = 0
        for s in segment.dropFirst() {
            let v = s.value
            // Their combining classes: 27 to 34 in order, and 35 for U+0670.
            let order: UInt32
            if v >= 0x064B && v <= 0x0652 { order = v - 0x064B + 27 } else if v == 0x0670 { order = 35 } else { return false }
            guard order >= previous else { return false }
            previous = order
        }
        return true
    }

    /// Whether the scalar on its own is already in `form`.
    @inline(__always)
    static func isStableAlone(_ v: UInt32, _ form: TextNormalization.UnicodeForm) -> Bool {
        if v < 0x80 || v == 0x200C || v == 0x200D { return true }
        guard v >= 0x0600 && v < 0x0700 else { return false }
        switch form {
        case .none, .nfc: return true
        case .nfkc: return !(v >= 0x0675 && v <= 0x0678)
        case .nfd: return !((v >= 0x0622 && v <= 0x0626) || v == 0x06C0 || v == 0x06C2 || v == 0x06D3)
        }
    }

    /// Whether `v` is a combining mark that a canonical composition might take.
    @inline(__always)
    static func mayCompose(_ v: UInt32) -> Bool {
        if v < 0x0300 { return false }
        if v >= 0x0600 && v < 0x0700 { return v >= 0x0653 && v <= 0x0655 }
        return Unicode.Scalar(v).map { $0.properties.canonicalCombiningClass.rawValue != 0 } ?? false
    }
}

/// Classes of Arabic and invisible characters.
enum ArabicCharacters {
    /// Combining marks of the Arabic block (combining class above 0).
    @inline(__always)
    static func isMark(_ v: UInt32) -> Bool {
        switch v {
        case 0x0610...0x061A, 0x064B...0x065F, 0x0670, 0x06D6...0x06DC, 0x06DF...0x06E4, 0x06E7, 0x06E8,
            0x06EA...0x06ED:
            return true
        default:
            return false
        }
    }

    /// Diacritics: the harakat, tanwin, shadda and sukun (U+064B–U+0652), dagger alef
    /// (U+0670) and the Quranic annotation marks among U+06D6–U+06ED. The end-of-ayah sign,
    /// rub el hizb, small waw and yeh and the place of sajdah (U+06DD, U+06DE, U+06E5, U+06E6,
    /// U+06E9) are not marks and stay.
    @inline(__always)
    static func isDiacritic(_ v: UInt32) -> Bool {
        switch v {
        case 0x064B...0x0652, 0x0670, 0x06D6...0x06DC, 0x06DF...0x06E4, 0x06E7, 0x06E8, 0x06EA...0x06ED:
            return true
        default:
            return false
        }
    }

    /// Bidi controls, zero-width space, soft hyphen, BOM, word joiner and invisible operators,
    /// Mongolian vowel separator, C1 controls; ZWNJ and ZWJ when `zeroWidthJoiners`.
    @inline(__always)
    static func isInvisibleControl(_ v: UInt32, zeroWidthJoiners: Bool) -> Bool {
        switch v {
        case 0x0080...0x009F, 0x00AD, 0x061C, 0x180E, 0x200B, 0x200E, 0x200F, 0x202A...0x202E,
            0x2060...0x2064, 0x2066...0x2069, 0xFEFF:
            return true
        case 0x200C, 0x200D:
            return zeroWidthJoiners
        default:
            return false
        }
    }

    /// White space: ASCII space, tab, line ends and every Unicode space (U+00A0, U+2000–U+200A,
    /// U+202F, U+205F, U+3000, …).
    @inline(__always)
    static func isWhiteSpace(_ v: UInt32) -> Bool { UTF8Scalars.isWhiteSpace(v) }
}

/// Whether a zero-width non-joiner (U+200C) or joiner (U+200D) changes how the text beside
/// it is drawn, from the Unicode joining types of its neighbours.
///
/// - ZWNJ matters between a letter that joins the one after it (joining type dual or
///   join-causing: ب, ی, tatweel) and a letter that joins the one before it (dual or right:
///   ب, ا): "می‌خواهم" keeps it, "ا‌ب" or "a‌b" does not.
/// - ZWJ matters next to such a letter on either side, even before a space or at the end (it
///   forces a joined form: "ه‍ " for an abbreviation), and between two emoji of a sequence
///   (👩‍💻).
/// - Both matter between two letters or marks of the Brahmic scripts (Devanagari to Sinhala,
///   Myanmar, Khmer), where they choose conjunct and half forms.
///
/// Arabic, Syriac, N'Ko and Mongolian letters are classified; presentation forms are already
/// shaped and need no joiner.
enum JoiningContext {
    static func changesShaping(_ joiner: UInt32, after previous: UInt32, before next: UInt32) -> Bool {
        if isBrahmic(previous) && isBrahmic(next) { return true }
        let forward = joinsForward(previous), backward = joinsBackward(next)
        if joiner == 0x200C { return forward && backward }
        if forward || backward { return true }
        return isEmoji(previous) && isEmoji(next)
    }

    /// Combining marks, which joining looks through.
    static func isTransparent(_ v: UInt32) -> Bool {
        if v < 0x0300 { return false }
        if v >= 0x0600 && v < 0x0700 { return ArabicCharacters.isMark(v) }
        guard let scalar = Unicode.Scalar(v) else { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark: return true
        default: return false
        }
    }

    /// Joining type right or dual (or join-causing): the letter connects to the one before.
    static func joinsBackward(_ v: UInt32) -> Bool {
        joiningType(v) != .none
    }

    /// Joining type dual or join-causing: the letter connects to the one after.
    static func joinsForward(_ v: UInt32) -> Bool {
        joiningType(v) == .dual
    }

    enum JoiningType { case none, right, dual }

    /// Unicode's joining type (ArabicShaping.txt) for the joining scripts; join-causing
    /// tatweel counts as dual.
    static func joiningType(_ v: UInt32) -> JoiningType {
        switch v {
        case 0x0621, 0x0674: return .none
        case 0x0622...0x0625, 0x0627, 0x0629, 0x062F...0x0632, 0x0648, 0x0671...0x0673, 0x0675...0x0677,
            0x0688...0x0699, 0x06C0, 0x06C3...0x06CB, 0x06CD, 0x06CF, 0x06D2, 0x06D3, 0x06D5, 0x06EE, 0x06EF,
            0x0759...0x075B, 0x076B, 0x076C, 0x0771, 0x0773, 0x0774, 0x0778, 0x0779,
            0x0710, 0x0715...0x0719, 0x071E, 0x0728, 0x072A, 0x072C, 0x072F, 0x074D:
            return .right
        case 0x0620...0x064A, 0x066E, 0x066F, 0x0678...0x0687, 0x069A...0x06BF, 0x06C1, 0x06C2, 0x06CC, 0x06CE,
            0x06D0, 0x06D1, 0x06FA...0x06FC, 0x06FF, 0x0750...0x077F, 0x08A0...0x08C8,
            0x0712...0x072F, 0x074E, 0x074F, 0x07CA...0x07EA, 0x07FA, 0x1820...0x1878, 0x1887...0x18A8, 0x180A:
            return .dual
        default:
            return .none
        }
    }

    static func isBrahmic(_ v: UInt32) -> Bool {
        (v >= 0x0900 && v < 0x0E00) || (v >= 0x1000 && v < 0x10A0) || (v >= 0x1780 && v < 0x1800)
    }

    /// Emoji and their modifiers (skin tones), past Latin-1 (which holds digits and # that
    /// are emoji only with a variation selector).
    static func isEmoji(_ v: UInt32) -> Bool {
        guard v > 0xFF, let scalar = Unicode.Scalar(v) else { return false }
        return scalar.properties.isEmoji
    }
}

/// A set of scalars of the Arabic block, U+0600–U+06FF, as four words of bits.
struct ArabicBlockSet: Equatable {
    var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    static func == (a: Self, b: Self) -> Bool { a.words == b.words }

    @inline(__always)
    func contains(_ v: UInt32) -> Bool {
        guard v >= 0x0600 && v < 0x0700 else { return false }
        let k = v - 0x0600
        let word: UInt64
        switch k >> 6 {
        case 0: word = words.0
        case 1: word = words.1
        case 2: word = words.2
        default: word = words.3
        }
        return (word >> UInt64(k & 63)) & 1 == 1
    }

    mutating func insert(_ v: UInt32) { set(v, true) }
    mutating func remove(_ v: UInt32) { set(v, false) }

    private mutating func set(_ v: UInt32, _ present: Bool) {
        guard v >= 0x0600 && v < 0x0700 else { return }
        let k = v - 0x0600
        let bit: UInt64 = 1 << UInt64(k & 63)
        func apply(_ w: inout UInt64) { if present { w |= bit } else { w &= ~bit } }
        switch k >> 6 {
        case 0: apply(&words.0)
        case 1: apply(&words.1)
        case 2: apply(&words.2)
        default: apply(&words.3)
        }
    }

    /// The scalars that are no combining mark and that `form` leaves alone.
    static func stable(_ form: TextNormalization.UnicodeForm) -> Self {
        switch form {
        case .none: return stableNone
        case .nfc: return stableNFC
        case .nfkc: return stableNFKC
        case .nfd: return stableNFD
        }
    }

    private static let stableNone = computeStable(.none)
    private static let stableNFC = computeStable(.nfc)
    private static let stableNFKC = computeStable(.nfkc)
    private static let stableNFD = computeStable(.nfd)

    private static func computeStable(_ form: TextNormalization.UnicodeForm) -> Self {
        var set = Self()
        for v in UInt32(0x0600)..<0x0700 where !ArabicCharacters.isMark(v) && UnicodeSegments.isStableAlone(v, form) {
            set.insert(v)
        }
        return set
    }

    /// The scalars that come out of a normalization by `options` as they went in, whatever
    /// scalars of this set or ASCII letters stand around them; `arabicMask` is the pass's
    /// mask of U+0620–U+065F (bit k: U+0620 + k may change).
    static func passingAlone(_ o: TextNormalization, arabicMask: UInt64) -> Self {
        var set = stable(o.unicode)
        // U+0620–U+065F: the mask's bits are bits 32–63 of the first word and 0–31 of the second.
        set.words.0 &= ~(arabicMask << 32)
        set.words.1 &= ~(arabicMask >> 32)
        if o.controls != .keep { set.remove(0x061C) }
        if o.unifyAlef { set.remove(0x0671) }
        if o.digits == .ascii { for v in UInt32(0x0660)...0x0669 { set.remove(v) } }
        if o.digits != .keep { for v in UInt32(0x06F0)...0x06F9 { set.remove(v) } }
        if o.persianToArabic {
            set.remove(0x06CC)
            set.remove(0x06A9)
            set.remove(0x06D5)
            set.remove(0x06C0)
        }
        if o.punctuation == .ascii {
            set.remove(0x060C)
            set.remove(0x061B)
            set.remove(0x061F)
        }
        return set
    }
}
