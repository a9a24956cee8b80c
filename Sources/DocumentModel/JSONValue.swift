/// A parsed JSON value with the byte offset where it starts, for error messages.
public struct JSONValue: Sendable, Hashable {
    public var kind: Kind
    /// 0-based UTF-8 byte offset of the value's first byte in the parsed text.
    public var offset: Int

    public init(_ kind: Kind, offset: Int = 0) {
        self.kind = kind
        self.offset = offset
    }

    public enum Kind: Sendable, Hashable {
        case null
        case bool(Bool)
        /// A number, kept as its JSON text so that nothing is lost before it is read as a type.
        case number(String)
        case string(String)
        case array([JSONValue])
        /// Members in document order.
        case object([JSONMember])
    }

    /// The member named `key` of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = kind else { return nil }
        return members.first(where: { $0.key == key })?.value
    }

    /// A short name of the value's JSON type, for messages.
    public var typeDescription: String {
        switch kind {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// One member of a JSON object.
public struct JSONMember: Sendable, Hashable {
    public var key: String
    public var value: JSONValue
    /// Byte offset of the key.
    public var keyOffset: Int

    public init(key: String, value: JSONValue, keyOffset: Int = 0) {
        self.key = key
        self.value = value
        self.keyOffset = keyOffset
    }
}

/// A JSON text that could not be parsed, or a value of the wrong shape.
public struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// 0-based UTF-8 byte offset where the problem is.
    public var offset: Int
    /// 1-based line and column (in Unicode scalars), when known.
    public var line: Int?
    public var column: Int?

    public init(_ message: String, offset: Int, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    public var description: String {
        if let line, let column { return "\(line):\(column): \(message)" }
        return "byte \(offset): \(message)"
    }

    /// A copy with `line` and `column` worked out from `offset` in `bytes`.
    public func located(in bytes: some Collection<UInt8>) -> JSONError {
        var copy = self
        let position = TextPosition.locate(offset: offset, in: bytes)
        copy.line = position.line
        copy.column = position.column
        return copy
    }
}

/// Finds the line and column of a byte offset.
public enum TextPosition {
    /// The 1-based line and column (counted in Unicode scalars) of `offset` in UTF-8 `bytes`.
    /// Lines end at LF, CRLF or CR.
    public static func locate(offset: Int, in bytes: some Collection<UInt8>) -> SourcePosition {
        var line = 1, column = 1, index = 0
        var previousCR = false
        for byte in bytes {
            if index >= offset { break }
            index += 1
            if byte == 0x0A {
                if !previousCR { line += 1 }
                column = 1
                previousCR = false
            } else if byte == 0x0D {
                line += 1
                column = 1
                previousCR = true
            } else {
                previousCR = false
                // Count scalars: every byte that is not a UTF-8 continuation byte starts one.
                if byte & 0xC0 != 0x80 { column += 1 }
            }
        }
        return SourcePosition(line: line, column: column, offset: offset)
    }
}
