/// Writes JSON text into a byte buffer, compact or indented by two spaces.
///
/// Strings are written as UTF-8 with only `"`, `\` and control characters escaped, so Arabic
/// and emoji stay readable. Commas and indentation are placed automatically.
///
/// Made with a ``ByteSink``, it streams: whenever a container closes with a chunk's worth of
/// bytes ready, they go to the sink, and ``finish()`` hands over the rest.
public struct JSONWriter {
    /// The JSON written so far; with a sink, what has not yet been handed to it.
    public private(set) var bytes: [UInt8] = []
    /// Where the bytes go in chunks, or nil to keep them all in ``bytes``.
    private let sink: (any ByteSink)?
    /// Bytes handed to the sink so far.
    private var flushed = 0
    /// The first error the sink threw; after it, bytes are dropped.
    private var failure: (any Error)?
    /// Indent nested values on new lines.
    public let pretty: Bool
    /// Members written so far in the innermost open container; those of the containers
    /// around it wait in `outer`, so that writing a member touches no array.
    private var count = 0
    private var outer: [Int] = []
    /// Open containers.
    private var depth = 0
    private var afterKey = false

    public init(pretty: Bool = false, reservingCapacity capacity: Int = 0) {
        self.pretty = pretty
        sink = nil
        chunkSize = .max
        bytes.reserveCapacity(capacity)
    }

    /// A writer that hands its bytes to `sink` about `chunkSize` at a time as it goes; call
    /// ``finish()`` at the end.
    public init(pretty: Bool = false, streamingTo sink: any ByteSink, chunkSize: Int = 1 << 18) {
        self.pretty = pretty
        self.sink = sink
        self.chunkSize = max(1, chunkSize)
        // Room for a chunk and the string that overflows it, mostly: a longer one grows the buffer.
        bytes.reserveCapacity(self.chunkSize + self.chunkSize / 2)
    }

    /// Bytes buffered before they go to the sink.
    private let chunkSize: Int

    /// How many bytes have been written in all: the offset of the next one.
    public var offset: Int { flushed + bytes.count }

    /// Hands the buffered bytes to the sink, and rethrows the first error the sink threw.
    /// Without a sink it does nothing: the JSON is in ``bytes``.
    public mutating func finish() throws {
        flush()
        if let failure { throw failure }
    }

    private mutating func flush() {
        guard let sink, !bytes.isEmpty else { return }
        if failure == nil {
            do {
                try bytes.withUnsafeBytes { try sink.write($0) }
            } catch {
                failure = error
            }
        }
        flushed += bytes.count
        bytes.removeAll(keepingCapacity: true)
    }

    private static let spaces = [UInt8](repeating: 0x20, count: 128)

