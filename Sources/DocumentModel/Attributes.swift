/// Attributes that every block and inline carries: an identifier, classes, language,
/// direction and ordered key/value pairs.
///
/// A value type like any other. Inside, the fields of a node that has some are kept in an
/// array of one element (shared between copies until one of them changes, as arrays are), and
/// a node that has none (most nodes) keeps an empty array, which allocates nothing: so
/// `Attributes` takes one word in every `Block` and `Inline`.
public struct Attributes: Sendable, Hashable {
    /// The fields, one element, or none when they are all empty. Never one empty element:
    /// every change that empties it drops it, so `isEmpty` is a test of the array's count.
    @usableFromInline
    var box: [Fields]

    /// The fields themselves, as a plain value.
    @usableFromInline
    struct Fields: Sendable, Hashable {
        @usableFromInline var id: String?
        @usableFromInline var classes: [String]
        @usableFromInline var language: String?
        @usableFromInline var direction: TextDirection?
        @usableFromInline var pairs: [KeyValue]

        @inlinable
        init(id: String? = nil, classes: [String] = [], language: String? = nil, direction: TextDirection? = nil, pairs: [KeyValue] = []) {
            self.id = id
            self.classes = classes
            self.language = language
            self.direction = direction
            self.pairs = pairs
        }

        @inlinable
        var isEmpty: Bool {
            id == nil && classes.isEmpty && language == nil && direction == nil && pairs.isEmpty
        }
    }

    @inlinable
    public init(
        id: String? = nil, classes: [String] = [], language: String? = nil,
        direction: TextDirection? = nil, pairs: [KeyValue] = []
    ) {
        let fields = Fields(id: id, classes: classes, language: language, direction: direction, pairs: pairs)
        box = fields.isEmpty ? [] : [fields]
    }

    @inlinable
    init(box: [Fields]) { self.box = box }

    /// No identifier, class, language, direction or pair.
    @inlinable
    public static var empty: Attributes { Attributes(box: []) }

    /// True when the attributes hold nothing.
    @inlinable
    public var isEmpty: Bool { box.isEmpty }

    /// The fields, read.
    @inlinable
    var fields: Fields? { box.isEmpty ? nil : box[0] }

    /// Makes room for a change: one (empty) element when there is none.
    @inlinable
    mutating func prepareChange() {
        if box.isEmpty { box = [Fields()] }
    }

    /// Drops the element when a change has left it empty.
    @inlinable
    mutating func dropIfEmpty() {
        if !box.isEmpty && box[0].isEmpty { box = [] }
    }

    /// A document-unique identifier, or nil.
    @inlinable
    public var id: String? {
        get { box.isEmpty ? nil : box[0].id }
        _modify {
            prepareChange()
            defer { dropIfEmpty() }
            yield &box[0].id
        }
        set {
            if newValue == nil && box.isEmpty { return }
            prepareChange()
            box[0].id = newValue
            dropIfEmpty()
        }
    }

    /// Classes, in order (`kicker`, `caption`, …).
    @inlinable
    public var classes: [String] {
        get { box.isEmpty ? [] : box[0].classes }
        _modify {
            prepareChange()
            defer { dropIfEmpty() }
            yield &box[0].classes
        }
        set {
            if newValue.isEmpty && box.isEmpty { return }
            prepareChange()
            box[0].classes = newValue
            dropIfEmpty()
        }
    }

    /// A BCP 47 language tag when the node's language differs from its surroundings.
    @inlinable
    public var language: String? {
        get { box.isEmpty ? nil : box[0].language }
        _modify {
            prepareChange()
            defer { dropIfEmpty() }
            yield &box[0].language
        }
        set {
            if newValue == nil && box.isEmpty { return }
            prepareChange()
            box[0].language = newValue
            dropIfEmpty()
        }
    }

    /// The node's writing direction when it differs from its surroundings.
    @inlinable
    public var direction: TextDirection? {
        get { box.isEmpty ? nil : box[0].direction }
        _modify {
            prepareChange()
            defer { dropIfEmpty() }
            yield &box[0].direction
        }
        set {
            if newValue == nil && box.isEmpty { return }
            prepareChange()
            box[0].direction = newValue
            dropIfEmpty()
        }
    }

    /// Further key/value pairs, in order; keys may repeat.
    @inlinable
    public var pairs: [KeyValue] {
        get { box.isEmpty ? [] : box[0].pairs }
        _modify {
            prepareChange()
            defer { dropIfEmpty() }
            yield &box[0].pairs
        }
        set {
            if newValue.isEmpty && box.isEmpty { return }
            prepareChange()
            box[0].pairs = newValue
            dropIfEmpty()
        }
    }

    /// The value of the first pair named `key`.
    public subscript(key: String) -> String? {
        fields?.pairs.first(where: { $0.key == key })?.value
    }

    /// True when `name` is one of the classes.
    public func hasClass(_ name: String) -> Bool { fields?.classes.contains(name) ?? false }
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

extension Attributes: CustomReflectable {
    /// The fields, as if they were stored in the value itself (for `print`, `dump` and test failures).
    public var customMirror: Mirror {
        Mirror(
            self,
            children: ["id": id as Any, "classes": classes, "language": language as Any, "direction": direction as Any, "pairs": pairs],
            displayStyle: .struct)
    }
}
