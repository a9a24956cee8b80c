/// Where a node came from in its input.
///
/// Lines and columns are 1-based; columns count Unicode scalars from the start of the line.
/// Offsets are 0-based UTF-8 byte offsets: into the input file itself when it is UTF-8 (a
/// byte-order mark included), into the text as decoded to UTF-8 otherwise. `end` is exclusive.
public struct SourceSpan: Sendable, Hashable {
    public var start: SourcePosition
    public var end: SourcePosition

    @inlinable
    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }
}

/// A point in an input: line, column and byte offset.
///
/// The offset is kept whole, for inputs of any size. The line and the column are kept in 32 bits
/// each, so that a position takes 16 bytes: a line or a column beyond 2,147,483,647 (an input of
/// more than two thousand million lines, or a single line of more than two thousand million
/// scalars) is kept as 2,147,483,647, and one below −2,147,483,648 as that, rather than wrap
/// around; the offset still says exactly where the point is.
public struct SourcePosition: Sendable, Hashable, Comparable {
    /// 0-based UTF-8 byte offset.
    public var offset: Int
    @usableFromInline var storedLine: Int32
    @usableFromInline var storedColumn: Int32

    /// 1-based line number (saturated to the range of `Int32`).
    @inlinable
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }

    /// 1-based column, in Unicode scalars (saturated to the range of `Int32`).
    @inlinable
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }

    /// A position; a line or a column outside the range of `Int32` is kept at its nearer end.
    @inlinable
    public init(line: Int, column: Int, offset: Int) {
        self.offset = offset
        self.storedLine = Int32(clamping: line)
        self.storedColumn = Int32(clamping: column)
    }

    @inlinable
    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        lhs.offset < rhs.offset
    }
}
