#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Cuts the code of scripts and style sheets out of a page before gumbo parses it, and maps
/// the parser's source positions back onto the page.
///
/// Gumbo reads a script's text one character token at a time, so on today's pages, where
/// scripts and style sheets are often half the bytes, they are most of its time. Nothing
/// after parsing reads that code (JSON-LD metadata is kept: a script whose tag says `json` is
/// left whole), so it is cut, and the tree gumbo builds is the same but for the text inside
/// those elements. The text of comments, which the copy of the tree drops, is cut too.
///
/// The cuts are found by a scan that follows HTML's tokenizer: tags and their quoted
/// attribute values, comments, doctypes and bogus comments, the raw text of `style`, `xmp`,
/// `iframe`, `noembed` and `noframes`, the escapable raw text of `title` and `textarea`, and
/// script data with its escaped and double-escaped states. Where the tree builder, not the
/// tokenizer, decides what comes next (SVG and MathML content beyond plain nesting and text,
/// `select` beyond options, `frameset`, `plaintext`), and at `</>` (after which gumbo reads
/// the next tag's name wrongly in foreign content), the scan stops: the rest of the page is
/// parsed as it is. Parsing is online, so the cuts made before that point are sound.
///
/// The same scan finds the long runs of the page's own text (see ``TextRuns``): gumbo also
/// reads text a character token at a time, and on a news page the story is most of the bytes.
/// Each run is replaced by a short marker that the tree builder treats as it treats the run
/// (characters that are not white space, in the same place), and the copy of gumbo's tree puts
/// the run's bytes back in place of its marker. Runs of white space (the indentation between
/// tags, a third of what gumbo read of the readability pages) are given as one form feed each,
/// which the tree builder treats as it treats any white space (see ``TextRuns``).
enum ScriptCutter {
    /// A cut's content must be at least this long to be worth a cut.
    static let minimumCut = 16

    /// The ranges of `bytes` (UTF-8) that hold the text of a script or a style sheet, in
    /// order.
    static func cuts(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        scan(bytes).cuts
    }

    /// What a scan found: the cuts; the runs of text and of attribute values to replace by
    /// markers and whether each is text; the runs of white space to replace by a form feed
    /// (see ``TextRuns``); and the offset of the markup where the scan stopped short of the end
    /// of the page (nil when it read it all). Each list is in order.
    struct Scan {
        var cuts: [Range<Int>] = []
        var runs: [Range<Int>] = []
        var runsInText: [Bool] = []
        var spaces: [Range<Int>] = []
        var stoppedAt: Int?
    }

