/// Writes JSON text into a byte buffer, compact or indented by two spaces.
///
/// Strings are written as UTF-8 with only `"`, `\` and control characters escaped, so Arabic
/// and emoji stay readable. Commas and indentation are placed automatically.
///
/// Made with a ``ByteSink``, it streams: whenever a container closes with a chunk's worth of
/// bytes ready, they go to the sink, and ``finish()`` hands over the rest.
public struct JSONWriter {
    /// The JSON written so far; with a sink, what has not yet been handed to it.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: length)) }
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

    // The bytes live in a buffer of the writer's own, written through a pointer: each public
    // call makes sure once that the buffer is not shared with a copy of the writer and has
    // room, and then stores its bytes without the checks an array makes on every append.
    private final class Storage {
        var base: UnsafeMutablePointer<UInt8>
        let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(capacity: capacity)
        }

        deinit { base.deallocate() }
    }

    private var storage: Storage
    /// `storage`'s buffer and its size, kept here so that writing touches no class property.
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes in the buffer.
    private var length = 0

    public init(pretty: Bool = false, reservingCapacity capacity: Int = 0) {
        self.pretty = pretty
        sink = nil
        chunkSize = .max
        storage = Storage(capacity: max(capacity, 256))
        base = storage.base
        self.capacity = storage.capacity
    }

    /// A writer that hands its bytes to `sink` about `chunkSize` at a time as it goes; call
    /// ``finish()`` at the end.
    public init(pretty: Bool = false, streamingTo sink: any ByteSink, chunkSize: Int = 1 << 18) {
        self.pretty = pretty
        self.sink = sink
        self.chunkSize = max(1, chunkSize)
        // Room for a chunk and the string that overflows it, mostly: a longer one grows the buffer.
        storage = Storage(capacity: max(256, self.chunkSize + self.chunkSize / 2))
        base = storage.base
        capacity = storage.capacity
    }

    /// Bytes buffered before they go to the sink.
    private let chunkSize: Int

    /// How many bytes have been written in all: the offset of the next one.
    public var offset: Int { flushed + length }

    /// Hands the buffered bytes to the sink, and rethrows the first error the sink threw.
    /// Without a sink it does nothing: the JSON is in ``bytes``.
    public mutating func finish() throws {
        flush()
        if let failure { throw failure }
    }

    private mutating func flush() {
        guard let sink, length > 0 else { return }
        if failure == nil {
            do {
                try sink.write(UnsafeRawBufferPointer(start: base, count: length))
            } catch {
                failure = error
            }
        }
        flushed += length
        length = 0
    }

    // MARK: The buffer

    /// Makes the buffer this writer's alone, with room for `extra` more bytes. Called once by
    /// each public method before it writes.
    @inline(__always)
    private mutating func prepare(_ extra: Int) {
        if _slowPath(!isKnownUniquelyReferenced(&storage) || length + extra > capacity) { reallocate(extra) }
    }

    /// Room for `extra` more bytes, in a buffer already this writer's alone.
    @inline(__always)
    private mutating func ensure(_ extra: Int) {
        if _slowPath(length + extra > capacity) { reallocate(extra) }
    }

    /// A buffer of its own, with room for `extra` more bytes: the old one's bytes copied.
    private mutating func reallocate(_ extra: Int) {
        let needed = length + extra
        let size = needed > capacity ? max(needed, capacity * 2) : capacity
        let fresh = Storage(capacity: size)
        fresh.base.initialize(from: base, count: length)
        storage = fresh
        base = fresh.base
        capacity = size
    }

    @inline(__always)
    private mutating func put(_ byte: UInt8) {
        base[length] = byte
        length += 1
    }

    @inline(__always)
    private mutating func put(_ bytes: UnsafePointer<UInt8>, _ n: Int) {
        (base + length).update(from: bytes, count: n)
        length += n
    }

    /// Appends bytes as they are, growing the buffer as needed.
    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress else { return }
        ensure(bytes.count)
        put(start, bytes.count)
    }

    private mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    // MARK: Writing

    /// A newline and the indentation of the current depth.
    private mutating func newline() {
        let indent = depth * 2
        ensure(1 + indent)
        put(0x0A)
        (base + length).update(repeating: 0x20, count: indent)
        length += indent
    }

    /// Comma and indentation before a value or key.
    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard depth > 0 else { return }
        if count > 0 {
            ensure(1)
            put(UInt8(ascii: ","))
        }
        count += 1
        if pretty { newline() }
    }

    public mutating func beginObject() {
        prepare(2)
        separate()
        ensure(1)
        put(UInt8(ascii: "{"))
        open()
    }

    public mutating func endObject() { close(UInt8(ascii: "}")) }

    public mutating func beginArray() {
        prepare(2)
        separate()
        ensure(1)
        put(UInt8(ascii: "["))
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
        prepare(1)
        let members = count
        depth -= 1
        count = depth > 0 ? outer.removeLast() : 0
        if pretty && members > 0 { newline() }
        ensure(1)
        put(byte)
        if length >= chunkSize { flush() }
    }

    /// Writes a key; the next value written is its value.
    public mutating func key(_ key: String) {
        prepare(0)
        separate()
        writeString(key)
        ensure(2)
        put(UInt8(ascii: ":"))
        if pretty { put(0x20) }
        afterKey = true
    }

    /// Writes a key known when the program is compiled, plain ASCII that needs no escaping
    /// (the AST's field names): its bytes are copied as they are.
    public mutating func staticKey(_ key: StaticString) {
        prepare(0)
        separate()
        writeStaticKey(key)
        afterKey = true
    }

    /// A member with a key known when the program is compiled and a string value: what
    /// ``staticKey(_:)`` and ``string(_:)`` write, in one call.
    public mutating func member(_ key: StaticString, _ value: String) {
        prepare(0)
        separate()
        writeStaticKey(key)
        writeString(value)
    }

    /// A member with a key known when the program is compiled and an integer value: what
    /// ``staticKey(_:)`` and ``int(_:)`` write, in one call.
    public mutating func member(_ key: StaticString, _ value: Int) {
        prepare(0)
        separate()
        writeStaticKey(key)
        writeInt(value)
    }

    public mutating func string(_ value: String) {
        prepare(0)
        separate()
        writeString(value)
    }

    public mutating func int(_ value: Int) {
        prepare(21)
        separate()
        writeInt(value)
    }

    /// `"key":` (and a space when pretty), into a buffer already this writer's alone.
    private mutating func writeStaticKey(_ key: StaticString) {
        key.withUTF8Buffer { key in
            assert(key.allSatisfy { $0 >= 0x20 && $0 < 0x80 && $0 != 0x22 && $0 != 0x5C }, "a static key needs escaping")
            ensure(key.count + 4)
            put(UInt8(ascii: "\""))
            if let start = key.baseAddress { put(start, key.count) }
            put(UInt8(ascii: "\""))
            put(UInt8(ascii: ":"))
            if pretty { put(0x20) }
        }
    }

    /// An integer's digits, into a buffer already this writer's alone.
    private mutating func writeInt(_ value: Int) {
        ensure(21)
        // Digits straight into the buffer: no string per number.
        if value < 0 { put(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for the 20 digits of UInt64.max
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(truncatingIfNeeded: 0x30 &+ magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            put(buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) + (24 - count), count)
        }
    }

    /// Writes a finite number in its shortest form that reads back exactly. The caller
    /// makes sure it is finite: JSON has no infinity or NaN.
    public mutating func double(_ value: Double) {
        prepare(0)
        separate()
        // Swift prints the shortest text that reads back exactly ("0.85", "1e-05").
        append(value.description)
    }

    /// Appends one byte as it is, outside the JSON grammar: a newline after a document.
    public mutating func rawByte(_ byte: UInt8) {
        prepare(1)
        put(byte)
    }

    public mutating func bool(_ value: Bool) {
        prepare(0)
        separate()
        append(value ? "true" : "false")
    }

    public mutating func null() {
        prepare(0)
        separate()
        append("null")
    }

    /// A number's text as it was read.
    private mutating func number(_ text: String) {
        prepare(0)
        separate()
        append(text)
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
                case .number(let n): number(n)
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

    /// Writes a string, quoted and escaped, into a buffer already this writer's alone.
    private mutating func writeString(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            let n = utf8.count
            // Room for the quotes and the string as it is: escapes make room of their own.
            ensure(n + 2)
            put(UInt8(ascii: "\""))
            guard let p = utf8.baseAddress else { return }
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
                if runStart < i {
                    ensure(i - runStart)
                    put(p + runStart, i - runStart)
                }
                escape(b)
                i += 1
                runStart = i
            }
            if runStart < n {
                ensure(n - runStart)
                put(p + runStart, n - runStart)
            }
        }
        ensure(1)
        put(UInt8(ascii: "\""))
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
        ensure(6)
        put(0x5C)
        switch b {
        case 0x22: put(0x22)
        case 0x5C: put(0x5C)
        case 0x0A: put(UInt8(ascii: "n"))
        case 0x0D: put(UInt8(ascii: "r"))
        case 0x09: put(UInt8(ascii: "t"))
        case 0x08: put(UInt8(ascii: "b"))
        case 0x0C: put(UInt8(ascii: "f"))
        default:
            put(UInt8(ascii: "u"))
            put(0x30)
            put(0x30)
            put(Self.hexDigits[Int(b >> 4)])
            put(Self.hexDigits[Int(b & 0xF)])
        }
    }
}
