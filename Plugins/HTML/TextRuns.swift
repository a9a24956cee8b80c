#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs of a page's own text that gumbo is given as short markers, and their return.
///
/// Gumbo reads text one character token at a time: each character goes through the tokenizer
/// and the tree builder and is appended to its node on its own. On a news page the story is
/// most of the bytes, so most of gumbo's time went there. The tree builder, though, treats
/// every character of a run of text alike, once the first has decided where the run goes:
/// characters other than white space, NUL and CR are inserted where the first one was. So
/// ``ScriptCutter``'s scan, which follows the tokenizer, finds the runs of data-state text in
/// HTML content that start and end with such a character and hold nothing the tokenizer or
/// gumbo treat apart (a character reference, CR, NUL, the controls and noncharacters gumbo
/// replaces), and each run is replaced by a marker made of such characters too: the tree
/// builder puts the marker exactly where it would have put the run. The copy of gumbo's tree
/// puts each run's bytes back in place of its marker, and measures the text's end position
/// over them, so the tree is gumbo's tree of the whole page, positions and all
/// (`ScriptCutterTests` compares the two on the readability pages, edited pages and thousands
/// of generated ones).
///
/// Long quoted attribute values are given as markers the same way (the tokenizer reads them a
/// character at a time too), but for the few whose value the tree builder reads (`type`,
/// `encoding`, and `isindex`'s `prompt`, `action` and `name`).
///
/// A marker is U+10FFFD (a private-use character of plane 16), the run's number in ASCII
/// digits, and U+10FFFD again. A page that holds U+10FFFD itself gets no markers. If a marker
/// did not come back whole, or a run of text came back other than once, the copy gives up and
/// the page is parsed again with its text whole: never a wrong tree, at worst the time of a second parse.
///
/// Runs of white space go to gumbo as a single form feed each: the indentation between tags
/// was a third of what gumbo read of the readability pages. The tree builder treats every
/// white space character alike (inserted, or ignored where white space is ignored), but for
/// the line feed it drops after `<pre>` and `<listing>`, so a run that starts there is given
/// whole. A form feed carries no number; a page that holds a form feed, as a byte or as a
/// character reference, gets none, so every form feed in gumbo's tree stands for a run. A text
/// node's characters come in the order of the page, all from the stretch of the page that
/// gumbo gives as its source, so the form feeds of a node are the runs of that stretch, in
/// order: the copy checks that their numbers agree, and that no run came back twice, or gives
/// up as for markers. A run may not come back at all, where the tree builder ignores white
/// space.
struct TextRuns {
    /// A run must be at least this long to be worth a marker (a marker is 9 to 15 bytes).
    static let minimumRun = 32

    /// A run of white space must be at least this long to be given as a form feed.
    static let minimumSpaces = 3

    /// What a run of white space is given to gumbo as.
    static let formFeed: UInt8 = 0x0C

    /// U+10FFFD in UTF-8: the first and last character of a marker.
    static let sentinel: (UInt8, UInt8, UInt8, UInt8) = (0xF4, 0x8F, 0xBF, 0xBD)

    /// The bytes of the marker of run `index`, and its number of characters.
    static func marker(_ index: Int) -> (bytes: [UInt8], characters: Int) {
        var bytes: [UInt8] = []
        let count = appendMarker(index, to: &bytes)
        return (bytes, count)
    }

    /// Appends the marker of run `index` to `bytes`; returns its number of characters.
    @discardableResult
    static func appendMarker(_ index: Int, to bytes: inout [UInt8]) -> Int {
        let s = sentinel
        bytes.append(s.0)
        bytes.append(s.1)
        bytes.append(s.2)
        bytes.append(s.3)
        // The digits, most significant first.
        var divisor = 1
        while index / divisor >= 10 { divisor *= 10 }
        var digits = 0
        while divisor > 0 {
            bytes.append(UInt8(0x30 + (index / divisor) % 10))
            divisor /= 10
            digits += 1
        }
        bytes.append(s.0)
        bytes.append(s.1)
        bytes.append(s.2)
        bytes.append(s.3)
        return digits + 2
    }

