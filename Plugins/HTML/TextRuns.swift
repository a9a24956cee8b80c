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
struct TextRuns {
    /// A run must be at least this long to be worth a marker (a marker is 9 to 15 bytes).
    static let minimumRun = 32

    /// U+10FFFD in UTF-8: the first and last character of a marker.
    static let sentinel: (UInt8, UInt8, UInt8, UInt8) = (0xF4, 0x8F, 0xBF, 0xBD)

    /// The bytes of the marker of run `index`, and its number of characters.
    static func marker(_ index: Int) -> (bytes: [UInt8], characters: Int) {
        let digits = Array(String(index).utf8)
        let s = sentinel
        return ([s.0, s.1, s.2, s.3] + digits + [s.0, s.1, s.2, s.3], digits.count + 2)
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
            if at + 4 <= bytes.count && bytes[at + 1] == sentinel.1 && bytes[at + 2] == sentinel.2 && bytes[at + 3] == sentinel.3 { return at }
            k = at + 1
        }
        return nil
    }

    /// The page the runs are in, the runs, by number, and whether each is text (or an
    /// attribute's value).
    let page: UnsafeBufferPointer<UInt8>
    let ranges: [Range<Int>]
    var inText: [Bool] = []

    /// Whether the runs that came back, counted in `seen`, make the tree the page's: each run
    /// of text exactly once. An attribute's value may come back any number of times, as the
    /// tree builder drops a repeated attribute and copies a formatting element's.
    func cameBack(_ seen: [UInt8]) -> Bool {
        zip(seen, inText).allSatisfy { count, text in !text || count == 1 }
    }

    var isEmpty: Bool { ranges.isEmpty }

    /// `text` with each marker replaced by its run's bytes; nil when a marker is not whole or
    /// names no run. With `seen`, each run put back is counted there.
    func expand(_ text: UnsafeRawBufferPointer, seen: UnsafeMutableBufferPointer<UInt8>? = nil) -> [UInt8]? {
        var out: [UInt8] = []
        var from = 0
        while let at = Self.sentinelOffset(in: text, from: from) {
            if out.isEmpty { out.reserveCapacity(text.count + 256) }
            out.append(contentsOf: text[from..<at])
            var k = at + 4
            var index = 0, digits = 0
            while k < text.count, text[k] >= 0x30, text[k] <= 0x39, digits < 9 {
                index = index * 10 + Int(text[k] - 0x30)
                digits += 1
                k += 1
            }
            guard digits > 0, index < ranges.count, let close = Self.sentinelOffset(in: text, from: k), close == k else { return nil }
            if let seen { seen[index] &+= 1 }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: page[ranges[index]]))
            from = k + 4
        }
        if from == 0 { return Array(text) }
        out.append(contentsOf: text[from...])
        return out
    }
}
