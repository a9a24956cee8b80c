/// A strict JSON parser (RFC 8259) that keeps object members in order and records where each
/// value starts.
///
/// It is iterative, so deep nesting cannot overflow the stack; nesting past `maximumNesting`
/// is refused with an error. Duplicate keys in one object are an error.
public struct JSONParser {
    /// How many arrays and objects may nest.
    public var maximumNesting: Int

    public init(maximumNesting: Int = 4 * DocumentLimits.maximumDepth + 64) {
        self.maximumNesting = maximumNesting
    }

    /// Parses one JSON text. Leading and trailing white space is allowed; anything else after
    /// the value is an error. The bytes must be UTF-8 (callers check this first).
    public func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        do {
            return try bytes.withUnsafeBufferPointer { buffer in
                var state = ParserState(bytes: buffer, maximumNesting: maximumNesting)
                return try state.parseDocument()
            }
        } catch let error as JSONError {
            throw error
        } catch {
            throw JSONError("\(error)", offset: 0)
        }
    }

    /// Parses one JSON text given as a string.
    public func parse(_ text: String) throws(JSONError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

private struct ParserState {
    let bytes: UnsafeBufferPointer<UInt8>
    let maximumNesting: Int
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maximumNesting: Int) {
        self.bytes = bytes
        self.maximumNesting = maximumNesting
    }

    /// An array or object being read. Kept in a stack and changed in place through it, so
    /// that appending never copies the elements read so far.
    struct Frame {
        var isObject: Bool
        var offset: Int
        var items: [JSONValue] = []
        var members: [JSONMember] = []
        var keys: Set<String> = []
        var pendingKey = ""
        var keyOffset = 0
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    func fail(_ message: String, at offset: Int? = nil) -> JSONError {
        JSONError(message, offset: offset ?? index)
    }

    func describeByte(at i: Int) -> String {
        guard i < bytes.count else { return "end of input" }
        let b = bytes[i]
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    mutating func parseDocument() throws -> JSONValue {
        var stack: [Frame] = []

        skipWhitespace()
        while true {
            // Expect a value (or the end of an empty container).
            skipWhitespace()
            guard index < bytes.count else {
                throw fail(stack.isEmpty ? "empty input: expected a JSON value" : "unexpected end of input inside \(stack.count) unclosed array(s) or object(s)")
            }
            var value: JSONValue
            let start = index
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = bytes[index] == UInt8(ascii: "{")
                index += 1
                if stack.count >= maximumNesting {
                    throw fail("JSON nested more than \(maximumNesting) levels deep; warraq stops there rather than risk running out of stack", at: start)
                }
                skipWhitespace()
                if index < bytes.count && bytes[index] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    index += 1
                    value = JSONValue(isObject ? .object([]) : .array([]), offset: start)
                } else {
                    var frame = Frame(isObject: isObject, offset: start)
                    if isObject { (frame.pendingKey, frame.keyOffset) = try parseKey() }
                    stack.append(frame)
                    continue
                }
            case UInt8(ascii: "\""):
                value = JSONValue(.string(try parseString()), offset: start)
            case UInt8(ascii: "t"):
                try expectWord("true")
                value = JSONValue(.bool(true), offset: start)
            case UInt8(ascii: "f"):
                try expectWord("false")
                value = JSONValue(.bool(false), offset: start)
            case UInt8(ascii: "n"):
                try expectWord("null")
                value = JSONValue(.null, offset: start)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = JSONValue(.number(try parseNumber()), offset: start)
            default:
                throw fail("expected a JSON value, found \(describeByte(at: index))")
            }

            // Attach the value to its container, closing containers as they end.
            while true {
                guard !stack.isEmpty else {
                    skipWhitespace()
                    if index < bytes.count { throw fail("unexpected \(describeByte(at: index)) after the JSON value") }
                    return value
                }
                let top = stack.count - 1
                skipWhitespace()
                if stack[top].isObject {
                    let key = stack[top].pendingKey
                    if !stack[top].keys.insert(key).inserted {
                        throw fail("duplicate key \"\(key)\" in an object", at: stack[top].keyOffset)
                    }
                    stack[top].members.append(JSONMember(key: key, value: value, keyOffset: stack[top].keyOffset))
                    guard index < bytes.count else { throw fail("unexpected end of input in an object (opened at byte \(stack[top].offset))") }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        skipWhitespace()
                        (stack[top].pendingKey, stack[top].keyOffset) = try parseKey()
                        break
                    } else if bytes[index] == UInt8(ascii: "}") {
                        index += 1
                        let frame = stack.removeLast()
                        value = JSONValue(.object(frame.members), offset: frame.offset)
                        continue
                    } else {
                        throw fail("expected ',' or '}' in an object, found \(describeByte(at: index))")
                    }
                } else {
                    stack[top].items.append(value)
                    guard index < bytes.count else { throw fail("unexpected end of input in an array (opened at byte \(stack[top].offset))") }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                        break
                    } else if bytes[index] == UInt8(ascii: "]") {
                        index += 1
                        let frame = stack.removeLast()
                        value = JSONValue(.array(frame.items), offset: frame.offset)
                        continue
                    } else {
                        throw fail("expected ',' or ']' in an array, found \(describeByte(at: index))")
                    }
                }
            }
        }
    }

    /// Parses `"key" :` and leaves the index at the value.
    mutating func parseKey() throws -> (String, Int) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
            throw fail("expected a quoted key in an object, found \(describeByte(at: index))")
        }
        let offset = index
        let key = try parseString()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
            throw fail("expected ':' after the key \"\(key)\", found \(describeByte(at: index))")
        }
        index += 1
        return (key, offset)
    }

    mutating func expectWord(_ word: StaticString) throws {
        let start = index
        let count = word.utf8CodeUnitCount
        var ok = index + count <= bytes.count
        if ok {
            for i in 0..<count where bytes[index + i] != word.utf8Start[i] { ok = false; break }
        }
        guard ok else { throw fail("expected a JSON value, found \(describeByte(at: start))", at: start) }
        index += count
    }

    mutating func parseNumber() throws -> String {
        let start = index
        func digit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard digit(index) else { throw fail("malformed number: expected a digit") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if digit(index) { throw fail("malformed number: leading zeros are not allowed") }
        } else {
            while digit(index) { index += 1 }
        }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digit(index) else { throw fail("malformed number: expected a digit after '.'") }
            while digit(index) { index += 1 }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            guard digit(index) else { throw fail("malformed number: expected a digit in the exponent") }
            while digit(index) { index += 1 }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    mutating func parseString() throws -> String {
        let open = index
        index += 1  // the opening quote
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("control character 0x\(String(b, radix: 16, uppercase: true)) in a string must be escaped") }
            index += 1
        }
        var out: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b < 0x20 { throw fail("control character 0x\(String(b, radix: 16, uppercase: true)) in a string must be escaped") }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                index += 1
                continue
            }
            let escapeStart = index
            index += 1
            guard index < bytes.count else { break }
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4(at: escapeStart)
                if code >= 0xD800 && code <= 0xDBFF {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw fail("unpaired surrogate \\u\(String(code, radix: 16, uppercase: true)) in a string", at: escapeStart)
                    }
                    index += 2
                    let low = try hex4(at: escapeStart)
                    guard low >= 0xDC00 && low <= 0xDFFF else {
                        throw fail("unpaired surrogate \\u\(String(code, radix: 16, uppercase: true)) in a string", at: escapeStart)
                    }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if code >= 0xDC00 && code <= 0xDFFF {
                    throw fail("unpaired surrogate \\u\(String(code, radix: 16, uppercase: true)) in a string", at: escapeStart)
                }
                out.append(contentsOf: Array(String(Unicode.Scalar(code)!).utf8))
            default:
                throw fail("invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string", at: escapeStart)
            }
        }
        throw fail("unterminated string (opened at byte \(open))", at: open)
    }

    mutating func hex4(at escapeStart: Int) throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("truncated \\u escape", at: escapeStart) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw fail("invalid hex digit in a \\u escape", at: escapeStart)
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }
}
