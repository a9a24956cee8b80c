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

    /// Stands for no span inside a node (``Inline/span`` and ``Block/span`` are nil for it): a
    /// line no position can have, as ``SourcePosition`` keeps lines above `Int32.min`.
    @inlinable
    static var absent: SourceSpan {
        SourceSpan(
            start: SourcePosition(offset: 0, storedLine: .min, storedColumn: 0),
            end: SourcePosition(offset: 0, storedLine: .min, storedColumn: 0))
    }

    /// True for ``absent``.
    @inlinable
    var isAbsent: Bool { start.storedLine == .min }
}

/// A point in an input: line, column and byte offset.
///
/// The offset is kept whole, for inputs of any size. The line and the column are kept in 32 bits
/// each, so that a position takes 16 bytes: a line or a column beyond 2,147,483,647 (an input of
/// more than two thousand million lines, or a single line of more than two thousand million
/// scalars) is kept as 2,147,483,647, rather than wrap around, and one below −2,147,483,647 as
/// that; the offset still says exactly where the point is.
public struct SourcePosition: Sendable, Hashable, Comparable {
    /// 0-based UTF-8 byte offset.
    public var offset: Int
    @usableFromInline var storedLine: Int32
    @usableFromInline var storedColumn: Int32

    /// 1-based line number (saturated to ±2,147,483,647).
    @inlinable
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Self.saturated(newValue) }
    }

    /// 1-based column, in Unicode scalars (saturated to ±2,147,483,647).
    @inlinable
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Self.saturated(newValue) }
    }

    /// A position; a line or a column past 32 bits is kept at its nearer limit.
    @inlinable
    public init(line: Int, column: Int, offset: Int) {
        self.offset = offset
        self.storedLine = Self.saturated(line)
        self.storedColumn = Self.saturated(column)
    }

    @inlinable
    init(offset: Int, storedLine: Int32, storedColumn: Int32) {
        self.offset = offset
        self.storedLine = storedLine
        self.storedColumn = storedColumn
    }

    /// A line or a column in 32 bits, from −2,147,483,647 to 2,147,483,647 (`Int32.min` is left
    /// out: as a line, it marks ``SourceSpan/absent``).
    @inlinable
    static func saturated(_ value: Int) -> Int32 {
        value < -Int(Int32.max) ? -Int32.max : Int32(clamping: value)
    }

    @inlinable
    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        lhs.offset < rhs.offset
    }
}

extension SourcePosition: CustomReflectable {
    /// Line, column and offset, as `print`, `dump` and test failures show them.
    public var customMirror: Mirror {
        Mirror(self, children: ["line": line, "column": column, "offset": offset], displayStyle: .struct)
    }
}
