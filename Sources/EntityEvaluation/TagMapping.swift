import DocumentModel

/// How the entity types of a gold file map to warraq's entity kinds.
///
/// The default map, decided once for every evaluation (see README, "Entity tagging"):
///
/// - CoNLL and ANERcorp names: `PER`, `PERS` → person; `LOC`, `GPE` → place; `ORG` →
///   organization; `MISC` is ignored.
/// - NewsFANE Gold's fine types (ACE's taxonomy, Alotaibi and Lee 2014):
///   - person: the named individuals — `Politician`, `Athlete`, `Artist`, `Scientist`,
///     `Businessperson`, `Religious_PER`, `Police`, `Lawyer`, `Engineer`, `Other_PER`.
///     `Group` (peoples and communities named collectively: العرب، المسلمين، الأكراد) is not a
///     person's name and is ignored.
///   - place: geo-political entities — `Nation`, `Population-Center`, `State-or-Province`,
///     `County-or-District`, `GPE-Cluster`, `Continent`; natural places — `Water-Body`,
///     `Land-Region-Natural`, `Celestial`; facilities, which are located things with a name —
///     `Building-Grounds`, `Airport`, `Path`, `Subarea-Facility`.
///   - organization: `Government`, `Non-Governmental`, `Media`, `Sports`, `Commercial`,
///     `Educational`, `Medical-Science`, `Religious_ORG`, `Entertainment`.
///   - ignored: vehicles (`Air`, `Land`, `Water`), products and works (`Book`, `Movie`,
///     `Software`, `Hardware`, `Food`, `Drug`, `Plant`, `Projectile`, `Shooting`).
///
/// `--tag-map TYPE=KIND` changes one (`KIND` is a kind name, or `ignore`).
public struct TagMapping: Sendable {
    /// The kind of each type; nil for a type that is ignored.
    public private(set) var kinds: [String: EntityKind?]

    public static let standard: TagMapping = {
        var m: [String: EntityKind?] = [:]
        for t in ["PER", "PERS", "PERSON"] { m[t] = .person }
        for t in ["LOC", "GPE", "LOCATION"] { m[t] = .place }
        for t in ["ORG", "ORGANIZATION"] { m[t] = .organization }
        for t in ["MISC"] { m[t] = .some(nil) }
        for t in [
            "Politician", "Athlete", "Artist", "Scientist", "Businessperson", "Religious_PER", "Police", "Lawyer", "Engineer",
            "Other_PER",
        ] { m[t] = .person }
        for t in [
            "Nation", "Population-Center", "State-or-Province", "County-or-District", "GPE-Cluster", "Continent", "Water-Body",
            "Land-Region-Natural", "Celestial", "Building-Grounds", "Airport", "Path", "Subarea-Facility",
        ] { m[t] = .place }
        for t in [
            "Government", "Non-Governmental", "Media", "Sports", "Commercial", "Educational", "Medical-Science", "Religious_ORG",
            "Entertainment",
        ] { m[t] = .organization }
        for t in [
            "Group", "Air", "Land", "Water", "Book", "Movie", "Software", "Hardware", "Food", "Drug", "Plant", "Projectile", "Shooting",
        ] { m[t] = .some(nil) }
        return TagMapping(kinds: m)
    }()

    public init(kinds: [String: EntityKind?]) { self.kinds = kinds }

    /// Sets one type's kind; `ignore` ignores it.
    public mutating func set(_ type: String, to kind: String) {
        kinds[type] = kind == "ignore" ? .some(nil) : .some(EntityKind(rawValue: kind))
    }

    /// Whether the type is known, and its kind (nil: ignored).
    public func kind(of type: String) -> EntityKind?? { kinds[type] }

    /// The kinds some type maps to.
    public var evaluatedKinds: Set<EntityKind> { Set(kinds.values.compactMap { $0 }) }
}