    /// Whether `bytes` holds U+10FFFD at `k`.
    static func isSentinel(_ bytes: UnsafeRawBufferPointer, at k: Int) -> Bool {
        k + 4 <= bytes.count && bytes[k] == sentinel.0 && bytes[k + 1] == sentinel.1 && bytes[k + 2] == sentinel.2 && bytes[k + 3] == sentinel.3
    }

    /// The run named by the marker that starts at `at` in `bytes`, and the offset after the
    /// marker; nil when it is not whole (no number, no closing U+10FFFD) or names no run.
    func marker(in bytes: UnsafeRawBufferPointer, at: Int) -> (run: Int, end: Int)? {
        var k = at + 4
        var index = 0, digits = 0
        while k < bytes.count, bytes[k] >= 0x30, bytes[k] <= 0x39, digits < 9 {
            index = index * 10 + Int(bytes[k] - 0x30)
            digits += 1
            k += 1
        }
        guard digits > 0, index < ranges.count, Self.isSentinel(bytes, at: k) else { return nil }
        return (index, k + 4)
    }

    /// Whether `bytes` holds U+10FFFD anywhere.
    static func holdsSentinel(_ bytes: UnsafeRawBufferPointer) -> Bool {
        sentinelOffset(in: bytes, from: 0) != nil
    }

    /// The offset of the first U+10FFFD in `bytes` at or after `from`, or nil.
    static func sentinelOffset(in bytes: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var k = from
        while k + 4 <= bytes.count, let hit = memchr(base + k, 0xF4, bytes.count - k) {
            let at = base.distance(to: UnsafeRawPointer(hit))
            if isSentinel(bytes, at: at) { return at }
            k = at + 1
        }
        return nil
    }

    /// Whether `bytes` holds a form feed: as a byte, or as a numeric character reference
    /// (`&#12;`, `&#x0C;` and the like).
    static func holdsFormFeed(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
        if memchr(base, Int32(formFeed), bytes.count) != nil { return true }
        var k = 0
        while k < bytes.count, let hit = memchr(base + k, 0x26, bytes.count - k) {
            var m = base.distance(to: UnsafeRawPointer(hit)) + 1
            k = m
            guard m < bytes.count, bytes[m] == 0x23 else { continue }
            m += 1
            let hex = m < bytes.count && bytes[m] | 0x20 == 0x78
            if hex { m += 1 }
            var value = 0
            while m < bytes.count, value <= 0x10FFFF {
                let c = bytes[m]
                if c >= 0x30 && c <= 0x39 {
                    value = value * (hex ? 16 : 10) + Int(c - 0x30)
                } else if hex && c | 0x20 >= 0x61 && c | 0x20 <= 0x66 {
                    value = value * 16 + Int(c | 0x20) - 0x61 + 10
                } else {
                    break
                }
                m += 1
            }
            if value == Int(formFeed) { return true }
        }
        return false
    }

    /// The page the runs are in, the runs, by number, and whether each is text (or an
    /// attribute's value).
    let page: UnsafeBufferPointer<UInt8>
    let ranges: [Range<Int>]
    var inText: [Bool] = []
    /// The runs of white space, in order, and the offset of each one's form feed in the bytes
    /// gumbo was given.
    var spaces: [Range<Int>] = []
    var spaceOffsets: [Int] = []

    /// Whether the runs that came back, counted in `seen` and `seenSpaces`, make the tree the
    /// page's: each run of text exactly once, each run of white space at most once. An
    /// attribute's value may come back any number of times, as the tree builder drops a
    /// repeated attribute and copies a formatting element's.
    func cameBack(_ seen: [UInt8], spaces seenSpaces: [UInt8]) -> Bool {
        zip(seen, inText).allSatisfy { count, text in !text || count == 1 } && seenSpaces.allSatisfy { $0 <= 1 }
    }

