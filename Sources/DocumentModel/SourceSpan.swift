/// Where a node came from in its input.
///
/// Lines and columns are 1-based; columns count Unicode scalars from the start of the line.
/// Offsets are 0-based UTF-8 byte offsets: into the input file itself when it is UTF-8 (a
/// byte-order mark included), into the text as decoded to UTF-8 otherwise. `end` is exclusive.
public struct SourceSpan: Sendable, Hashable {
    public var start: SourcePosition
    public var end: SourcePosition

    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }
}

/// A point in an input: line, column and byte offset.
public struct SourcePosition: Sendable, Hashable, Comparable {
    /// 1-based line number.
    public var line: Int
    /// 1-based column, in Unicode scalars.
    public var column: Int
    /// 0-based UTF-8 byte offset.
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        lhs.offset < rhs.offset
    }
}
