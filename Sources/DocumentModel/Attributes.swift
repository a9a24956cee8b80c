/// Attributes that every block and inline carries: an identifier, classes, language,
/// direction and ordered key/value pairs.
public struct Attributes: Sendable, Hashable {
    /// A document-unique identifier, or nil.
    public var id: String?
    /// Classes, in order (`kicker`, `caption`, …).
    public var classes: [String]
    /// A BCP 47 language tag when the node's language differs from its surroundings.
    public var language: String?
    /// The node's writing direction when it differs from its surroundings.
    public var direction: TextDirection?
    /// Further key/value pairs, in order; keys may repeat.
    public var pairs: [KeyValue]

    public init(
        id: String? = nil, classes: [String] = [], language: String? = nil,
        direction: TextDirection? = nil, pairs: [KeyValue] = []
    ) {
        self.id = id
        self.classes = classes
        self.language = language
        self.direction = direction
        self.pairs = pairs
    }

    /// No identifier, class, language, direction or pair.
    public static let empty = Attributes()

    /// True when the attributes hold nothing.
    public var isEmpty: Bool {
        id == nil && classes.isEmpty && language == nil && direction == nil && pairs.isEmpty
    }

    /// The value of the first pair named `key`.
    public subscript(key: String) -> String? {
        pairs.first(where: { $0.key == key })?.value
    }

    /// True when `name` is one of the classes.
    public func hasClass(_ name: String) -> Bool { classes.contains(name) }
}

/// One key and its value, as kept in ordered lists.
public struct KeyValue: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// The writing direction of text.
public enum TextDirection: String, Sendable, Hashable, CaseIterable {
    /// Left to right (Latin, Cyrillic, …).
    case leftToRight = "ltr"
    /// Right to left (Arabic, Hebrew, …).
    case rightToLeft = "rtl"
    /// Decided by the text itself (the first strong character).
    case auto = "auto"
}