    var isEmpty: Bool { ranges.isEmpty && spaces.isEmpty }

    /// The number of the first run of white space whose form feed is at or after `offset` in
    /// the bytes gumbo was given (``spaces`` count when none is). `hint`, the answer last
    /// time, is tried first and a few runs after it: the copy asks in the page's order.
    func firstSpace(atOrAfter offset: Int, hint: inout Int) -> Int {
        let count = spaceOffsets.count
        var k = min(max(hint, 0), count)
        if k == 0 || spaceOffsets[k - 1] < offset {
            var steps = 0
            while k < count && spaceOffsets[k] < offset && steps < 8 {
                k += 1
                steps += 1
            }
            if k == count || spaceOffsets[k] >= offset {
                hint = k
                return k
            }
        }
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if spaceOffsets[mid] < offset { low = mid + 1 } else { high = mid }
        }
        hint = low
        return low
    }

    /// A text node's `text` with each form feed replaced by its run of white space: the runs
    /// `expected` (those of the node's stretch of the page), in order; nil unless there are
    /// as many form feeds as runs. Each run put back is counted in `seen`.
    func expandSpaces(_ text: UnsafeRawBufferPointer, runs expected: Range<Int>, seen: inout [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.count + 64)
        var next = expected.lowerBound
        for byte in text {
            guard byte == Self.formFeed else {
                out.append(byte)
                continue
            }
            guard next < expected.upperBound else { return nil }
            seen[next] &+= 1
            out.append(contentsOf: UnsafeBufferPointer(rebasing: page[spaces[next]]))
            next += 1
        }
        return next == expected.upperBound ? out : nil
    }

    /// Gives `body` the bytes of `source` (bytes gumbo was given) piece by piece, each form
    /// feed replaced by its run of white space (from run `firstSpace` on, in order) and each
    /// marker by its run; false when a marker is not whole or a form feed stands for no run.
    /// `body` updates `state` rather than a variable it captures, which would be checked for
    /// exclusive access at each piece.
    func forEachPiece<State>(
        of source: UnsafeRawBufferPointer, firstSpace: Int, into state: inout State, _ body: (inout State, UnsafeRawBufferPointer) -> Void
    ) -> Bool {
        let hasRuns = !ranges.isEmpty, hasSpaces = !spaces.isEmpty
        var from = 0, k = 0
        var space = firstSpace
        let n = source.count
        while k < n {
            let byte = source[k]
            if byte == Self.formFeed && hasSpaces {
                guard space < spaces.count else { return false }
                body(&state, UnsafeRawBufferPointer(rebasing: source[from..<k]))
                body(&state, UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: page[spaces[space]])))
                space += 1
                k += 1
                from = k
            } else if byte == Self.sentinel.0 && hasRuns && Self.isSentinel(source, at: k) {
                guard let (index, end) = marker(in: source, at: k) else { return false }
                body(&state, UnsafeRawBufferPointer(rebasing: source[from..<k]))
                body(&state, UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: page[ranges[index]])))
                k = end
                from = k
            } else {
                k += 1
            }
        }
        body(&state, UnsafeRawBufferPointer(rebasing: source[from..<n]))
        return true
    }

    /// `text` with each marker replaced by its run's bytes; nil when a marker is not whole or
    /// names no run. With `seen`, each run put back is counted there.
    func expand(_ text: UnsafeRawBufferPointer, seen: UnsafeMutableBufferPointer<UInt8>? = nil) -> [UInt8]? {
        var out: [UInt8] = []
        var from = 0
        while let at = Self.sentinelOffset(in: text, from: from) {
            if out.isEmpty { out.reserveCapacity(text.count + 256) }
            out.append(contentsOf: text[from..<at])
            guard let (index, end) = marker(in: text, at: at) else { return nil }
            if let seen { seen[index] &+= 1 }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: page[ranges[index]]))
            from = end
        }
        if from == 0 { return Array(text) }
        out.append(contentsOf: text[from...])
        return out
    }
}
