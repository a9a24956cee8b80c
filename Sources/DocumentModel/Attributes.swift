/// Attributes that every block and inline carries: an identifier, classes, language,
/// direction and ordered key/value pairs.
///
/// A value type like any other; inside, the attributes of a node that has some are kept in one
/// shared, copy-on-write storage, and those of a node that has none (most nodes) in no storage at
/// all, so that `Attributes` takes one word in every `Block` and `Inline` and the empty case
/// costs no allocation.
public struct Attributes: Sendable, Hashable {
    /// The fields, or nil when they are all empty. Never an empty storage: every change that
    /// empties it drops it, so `isEmpty` is a test of this one reference.
    @usableFromInline
    var storage: Storage?

    /// The fields of non-empty attributes, shared between copies until one of them changes.
    @usableFromInline
    final class Storage: @unchecked Sendable {
        // Sendable: a storage is changed only through a uniquely referenced `Attributes`
        // (`isKnownUniquelyReferenced`), never while another value, on any thread, can see it.
        @usableFromInline var id: String?
        @usableFromInline var classes: [String]
        @usableFromInline var language: String?
        @usableFromInline var direction: TextDirection?
        @usableFromInline var pairs: [KeyValue]

        @inlinable
        init(id: String?, classes: [String], language: String?, direction: TextDirection?, pairs: [KeyValue]) {
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

        @inlinable
        func copy() -> Storage {
            Storage(id: id, classes: classes, language: language, direction: direction, pairs: pairs)
        }
    }

    @inlinable
    init(storage: Storage?) { self.storage = storage }

    @inlinable
    public init(
        id: String? = nil, classes: [String] = [], language: String? = nil,
        direction: TextDirection? = nil, pairs: [KeyValue] = []
    ) {
        if id == nil && classes.isEmpty && language == nil && direction == nil && pairs.isEmpty {
            storage = nil
        } else {
            storage = Storage(id: id, classes: classes, language: language, direction: direction, pairs: pairs)
        }
    }

    /// No identifier, class, language, direction or pair.
    @inlinable
    public static var empty: Attributes { Attributes(storage: nil) }

    /// True when the attributes hold nothing.
    @inlinable
    public var isEmpty: Bool { storage == nil }

    /// A storage this value alone refers to, made (empty) or copied if needed, for a change.
    @inlinable
    mutating func uniqueStorage() -> Storage {
        if isKnownUniquelyReferenced(&storage) { return storage.unsafelyUnwrapped }
        let unique = storage?.copy() ?? Storage(id: nil, classes: [], language: nil, direction: nil, pairs: [])
        storage = unique
        return unique
    }

    /// Drops the storage when a change has left it empty.
    @inlinable
    mutating func dropStorageIfEmpty() {
        if let storage, storage.isEmpty { self.storage = nil }
    }

    /// A document-unique identifier, or nil.
    @inlinable
    public var id: String? {
        get { storage?.id }
        _modify {
            let s = uniqueStorage()
            defer { dropStorageIfEmpty() }
            yield &s.id
        }
        set {
            if newValue == nil && storage == nil { return }
            uniqueStorage().id = newValue
            dropStorageIfEmpty()
        }
    }

    /// Classes, in order (`kicker`, `caption`, …).
    @inlinable
    public var classes: [String] {
        get { storage?.classes ?? [] }
        _modify {
            let s = uniqueStorage()
            defer { dropStorageIfEmpty() }
            yield &s.classes
        }
        set {
            if newValue.isEmpty && storage == nil { return }
            uniqueStorage().classes = newValue
            dropStorageIfEmpty()
        }
    }

    /// A BCP 47 language tag when the node's language differs from its surroundings.
    @inlinable
    public var language: String? {
        get { storage?.language }
        _modify {
            let s = uniqueStorage()
            defer { dropStorageIfEmpty() }
            yield &s.language
        }
        set {
            if newValue == nil && storage == nil { return }
            uniqueStorage().language = newValue
            dropStorageIfEmpty()
        }
    }

    /// The node's writing direction when it differs from its surroundings.
    @inlinable
    public var direction: TextDirection? {
        get { storage?.direction }
        _modify {
            let s = uniqueStorage()
            defer { dropStorageIfEmpty() }
            yield &s.direction
        }
        set {
            if newValue == nil && storage == nil { return }
            uniqueStorage().direction = newValue
            dropStorageIfEmpty()
        }
    }

    /// Further key/value pairs, in order; keys may repeat.
    @inlinable
    public var pairs: [KeyValue] {
        get { storage?.pairs ?? [] }
        _modify {
            let s = uniqueStorage()
            defer { dropStorageIfEmpty() }
            yield &s.pairs
        }
        set {
            if newValue.isEmpty && storage == nil { return }
            uniqueStorage().pairs = newValue
            dropStorageIfEmpty()
        }
    }

    /// The value of the first pair named `key`.
    public subscript(key: String) -> String? {
        storage?.pairs.first(where: { $0.key == key })?.value
    }

    /// True when `name` is one of the classes.
    public func hasClass(_ name: String) -> Bool { storage?.classes.contains(name) ?? false }

    /// Equal when every field is equal, as if the fields were stored in the value itself.
    @inlinable
    public static func == (lhs: Attributes, rhs: Attributes) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case (nil, nil): return true
        case (nil, _), (_, nil): return false  // a storage is never empty
        case (let l?, let r?):
            if l === r { return true }
            return l.id == r.id && l.classes == r.classes && l.language == r.language
                && l.direction == r.direction && l.pairs == r.pairs
        }
    }

    /// Hashes the fields in order, as if they were stored in the value itself.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(classes)
        hasher.combine(language)
        hasher.combine(direction)
        hasher.combine(pairs)
    }
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