    private mutating func newline() {
        bytes.append(0x0A)
        var indent = depth * 2
        while indent > 0 {
            let chunk = min(indent, Self.spaces.count)
            Self.spaces.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<chunk])) }
            indent -= chunk
        }
    }

    /// Comma and indentation before a value or key.
    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard depth > 0 else { return }
        if count > 0 { bytes.append(UInt8(ascii: ",")) }
        count += 1
        if pretty { newline() }
    }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        open()
    }

    public mutating func endObject() { close(UInt8(ascii: "}")) }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        open()
    }

    public mutating func endArray() { close(UInt8(ascii: "]")) }

    private mutating func open() {
        if depth > 0 { outer.append(count) }
        depth += 1
        count = 0
    }

    private mutating func close(_ byte: UInt8) {
        precondition(depth > 0, "a container closed that was not open")
        let members = count
        depth -= 1
        count = depth > 0 ? outer.removeLast() : 0
        if pretty && members > 0 { newline() }
        bytes.append(byte)
        if bytes.count >= chunkSize { flush() }
    }

    /// Writes a key; the next value written is its value.
    public mutating func key(_ key: String) {
        separate()
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(0x20) }
        afterKey = true
    }

    /// Writes a key known when the program is compiled, plain ASCII that needs no escaping
    /// (the AST's field names): its bytes are copied as they are.
    public mutating func staticKey(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { key in
            assert(key.allSatisfy { $0 >= 0x20 && $0 < 0x80 && $0 != 0x22 && $0 != 0x5C }, "a static key needs escaping")
            bytes.append(contentsOf: key)
        }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(0x20) }
        afterKey = true
    }

    public mutating func string(_ value: String) {
        separate()
        writeString(value)
    }

    public mutating func int(_ value: Int) {
        separate()
        // Digits straight into the buffer: no string per number.
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for the 20 digits of UInt64.max
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(truncatingIfNeeded: 0x30 &+ magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(24 - count)...]))
        }
    }

    /// Writes a finite number in its shortest form that reads back exactly. The caller
    /// makes sure it is finite: JSON has no infinity or NaN.
    public mutating func double(_ value: Double) {
        separate()
        // Swift prints the shortest text that reads back exactly ("0.85", "1e-05").
        bytes.append(contentsOf: value.description.utf8)
    }

    /// Appends one byte as it is, outside the JSON grammar: a newline after a document.
    public mutating func rawByte(_ byte: UInt8) {
        bytes.append(byte)
    }

    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Writes a value already parsed.
    public mutating func value(_ value: JSONValue) {
        // Iterative over arbitrary nesting.
        enum Step { case value(JSONValue), key(String), endArray, endObject }
        var steps: [Step] = [.value(value)]
        while let step = steps.popLast() {
            switch step {
            case .key(let k): key(k)
            case .endArray: endArray()
            case .endObject: endObject()
            case .value(let v):
                switch v.kind {
                case .null: null()
                case .bool(let b): bool(b)
                case .number(let n): separate(); bytes.append(contentsOf: n.utf8)
                case .string(let s): string(s)
                case .array(let items):
                    beginArray()
                    steps.append(.endArray)
                    for item in items.reversed() { steps.append(.value(item)) }
                case .object(let members):
                    beginObject()
                    steps.append(.endObject)
                    for m in members.reversed() { steps.append(.value(m.value)); steps.append(.key(m.key)) }
                }
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            guard let p = utf8.baseAddress else { return }
            let n = utf8.count
            var runStart = 0
            var i = 0
            while i < n {
                // Skip eight bytes at a time while none needs escaping: no byte below 0x20, no
                // `"` (0x22), no `\` (0x5C). Each test is exact for "some byte of the word".
                while i + 8 <= n {
                    let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                    if Self.needsEscape(word) { break }
                    i += 8
                }
                // Then byte by byte up to the next one that needs escaping.
                while i < n {
                    let b = p[i]
                    if b < 0x20 || b == 0x22 || b == 0x5C { break }
                    i += 1
                    if i & 7 == 0 { break }  // back to words
                }
                guard i < n else { break }
                let b = p[i]
                guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
                if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(start: p + runStart, count: i - runStart)) }
                escape(b)
                i += 1
                runStart = i
            }
            if runStart < n { bytes.append(contentsOf: UnsafeBufferPointer(start: p + runStart, count: n - runStart)) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// True when some byte of `word` is below 0x20, `"` or `\`.
    @inline(__always)
    static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (0x22 &* ones)
        let backslash = word ^ (0x5C &* ones)
        let below = (word &- 0x20 &* ones) & ~word
        let isQuote = (quote &- ones) & ~quote
        let isBackslash = (backslash &- ones) & ~backslash
        return (below | isQuote | isBackslash) & high != 0
    }

    /// Writes the escape of a byte below 0x20, `"` or `\`.
    private mutating func escape(_ b: UInt8) {
        bytes.append(0x5C)
        switch b {
        case 0x22: bytes.append(0x22)
        case 0x5C: bytes.append(0x5C)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            bytes.append(UInt8(ascii: "u"))
            bytes.append(0x30)
            bytes.append(0x30)
            bytes.append(Self.hexDigits[Int(b >> 4)])
            bytes.append(Self.hexDigits[Int(b & 0xF)])
        }
    }
}