    /// The scan of `bytes`: the cuts, and with `text` the runs of text, with `spaces` the runs
    /// of white space.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, text: Bool = false, spaces: Bool = false) -> Scan {
        var scanner = Scanner(bytes: bytes)
        scanner.findsRuns = text
        scanner.findsSpaces = spaces
        scanner.run()
        return Scan(cuts: scanner.cuts, runs: scanner.runs, runsInText: scanner.runsInText, spaces: scanner.spaces, stoppedAt: scanner.stoppedAt)
    }

    /// The scan gumbo's input is made from: with runs of text, unless the page holds the
    /// markers' own character, and with runs of white space, unless it holds a form feed
    /// (see ``TextRuns``).
    static func scanForGumbo(_ bytes: UnsafeBufferPointer<UInt8>) -> Scan {
        let raw = UnsafeRawBufferPointer(bytes)
        return scan(bytes, text: !TextRuns.holdsSentinel(raw), spaces: !TextRuns.holdsFormFeed(raw))
    }

    /// `bytes` without `cuts`, with each of `runs` replaced by its marker
    /// (``TextRuns/marker(_:)``) and each of `spaces` by a form feed; the map from positions in
    /// it to positions in `bytes`; and the offset in it of each run of white space's form feed.
    /// The lists are in order and do not overlap.
    static func apply(_ cuts: [Range<Int>], runs: [Range<Int>] = [], spaces: [Range<Int>] = [], to bytes: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], map: PositionMap, spaceOffsets: [Int]) {
        // The lists merged in order: (range, index of the run, or -1 for a cut, -2 for white space).
        var pieces: [(range: Range<Int>, run: Int)] = []
        pieces.reserveCapacity(cuts.count + runs.count + spaces.count)
        var c = 0, r = 0, w = 0
        let none = Int.max
        while c < cuts.count || r < runs.count || w < spaces.count {
            let cut = c < cuts.count ? cuts[c].lowerBound : none
            let run = r < runs.count ? runs[r].lowerBound : none
            let space = w < spaces.count ? spaces[w].lowerBound : none
            if cut < run && cut < space {
                pieces.append((cuts[c], -1))
                c += 1
            } else if run < space {
                pieces.append((runs[r], r))
                r += 1
            } else {
                pieces.append((spaces[w], -2))
                w += 1
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count - pieces.reduce(0) { $0 + $1.range.count } + 16 * runs.count + spaces.count)
        var replacements: [(bytes: Int, characters: Int)] = []
        replacements.reserveCapacity(pieces.count)
        var spaceOffsets: [Int] = []
        spaceOffsets.reserveCapacity(spaces.count)
        var from = 0
        for piece in pieces {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<piece.range.lowerBound]))
            if piece.run >= 0 {
                let before = out.count
                let characters = TextRuns.appendMarker(piece.run, to: &out)
                replacements.append((out.count - before, characters))
            } else if piece.run == -2 {
                spaceOffsets.append(out.count)
                out.append(TextRuns.formFeed)
                replacements.append((1, 1))
            } else {
                replacements.append((0, 0))
            }
            from = piece.range.upperBound
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from...]))
        return (out, PositionMap(cuts: pieces.map(\.range), replacements: replacements, in: bytes), spaceOffsets)
    }

    /// Maps a position gumbo reports in the cut text (line, column in characters, byte
    /// offset) to the same place in the page, counting as gumbo counts: a line ends at LF, at
    /// CR LF and at a lone CR; every other character, a tab too, is one column.
    struct PositionMap: Sendable {
        struct Entry: Sendable {
            /// Where the cut was, in the cut text; a position at or after it is after the cut.
            var at: Int
            /// Bytes and line ends cut up to and including this cut.
            var bytes: Int, lines: Int
            /// Added to the column of a position on the line the cut was on.
            var columns: Int
            /// The offset in the cut text of the first line end at or after the cut (its LF,
            /// when it is CR LF): a position up to it is on the cut's line.
            var lineEnd: Int
        }

        private(set) var entries: [Entry] = []

        /// No cuts: every position is its own.
        init() {}

        /// The map of `bytes` with each of `cuts` replaced by nothing or, where `replacements`
        /// says so, by that many bytes and characters on one line (a run's marker).
        init(cuts: [Range<Int>], replacements: [(bytes: Int, characters: Int)]? = nil, in bytes: UnsafeBufferPointer<UInt8>) {
            // Walk the page's pieces, kept and cut, with the column gumbo has in the page and
            // the column it has in the cut text.
            var pageColumn = 1, cutColumn = 1
            var cutBytes = 0, cutLines = 0
            var from = 0
            var nextLineEnd = -1
            // Without a CR in the page, a line ends at LF alone, and the pieces are measured
            // a word at a time.
            let noCR = bytes.index(of: 0x0D, from: 0) == nil
            entries.reserveCapacity(cuts.count)
            for (k, cut) in cuts.enumerated() {
                let replacement = replacements?[k] ?? (bytes: 0, characters: 0)
                let kept: (lineEnds: Bool, tail: Int)
                let removed: (lineEnds: Int, tail: Int)
                if noCR {
                    let measured = LineCount.of(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[from..<cut.lowerBound])))
                    kept = (measured.lineEnds > 0, measured.tail)
                    removed = LineCount.of(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[cut])))
                } else {
                    kept = Self.tail(bytes, from..<cut.lowerBound)
                    removed = Self.measure(bytes, cut)
                }
                pageColumn = kept.lineEnds ? 1 + kept.tail : pageColumn + kept.tail
                cutColumn = kept.lineEnds ? 1 + kept.tail : cutColumn + kept.tail
                pageColumn = removed.lineEnds > 0 ? 1 + removed.tail : pageColumn + removed.tail
                cutColumn += replacement.characters
                // Net bytes: a position after the piece is this much further on in the page.
                let before = cutBytes
                cutBytes += cut.count - replacement.bytes
                cutLines += removed.lineEnds
                // The first line end at or after the cut. The last one found serves while it is
                // still ahead: on a page of one long line, searching from every cut to the end
                // would take time that grows with the square of the page.
                if nextLineEnd < cut.upperBound {
                    if noCR {
                        nextLineEnd = bytes.index(of: 0x0A, from: cut.upperBound) ?? bytes.count
                    } else {
                        nextLineEnd = cut.upperBound
                        while nextLineEnd < bytes.count && bytes[nextLineEnd] != 0x0A && bytes[nextLineEnd] != 0x0D { nextLineEnd += 1 }
                    }
                }
                var end = nextLineEnd
                // Gumbo puts a token that starts at CR LF at the LF, with the CR's column.
                if end + 1 < bytes.count && bytes[end] == 0x0D && bytes[end + 1] == 0x0A { end += 1 }
                entries.append(Entry(
                    at: cut.lowerBound - before + replacement.bytes, bytes: cutBytes, lines: cutLines,
                    columns: pageColumn - cutColumn, lineEnd: end - cutBytes))
                from = cut.upperBound
            }
        }

        /// Whether `bytes[range]` has a line end, and the characters after the last one (or
        /// in all of it, when it has none): read backwards, to the last line end only.
        static func tail(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (lineEnds: Bool, tail: Int) {
            var tail = 0
            var k = range.upperBound
            while k > range.lowerBound {
                k -= 1
                let b = bytes[k]
                if b == 0x0A || b == 0x0D { return (true, tail) }
                if b & 0xC0 != 0x80 { tail += 1 }
            }
            return (false, tail)
        }

        /// The line ends in `bytes[range]` and the characters after the last one (or in all
        /// of it, when it has none).
        static func measure(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (lineEnds: Int, tail: Int) {
            guard !range.isEmpty else { return (0, 0) }
            let within = UnsafeBufferPointer(rebasing: bytes[..<range.upperBound])
            if within.index(of: 0x0D, from: range.lowerBound) == nil {
                // No CR (no run of text holds one): the LFs, and the characters after the last.
                var lineEnds = 0
                var lastEnd = range.lowerBound
                while let lf = within.index(of: 0x0A, from: lastEnd) {
                    lineEnds += 1
                    lastEnd = lf + 1
                }
                var tail = 0
                for b in UnsafeBufferPointer(rebasing: bytes[lastEnd..<range.upperBound]) where b & 0xC0 != 0x80 { tail += 1 }
                return (lineEnds, tail)
            }
            var lineEnds = 0, tail = 0
            var k = range.lowerBound
            while k < range.upperBound {
                let b = bytes[k]
                if b == 0x0A || (b == 0x0D && (k + 1 >= bytes.count || bytes[k + 1] != 0x0A)) {
                    lineEnds += 1
                    tail = 0
                } else if b != 0x0D && b & 0xC0 != 0x80 {
                    tail += 1
                }
                k += 1
            }
            return (lineEnds, tail)
        }

        /// The page's line, column and offset of the cut text's `line`, `column`, `offset`.
        func position(line: Int, column: Int, offset: Int) -> (line: Int, column: Int, offset: Int) {
            var hint = 0
            return position(line: line, column: column, offset: offset, hint: &hint)
        }

        /// ``position(line:column:offset:)``, trying first the cut `hint` and the few after it
        /// (the copy of the tree asks in the page's order, mostly) and leaving there the one
        /// it used.
        func position(line: Int, column: Int, offset: Int, hint: inout Int) -> (line: Int, column: Int, offset: Int) {
            // The number of cuts at or before `offset`.
            let count = entries.count
            var low = min(max(hint, 0), count)
            if low == 0 || entries[low - 1].at <= offset {
                var steps = 0
                while low < count && entries[low].at <= offset && steps < 8 {
                    low += 1
                    steps += 1
                }
                if low < count && entries[low].at <= offset { low = Self.cutsUpTo(offset, in: entries) }
            } else {
                low = Self.cutsUpTo(offset, in: entries)
            }
            hint = low
            guard low > 0 else { return (line, column, offset) }
            let entry = entries[low - 1]
            return (line + entry.lines, offset <= entry.lineEnd ? column + entry.columns : column, offset + entry.bytes)
        }

        /// The number of `entries` at or before `offset`, by binary search.
        private static func cutsUpTo(_ offset: Int, in entries: [Entry]) -> Int {
            var low = 0, high = entries.count
            while low < high {
                let mid = (low + high) / 2
                if entries[mid].at <= offset { low = mid + 1 } else { high = mid }
            }
            return low
        }
    }

    /// HTML's tokenizer, as far as it decides where scripts and style sheets are.
    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var cuts: [Range<Int>] = []
        /// Where the scan stopped, when it stopped before the end of the page.
        var stoppedAt: Int?
        /// The open elements of SVG or MathML content: tag names (lowercase), outermost
        /// first; empty in HTML content.
        var foreign: [[UInt8]] = []
        var inSelect = false
        /// Whether runs of text are found (``TextRuns``), and those found, in order, with
        /// whether each is text (or an attribute's value).
        var findsRuns = false
        var runs: [Range<Int>] = []
        var runsInText: [Bool] = []
        /// Whether runs of white space are found (``TextRuns``), and those found, in order.
        var findsSpaces = false
        var spaces: [Range<Int>] = []
        /// The offset after the last `pre` or `listing` start tag: the tree builder drops a line
        /// feed there, so a run of white space that starts there is given whole.
        var linefeedDroppedAt = -1

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var n: Int { bytes.count }

        /// A tag: its lowercase name, whether it ends in `/>`, and the offset after its `>`.
        struct Tag {
            /// Where the name is in the page (as written: ``name(in:)`` lowercases it).
            var nameRange: Range<Int>
            var selfClosing: Bool
            var end: Int
            /// With ``findsRuns``: the quoted attribute values, with the names they belong to.
            var values: [(name: Range<Int>, value: Range<Int>)] = []

            /// The lowercase name: made only where the scan needs it whole (foreign content,
            /// `select`, raw text), not for every tag.
            func name(in bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
                bytes[nameRange].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
            }
        }

        mutating func run() {
            var i = 0
            while i < n {
                // From `i` to the next `<` is text in the data state.
                let lt = find(0x3C, from: i)
                if (findsRuns || findsSpaces) && foreign.isEmpty && !inSelect {
                    let first = runs.count
                    if findsRuns { findRuns(i..<(lt ?? n), inText: true) }
                    if findsSpaces { findSpaces(i..<(lt ?? n), around: first) }
                }
                guard let lt, lt + 1 < n else { return }
                i = lt
                let next = bytes[i + 1]
                if next == 0x21 {  // <!
                    if starts(with: "<!--", at: i) {
                        guard let (end, textEnd) = commentEnd(from: i + 4) else { stoppedAt = i; return }
                        // The text of a comment is read a character at a time too, and the
                        // tree's copy drops comments: it is cut, like a script's.
                        if textEnd - (i + 4) >= minimumCut { cuts.append((i + 4)..<textEnd) }
                        i = end
                    } else if !foreign.isEmpty && starts(with: "<![CDATA[", at: i) {
                        stoppedAt = i  // CDATA in foreign content
                        return
                    } else {
                        guard let gt = find(0x3E, from: i + 2) else { stoppedAt = i; return }
                        i = gt + 1  // a doctype or a bogus comment
                    }
                } else if next == 0x3F {  // <? : a bogus comment
                    guard let gt = find(0x3E, from: i + 2) else { stoppedAt = i; return }
                    i = gt + 1
                } else if next == 0x2F {  // </
                    guard i + 2 < n else { stoppedAt = i; return }
                    if Self.isLetter(bytes[i + 2]) {
                        guard let tag = tag(nameAt: i + 2) else { stoppedAt = i; return }
                        guard endTag(tag) else { stoppedAt = i; return }
                        i = tag.end
                    } else if bytes[i + 2] == 0x3E {
                        // `</>` makes no token, and gumbo then takes the next tag's name from
                        // text that begins with it: SVG and MathML end tags stop matching.
                        stoppedAt = i
                        return
                    } else {
                        guard let gt = find(0x3E, from: i + 2) else { stoppedAt = i; return }
                        i = gt + 1
                    }
                } else if Self.isLetter(next) {
                    guard let tag = tag(nameAt: i + 1) else { stoppedAt = i; return }
                    // The values go before what the start tag is followed by (the runs in order).
                    for (name, value) in tag.values where !Self.readByTreeBuilder(bytes, name) { findRuns(value, inText: false) }
                    guard let after = startTag(tag, at: i) else { stoppedAt = i; return }
                    i = after
                } else {
                    i += 1
                }
            }
        }

        /// Adds the runs of `text` (data-state text of HTML content, no `<` in it; or a quoted
        /// attribute value) that may be replaced by a marker: pieces between the characters
        /// the tokenizer or gumbo treat apart from the rest (`&` with the reference after it,
        /// to the next white space; CR; NUL; the controls and noncharacters gumbo replaces),
        /// white space trimmed from both ends, at least ``TextRuns/minimumRun`` bytes long.
        mutating func findRuns(_ text: Range<Int>, inText: Bool) {
            guard text.count >= TextRuns.minimumRun else { return }
            let end = text.upperBound
            var start = text.lowerBound
            var k = start
            func piece(_ range: Range<Int>) {
                var a = range.lowerBound, b = range.upperBound
                while a < b && Self.isRunSpace(bytes[a]) { a += 1 }
                while b > a && Self.isRunSpace(bytes[b - 1]) { b -= 1 }
                if b - a >= TextRuns.minimumRun {
                    runs.append(a..<b)
                    runsInText.append(inText)
                }
            }
            while k < end {
                let c = bytes[k]
                if Self.plainInRun[Int(c)] {
                    k += 1
                    continue
                }
                var skip = 0
                if c == 0x26 {
                    // A character reference: what follows `&` up to white space stays.
                    piece(start..<k)
                    k += 1
                    while k < end && !Self.isRunSpace(bytes[k]) { k += 1 }
                    start = k
                    continue
                } else if c < 0x20 || c == 0x7F {
                    skip = 1  // NUL, CR and the controls gumbo replaces
                } else if c == 0xC2 && k + 1 < end && bytes[k + 1] < 0xA0 {
                    skip = 2  // U+0080 to U+009F
                } else if c == 0xEF && k + 2 < end
                    && ((bytes[k + 1] == 0xB7 && bytes[k + 2] >= 0x90 && bytes[k + 2] <= 0xAF) || (bytes[k + 1] == 0xBF && bytes[k + 2] >= 0xBE))
                {
                    skip = 3  // U+FDD0 to U+FDEF, U+FFFE, U+FFFF
                } else if c >= 0xF0 && k + 3 < end && bytes[k + 1] & 0x0F == 0x0F && bytes[k + 2] == 0xBF && bytes[k + 3] >= 0xBE {
                    skip = 4  // U+1FFFE, U+1FFFF … U+10FFFF
                }
                if skip > 0 {
                    piece(start..<k)
                    k += skip
                    start = k
                } else {
                    k += 1
                }
            }
            piece(start..<end)
        }

        /// Adds the runs of white space (space, tab, LF) of `text` (data-state text of HTML
        /// content) outside the runs of text found in it (from ``runs``[`first`]), at least
        /// ``TextRuns/minimumSpaces`` bytes long, but one that starts where the tree builder
        /// drops a line feed (after `<pre>` or `<listing>`); a run does not start with the LF
        /// of a CR LF.
        mutating func findSpaces(_ text: Range<Int>, around first: Int) {
            guard text.count >= TextRuns.minimumSpaces else { return }
            var from = text.lowerBound
            for k in first..<runs.count {
                addSpaces(in: from..<runs[k].lowerBound)
                from = runs[k].upperBound
            }
            addSpaces(in: from..<text.upperBound)
        }

        private mutating func addSpaces(in range: Range<Int>) {
            var k = range.lowerBound
            let end = range.upperBound
            while k < end {
                let c = bytes[k]
                guard c == 0x20 || c == 0x0A || c == 0x09 else {
                    k += 1
                    continue
                }
                var m = k + 1
                while m < end && (bytes[m] == 0x20 || bytes[m] == 0x0A || bytes[m] == 0x09) { m += 1 }
                // The LF of a CR LF is one line end with the CR: it stays with it.
                let start = c == 0x0A && k > 0 && bytes[k - 1] == 0x0D ? k + 1 : k
                if m - start >= TextRuns.minimumSpaces && k != linefeedDroppedAt { spaces.append(start..<m) }
                k = m
            }
        }

        /// Whether the attribute named `name` (as written) is one whose value the tree builder
        /// reads (`type` of `input`, `encoding` of `annotation-xml`, and `prompt`, `action`
        /// and `name` of the old `isindex`): such values go to gumbo whole.
        static func readByTreeBuilder(_ bytes: UnsafeBufferPointer<UInt8>, _ name: Range<Int>) -> Bool {
            // Compared in place, in any case, with the names of the same length.
            func `is`(_ word: StaticString) -> Bool { matches(bytes, at: name.lowerBound, word) }
            switch name.count {
            case 4: return `is`("type") || `is`("name")
            case 6: return `is`("prompt") || `is`("action")
            case 8: return `is`("encoding")
            default: return false
            }
        }

        /// The bytes that may be in a run whatever follows them: printable ASCII but `&`, tab,
        /// LF, form feed, UTF-8 continuation bytes, and the lead bytes of two- and three-byte
        /// sequences but C2 (U+0080 to U+00BF) and EF (U+F000 to U+FFFF), whose scalars
        /// ``findRuns(_:inText:)`` looks at.
        static let plainInRun: [Bool] = (0...255).map { c in
            (c >= 0x20 && c < 0x7F && c != 0x26) || c == 0x09 || c == 0x0A || c == 0x0C || (c >= 0x80 && c <= 0xBF)
                || (c >= 0xC3 && c <= 0xEE)
        }

        /// HTML's white space but CR, which never is in a run.
        static func isRunSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C }

        /// Follows an end tag; false when what it does is the tree builder's to say.
        mutating func endTag(_ tag: Tag) -> Bool {
            // In HTML content outside a `select`, any end tag is the tree builder's alone.
            guard !foreign.isEmpty || inSelect else { return true }
            let name = tag.name(in: bytes)
            if !foreign.isEmpty {
                // An end tag that closes a foreign element pops to it; any other is handled
                // by HTML's rules.
                guard let k = foreign.lastIndex(of: name) else { return false }
                foreign.removeSubrange(k...)
                return true
            }
            if inSelect {
                if name == Array("select".utf8) {
                    inSelect = false
                } else if Self.closesSelectInTable.contains(name) {
                    return false
                }
            }
            return true
        }

        /// Follows a start tag at `start`; returns where to go on, or nil to stop.
        mutating func startTag(_ tag: Tag, at start: Int) -> Int? {
            if !foreign.isEmpty {
                let name = tag.name(in: bytes)
                if Self.integrationPoints.contains(name) && !tag.selfClosing {
                    // HTML's rules apply inside: followed when it holds text alone.
                    guard let lt = find(0x3C, from: tag.end), isEndTag(name, at: lt) else { return nil }
                    foreign.append(name)
                    return lt
                }
                if Self.leavesForeignContent.contains(name) { return nil }
                if !tag.selfClosing { foreign.append(name) }
                return tag.end
            }
            if inSelect && !Self.inSelect.contains(tag.name(in: bytes)) { return nil }
            switch Self.startKind(bytes, tag.nameRange) {
            case .foreign:
                if !tag.selfClosing { foreign = [tag.name(in: bytes)] }
            case .select:
                inSelect = true
            case .stop:
                return nil
            case .dropsLinefeed:
                linefeedDroppedAt = tag.end
            case .script:
                guard let end = scriptEnd(from: tag.end) else { return nil }
                if end - tag.end >= minimumCut && !Self.containsJSON(bytes, start..<tag.end) { cuts.append(tag.end..<end) }
                return end
            case .style:
                guard let end = rawTextEnd(tag.name(in: bytes), from: tag.end)?.end else { return nil }
                if end - tag.end >= minimumCut { cuts.append(tag.end..<end) }
                return end
            case .rawText:
                return rawTextEnd(tag.name(in: bytes), from: tag.end)?.end
            case .other:
                break
            }
            return tag.end
        }

        /// What a start tag in HTML content does to the scan.
        enum StartKind { case foreign, select, stop, dropsLinefeed, script, style, rawText, other }

        /// The kind of the start tag named `name` (lowercase): the few names that matter,
        /// told apart by length first, as nearly every tag of a page is none of them.
        static func startKind(_ name: [UInt8]) -> StartKind {
            name.withUnsafeBufferPointer { startKind($0, 0..<$0.count) }
        }

        /// ``startKind(_:)`` of the name at `range` of `bytes`, as written (compared in any case).
        static func startKind(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> StartKind {
            // The names of the range's length (the switch below), compared in place.
            func `is`(_ word: StaticString) -> Bool { matches(bytes, at: range.lowerBound, word) }
            switch range.count {
            case 3: return `is`("svg") ? .foreign : `is`("pre") ? .dropsLinefeed : `is`("xmp") ? .rawText : .other
            case 4: return `is`("math") ? .foreign : .other
            case 5: return `is`("style") ? .style : `is`("title") ? .rawText : .other
            case 6: return `is`("script") ? .script : `is`("select") ? .select : `is`("iframe") ? .rawText : .other
            case 7: return `is`("listing") ? .dropsLinefeed : `is`("noembed") ? .rawText : .other
            case 8: return `is`("frameset") ? .stop : `is`("textarea") || `is`("noframes") ? .rawText : .other
            case 9: return `is`("plaintext") ? .stop : .other
            default: return .other
            }
        }

        /// The tag whose name starts at `k`, read to its `>` through the tokenizer's
        /// attribute states; nil when the page ends inside it (the tokenizer drops it).
        func tag(nameAt start: Int) -> Tag? {
            enum State { case name, beforeAttribute, attribute, afterAttribute, beforeValue, quoted(UInt8), unquoted, afterQuoted, selfClosing }
            var tagNameEnd = start
            var values: [(name: Range<Int>, value: Range<Int>)] = []
            var nameStart = 0, nameEnd = 0, valueStart = 0
            var state = State.name
            var k = start
            while k < n {
                let c = bytes[k]
                let space = c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D
                switch state {
                case .name:
                    if space { state = .beforeAttribute } else if c == 0x2F { state = .selfClosing } else if c == 0x3E { return Tag(nameRange: start..<tagNameEnd, selfClosing: false, end: k + 1, values: values) } else { tagNameEnd = k + 1 }
                case .beforeAttribute:
                    if space {} else if c == 0x2F { state = .selfClosing } else if c == 0x3E { return Tag(nameRange: start..<tagNameEnd, selfClosing: false, end: k + 1, values: values) } else { state = .attribute; nameStart = k }
                case .attribute:
                    if space || c == 0x2F || c == 0x3D || c == 0x3E { nameEnd = k }
                    if space { state = .afterAttribute } else if c == 0x2F { state = .selfClosing } else if c == 0x3D { state = .beforeValue } else if c == 0x3E { return Tag(nameRange: start..<tagNameEnd, selfClosing: false, end: k + 1, values: values) }
                case .afterAttribute:
                    if space {} else if c == 0x2F { state = .selfClosing } else if c == 0x3D { state = .beforeValue } else if c == 0x3E { return Tag(nameRange: start..<tagNameEnd, selfClosing: false, end: k + 1, values: values) } else { state = .attribute; nameStart = k }
                case .beforeValue:
                    if space {} else if c == 0x22 || c == 0x27 { state = .quoted(c); valueStart = k + 1 } else if c == 0x3E { return Tag(nameRange: start..<tagNameEnd, selfClosing: false, end: k + 1, values: values) } else { state = .unquoted }
                case .quoted(let quote):
                    // To the closing quote at once; the page may end before it.
                    guard let close = c == quote ? k : find(quote, from: k) else { return nil }
                    k = close
                    state = .afterQuoted
                    if findsRuns && k - valueStart >= TextRuns.minimumRun { values.append((nameStart..<nameEnd, valueStart..<k)) }
                case .unquoted:
                    if space { state = .beforeAttribute } else if c == 0x3E { return Tag(nameRange: start..<tagNameEnd, selfClosing: false, end: k + 1, values: values) }
                case .afterQuoted:
                    if space { state = .beforeAttribute } else if c == 0x2F { state = .selfClosing } else if c == 0x3E { return Tag(nameRange: start..<tagNameEnd, selfClosing: false, end: k + 1, values: values) } else { state = .attribute; nameStart = k }
                case .selfClosing:
                    if c == 0x3E { return Tag(nameRange: start..<tagNameEnd, selfClosing: true, end: k + 1, values: values) }
                    // Anything else starts an attribute, as in the state before one.
                    if space { state = .beforeAttribute } else if c == 0x2F {} else { state = .attribute; nameStart = k }
                }
                k += 1
            }
            return nil
        }

        /// The offset of the `<` of the end tag that closes the raw text of `name` starting
        /// at `from` (`</name` followed by white space, `/` or `>`, in any case), or the end
        /// of the page, and whether `<!--` comes before it; nil when the page ends inside
        /// that end tag.
        func rawTextEnd(_ name: [UInt8], from: Int) -> (end: Int, commentOpen: Bool)? {
            var commentOpen = false
            var k = from
            while let lt = find(0x3C, from: k) {
                let after = lt + 2 + name.count
                guard after <= n else { return (n, commentOpen) }
                if bytes[lt + 1] == 0x21 && lt + 3 < n && bytes[lt + 2] == 0x2D && bytes[lt + 3] == 0x2D { commentOpen = true }
                if bytes[lt + 1] == 0x2F {
                    var same = true
                    for j in 0..<name.count {
                        let c = bytes[lt + 2 + j]
                        if (c >= 0x41 && c <= 0x5A ? c + 32 : c) != name[j] { same = false; break }
                    }
                    if same {
                        guard after < n else { return nil }
                        let c = bytes[after]
                        if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x2F || c == 0x3E { return (lt, commentOpen) }
                    }
                }
                k = lt + 1
            }
            return (n, commentOpen)
        }

        /// Whether `bytes[k...]` is `</name` followed by white space, `/` or `>`, in any case.
        func isEndTag(_ name: [UInt8], at k: Int) -> Bool {
            let after = k + 2 + name.count
            guard after < n, bytes[k] == 0x3C, bytes[k + 1] == 0x2F else { return false }
            for j in 0..<name.count {
                let c = bytes[k + 2 + j]
                if (c >= 0x41 && c <= 0x5A ? c + 32 : c) != name[j] { return false }
            }
            let c = bytes[after]
            return c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x2F || c == 0x3E
        }

        /// The offset of the `<` of the end tag that closes the script data starting at
        /// `from`, through the escaped and double-escaped states that `<!--` and a `<script>`
        /// inside it start; the end of the page when there is none.
        func scriptEnd(from start: Int) -> Int? {
            guard let (first, commentOpen) = rawTextEnd(Self.script, from: start) else { return nil }
            if !commentOpen { return first }
            enum State { case data, escaped, escapedDash, escapedDashDash, double, doubleDash, doubleDashDash }
            var state = State.data
            var k = start
            /// After `<`, the letters of a tag name from `k` and whether they spell `script`
            /// followed by white space, `/` or `>` (which is then passed over too).
            func scriptName(_ k: inout Int) -> Bool {
                var m = k
                while m < n && Self.isLetter(bytes[m]) { m += 1 }
                guard m < n, m - k == 6, starts(with: "script", at: k) else { k = m; return false }
                let c = bytes[m]
                guard c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x2F || c == 0x3E else { k = m; return false }
                k = m + 1
                return true
            }
            while k < n {
                let c = bytes[k]
                switch state {
                case .data:
                    if c == 0x3C {
                        if isEndTag(Self.script, at: k) { return k }
                        if starts(with: "<!--", at: k) {
                            state = .escapedDashDash
                            k += 4
                            continue
                        }
                    }
                case .escaped, .escapedDash, .escapedDashDash:
                    if c == 0x2D {
                        state = state == .escaped ? .escapedDash : .escapedDashDash
                    } else if c == 0x3E && state == .escapedDashDash {
                        state = .data
                    } else if c == 0x3C {
                        state = .escaped
                        if isEndTag(Self.script, at: k) { return k }
                        if k + 1 < n && bytes[k + 1] == 0x2F {
                            k += 2
                            continue
                        }
                        k += 1
                        if k < n && Self.isLetter(bytes[k]) && scriptName(&k) { state = .double }
                        continue
                    } else {
                        state = .escaped
                    }
                case .double, .doubleDash, .doubleDashDash:
                    if c == 0x2D {
                        state = state == .double ? .doubleDash : .doubleDashDash
                    } else if c == 0x3E && state == .doubleDashDash {
                        state = .data
                    } else if c == 0x3C {
                        state = .double
                        k += 1
                        if k < n && bytes[k] == 0x2F {
                            k += 1
                            if scriptName(&k) { state = .escaped }
                        }
                        continue
                    } else {
                        state = .double
                    }
                }
                k += 1
            }
            return n
        }

        /// The offset after the comment whose text starts at `k` (after `<!--`), and the end of
        /// its text: it ends at `-->` or `--!>`, or at once with `>` or `->`; nil when the page
        /// ends first.
        func commentEnd(from k: Int) -> (end: Int, textEnd: Int)? {
            if k < n && bytes[k] == 0x3E { return (k + 1, k) }
            if k + 1 < n && bytes[k] == 0x2D && bytes[k + 1] == 0x3E { return (k + 2, k) }
            var m = k
            // From one `-` to the next.
            while m + 2 < n, let dash = find(0x2D, from: m) {
                m = dash
                guard m + 2 < n else { break }
                if bytes[m + 1] == 0x2D {
                    if bytes[m + 2] == 0x3E { return (m + 3, m) }
                    if bytes[m + 2] == 0x21 && m + 3 < n && bytes[m + 3] == 0x3E { return (m + 4, m) }
                }
                m += 1
            }
            return nil
        }

        func find(_ byte: UInt8, from: Int) -> Int? { bytes.index(of: byte, from: from) }

        func starts(with text: StaticString, at k: Int) -> Bool {
            Self.matches(bytes, at: k, text)
        }

        /// Whether `bytes` holds `text` at `k`, in any case.
        static func matches(_ bytes: UnsafeBufferPointer<UInt8>, at k: Int, _ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard k >= 0, k + count <= bytes.count else { return false }
            let p = text.utf8Start
            for j in 0..<count where (bytes[k + j] >= 0x41 && bytes[k + j] <= 0x5A ? bytes[k + j] + 32 : bytes[k + j]) != (p[j] >= 0x41 && p[j] <= 0x5A ? p[j] + 32 : p[j]) {
                return false
            }
            return true
        }

        static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }

        /// Whether `bytes[range]` (a script's start tag) says `json` anywhere, in any case.
        static func containsJSON(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
            var k = range.lowerBound
            while k + 4 <= range.upperBound {
                if bytes[k] | 0x20 == 0x6A && bytes[k + 1] | 0x20 == 0x73 && bytes[k + 2] | 0x20 == 0x6F && bytes[k + 3] | 0x20 == 0x6E { return true }
                k += 1
            }
            return false
        }

        /// Start tags that end foreign content (the breakout tags).
        static let leavesForeignContent: Set<[UInt8]> = Set([
            "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed",
            "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr",
            "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u",
            "ul", "var", "font",
        ].map { Array($0.utf8) })

        static let script = Array("script".utf8)

        /// Elements of SVG and MathML inside which HTML's rules apply.
        static let integrationPoints: Set<[UInt8]> = Set(
            ["foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext", "annotation-xml"].map { Array($0.utf8) })

        /// Start tags a `select` takes without the tree builder leaving it or ignoring them.
        static let inSelect: Set<[UInt8]> = Set(["option", "optgroup", "script", "hr"].map { Array($0.utf8) })

        /// End tags that close a `select` inside a table.
        static let closesSelectInTable: Set<[UInt8]> = Set(
            ["caption", "table", "tbody", "tfoot", "thead", "tr", "td", "th"].map { Array($0.utf8) })
    }
}

