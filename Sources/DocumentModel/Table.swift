/// A table: an optional caption, header rows and body rows of cells that may span.
public struct Table: Sendable, Hashable {
    /// The caption, or empty.
    public var caption: [Block]
    /// Header rows.
    public var head: [TableRow]
    /// Body rows.
    public var body: [TableRow]

    public init(caption: [Block] = [], head: [TableRow] = [], body: [TableRow] = []) {
        self.caption = caption
        self.head = head
        self.body = body
    }
}

/// One row of a table.
public struct TableRow: Sendable, Hashable {
    public var attributes: Attributes
    public var cells: [TableCell]

    public init(cells: [TableCell], attributes: Attributes = .empty) {
        self.cells = cells
        self.attributes = attributes
    }
}

/// One cell of a table.
public struct TableCell: Sendable, Hashable {
    public var attributes: Attributes
    /// True for a header cell (a label), in the head or in a body row.
    public var isHeader: Bool
    /// Rows the cell spans, 1 or more.
    public var rowSpan: Int
    /// Columns the cell spans, 1 or more.
    public var columnSpan: Int
    /// Horizontal alignment, if given.
    public var alignment: Alignment?
    /// The cell's content.
    public var blocks: [Block]

    public init(
        _ blocks: [Block], isHeader: Bool = false, rowSpan: Int = 1, columnSpan: Int = 1,
        alignment: Alignment? = nil, attributes: Attributes = .empty
    ) {
        self.blocks = blocks
        self.isHeader = isHeader
        self.rowSpan = rowSpan
        self.columnSpan = columnSpan
        self.alignment = alignment
        self.attributes = attributes
    }

    /// Horizontal alignment of a cell's content.
    public enum Alignment: String, Sendable, Hashable, CaseIterable {
        case start, center, end
    }
}
