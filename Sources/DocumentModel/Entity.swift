/// A named entity or a value recognised in the text: a person, a place, a date, an amount.
///
/// An entity wraps the inlines it covers (``Inline/Kind/entity(_:_:)``), so the text stays
/// where it was and writers map it straight to `<persName>`, `<date when=…>`, `<num value=…>`.
public struct Entity: Sendable, Hashable {
    /// What the entity is.
    public var kind: EntityKind
    /// A normalized value: a canonical name, an ISO 8601 date (`2016-04-29`, or a range
    /// `2016-04-22/2016-04-29`), a number in ASCII digits (`246`), an amount (`10 USD`).
    public var normalized: String?
    /// A reference to an authority record, such as a Wikidata URI.
    public var reference: String?
    /// What found the entity: a gazetteer's name, a rule, a model.
    public var source: String?
    /// How sure the source is, from 0 to 1.
    public var confidence: Double?

    public init(
        kind: EntityKind, normalized: String? = nil, reference: String? = nil,
        source: String? = nil, confidence: Double? = nil
    ) {
        self.kind = kind
        self.normalized = normalized
        self.reference = reference
        self.source = source
        self.confidence = confidence
    }
}

/// The kind of an entity: an open set of names with the common ones as constants.
public struct EntityKind: RawRepresentable, Sendable, Hashable, Comparable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static func < (lhs: EntityKind, rhs: EntityKind) -> Bool { lhs.rawValue < rhs.rawValue }

    public static let person: EntityKind = "person"
    public static let place: EntityKind = "place"
    public static let organization: EntityKind = "organization"
    public static let date: EntityKind = "date"
    public static let time: EntityKind = "time"
    public static let number: EntityKind = "number"
    public static let percent: EntityKind = "percent"
    public static let money: EntityKind = "money"

    /// The kinds every writer knows by name.
    public static let standard: [EntityKind] = [
        .person, .place, .organization, .date, .time, .number, .percent, .money,
    ]
}