/// Lines and columns of UTF-8 text where only LF ends a line, counted as gumbo counts them
/// (every character but a line end is a column, a CR and a tab too), with `memchr` for the
/// line ends and eight bytes at a time for the characters.
enum LineCount {
    /// A walk over text in pieces: the line and column it is at, and the bytes walked.
    struct Walk {
        var line: Int, column: Int
        var length = 0

        mutating func add(_ raw: UnsafeRawBufferPointer) {
            let counted = LineCount.of(raw)
            line += counted.lineEnds
            column = counted.lineEnds > 0 ? 1 + counted.tail : column + counted.tail
            length += raw.count
        }
    }

    /// The LFs in `bytes`, and the characters after the last (or in all of them, when there
    /// is none).
    static func of(_ bytes: UnsafeRawBufferPointer) -> (lineEnds: Int, tail: Int) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return (0, 0) }
        var lineEnds = 0
        var tailStart = 0
        while tailStart < bytes.count, let hit = memchr(base + tailStart, 0x0A, bytes.count - tailStart) {
            lineEnds += 1
            tailStart = base.distance(to: UnsafeRawPointer(hit)) + 1
        }
        return (lineEnds, characters(UnsafeRawBufferPointer(rebasing: bytes[tailStart...])))
    }

    /// The characters of `bytes` (well-formed UTF-8): its bytes but the continuation bytes.
    static func characters(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var continuation = 0
        var k = 0
        let high: UInt64 = 0x8080_8080_8080_8080
        while k + 8 <= bytes.count {
            let word = base.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            // A continuation byte is 10xxxxxx: its top bit set and the next one clear.
            continuation += (word & ~(word << 1) & high).nonzeroBitCount
            k += 8
        }
        while k < bytes.count {
            if bytes[k] & 0xC0 == 0x80 { continuation += 1 }
            k += 1
        }
        return bytes.count - continuation
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// The offset of the first `byte` at or after `from` (`memchr`), or nil.
    func index(of byte: UInt8, from: Int) -> Int? {
        guard from >= 0, from < count, let base = baseAddress, let hit = memchr(base + from, Int32(byte), count - from) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }
}
