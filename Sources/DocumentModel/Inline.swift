/// A piece of running text: words, emphasis, a link, an entity.
public struct Inline: Sendable, Hashable {
    /// What the inline is, with its content.
    public var kind: Kind
    /// Identifier, classes, language, direction and key/values.
    public var attributes: Attributes
    // The span, or ``SourceSpan/absent`` for none: an optional span would take a byte more
    // than a span, and a word more in the node once aligned.
    @usableFromInline var storedSpan: SourceSpan
    /// Where the inline came from, when the reader records it; nil for inlines a transform made.
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

    /// The kinds of inline.
    ///
    /// The kinds with large contents (link, image, entity and raw) are `indirect`, each kept in
    /// a box of its own, so that the kind takes 17 bytes and an `Inline` 64; the common kinds
    /// (text, the containers) are stored in place.
    public enum Kind: Sendable, Hashable {
        /// Plain text.
        case text(String)
        /// A line end inside a paragraph that carries no meaning (shown as a space or a newline).
        case softBreak
        /// A forced line break.
        case lineBreak
        case emphasis([Inline])
        case strong([Inline])
        case strikeout([Inline])
        case superscript([Inline])
        case `subscript`([Inline])
        /// Inline code or other verbatim text.
        case code(String)
        /// A hyperlink around its content.
        indirect case link(Link, [Inline])
        /// An image in the text.
        indirect case image(Image)
        /// Quoted speech or a citation in quotation marks (the marks themselves are not in the text).
        case quoted(QuoteKind, [Inline])
        /// A generic container, like HTML's `span`.
        case span([Inline])
        /// A named entity or value around the text it covers.
        indirect case entity(Entity, [Inline])
        /// Text in another format, passed through by writers of that format.
        indirect case raw(format: String, text: String)
    }

    /// The name of the kind, as the AST JSON writes it in `"type"`.
    public var typeName: String {
        switch kind {
        case .text: "text"
        case .softBreak: "softBreak"
        case .lineBreak: "lineBreak"
        case .emphasis: "emphasis"
        case .strong: "strong"
        case .strikeout: "strikeout"
        case .superscript: "superscript"
        case .subscript: "subscript"
        case .code: "code"
        case .link: "link"
        case .image: "image"
        case .quoted: "quoted"
        case .span: "span"
        case .entity: "entity"
        case .raw: "raw"
        }
    }

    /// The inlines this one contains, or empty for a leaf.
    public var children: [Inline] {
        switch kind {
        case .emphasis(let c), .strong(let c), .strikeout(let c), .superscript(let c),
            .subscript(let c), .link(_, let c), .quoted(_, let c), .span(let c), .entity(_, let c):
            return c
        case .image(let image):
            return image.description
        case .text, .softBreak, .lineBreak, .code, .raw:
            return []
        }
    }

    /// A copy with its children replaced; a leaf is returned unchanged.
    public func withChildren(_ children: [Inline]) -> Inline {
        var copy = self
        switch kind {
        case .emphasis: copy.kind = .emphasis(children)
        case .strong: copy.kind = .strong(children)
        case .strikeout: copy.kind = .strikeout(children)
        case .superscript: copy.kind = .superscript(children)
        case .subscript: copy.kind = .subscript(children)
        case .link(let link, _): copy.kind = .link(link, children)
        case .quoted(let q, _): copy.kind = .quoted(q, children)
        case .span: copy.kind = .span(children)
        case .entity(let e, _): copy.kind = .entity(e, children)
        case .image(var image):
            image.description = children
            copy.kind = .image(image)
        case .text, .softBreak, .lineBreak, .code, .raw:
            break
        }
        return copy
    }
}

extension Inline {
    /// Plain text.
    @inlinable
    public static func text(_ string: String) -> Inline { Inline(.text(string)) }
}

/// The target of a hyperlink.
public struct Link: Sendable, Hashable {
    /// The URL or fragment the link points to.
    public var target: String
    /// The link's title (a tooltip), if any.
    public var title: String?

    public init(target: String, title: String? = nil) {
        self.target = target
        self.title = title
    }
}

/// An image: its source, title and a text description (the alternative text).
public struct Image: Sendable, Hashable {
    public var source: String
    public var title: String?
    /// The alternative text, as inlines (it may hold entities).
    public var description: [Inline]

    public init(source: String, title: String? = nil, description: [Inline] = []) {
        self.source = source
        self.title = title
        self.description = description
    }
}

/// Single or double quotation marks.
public enum QuoteKind: String, Sendable, Hashable, CaseIterable {
    case single, double
}

extension Inline: CustomReflectable {
    /// Kind, attributes and span, as `print`, `dump` and test failures show them.
    public var customMirror: Mirror {
        Mirror(self, children: ["kind": kind, "attributes": attributes, "span": span as Any], displayStyle: .struct)
    }
}
