/// A block of the body: a heading, a paragraph, a list, a table, a container.
public struct Block: Sendable, Hashable {
    /// What the block is, with its content.
    public var kind: Kind
    /// Identifier, classes, language, direction and key/values.
    public var attributes: Attributes
    // The span, or ``SourceSpan/absent`` for none: an optional span would take a byte more
    // than a span, and a word more in the node once aligned.
    @usableFromInline var storedSpan: SourceSpan
    /// Where the block came from; nil for blocks a transform made.
    @inlinable
    public var span: SourceSpan? {
        get { storedSpan.isAbsent ? nil : storedSpan }
        set { storedSpan = newValue ?? .absent }
    }

    @inlinable
    public init(_ kind: Kind, attributes: Attributes = .empty, span: SourceSpan? = nil) {
        self.kind = kind
        self.attributes = attributes
        self.storedSpan = span ?? .absent
    }

    /// The kinds of block.
    ///
    /// The kinds with large contents (list, code block, table, figure and raw) are `indirect`,
    /// each kept in a box of its own, so that the kind takes 16 bytes and a `Block` 56; the
    /// common kinds (heading, paragraph, the containers) are stored in place.
    public enum Kind: Sendable, Hashable {
        /// A heading of level 1 (the title) to 6.
        case heading(level: Int, content: [Inline])
        /// A paragraph of running text.
        case paragraph([Inline])
        /// Quoted blocks.
        case blockQuote([Block])
        /// A list; each item is a list of blocks. `start` is the first number of an ordered list.
        indirect case list(ordered: Bool, start: Int, items: [[Block]])
        /// Preformatted text, with its language if known.
        indirect case codeBlock(language: String?, text: String)
        /// A table.
        indirect case table(Table)
        /// An image with its caption.
        indirect case figure(image: Image, caption: [Block])
        /// A horizontal rule or a section break.
        case thematicBreak
        /// A generic container, like HTML's `div` or TEI's `div`.
        case division([Block])
        /// Text in another format (`html`, `tei`, …), passed through by writers of that format.
        indirect case raw(format: String, text: String)
    }

    /// The name of the kind, as the AST JSON writes it in `"type"`.
    public var typeName: String {
        switch kind {
        case .heading: "heading"
        case .paragraph: "paragraph"
        case .blockQuote: "blockQuote"
        case .list: "list"
        case .codeBlock: "codeBlock"
        case .table: "table"
        case .figure: "figure"
        case .thematicBreak: "thematicBreak"
        case .division: "division"
        case .raw: "raw"
        }
    }
}

extension Block {
    /// A paragraph of plain text.
    @inlinable
    public static func paragraph(_ text: String, attributes: Attributes = .empty) -> Block {
        Block(.paragraph([Inline(.text(text))]), attributes: attributes)
    }

    /// A heading of plain text.
    @inlinable
    public static func heading(_ level: Int, _ text: String, attributes: Attributes = .empty) -> Block {
        Block(.heading(level: level, content: [Inline(.text(text))]), attributes: attributes)
    }
}

extension Block: CustomReflectable {
    /// Kind, attributes and span, as `print`, `dump` and test failures show them.
    public var customMirror: Mirror {
        Mirror(self, children: ["kind": kind, "attributes": attributes, "span": span as Any], displayStyle: .struct)
    }
}
