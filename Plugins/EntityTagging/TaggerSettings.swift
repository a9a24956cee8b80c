import DocumentModel
import Foundation
import WarraqKit

/// The `tag-entities` options resolved.
struct TaggerSettings: Sendable, Hashable {
    enum Rule: String, Sendable, Hashable, CaseIterable {
        case dates, times, numbers, percentages, money, persons, organizations, places, propagation

        /// The rule's bit in ``Rules``.
        var flag: Rules {
            switch self {
            case .dates: .dates
            case .times: .times
            case .numbers: .numbers
            case .percentages: .percentages
            case .money: .money
            case .persons: .persons
            case .organizations: .organizations
            case .places: .places
            case .propagation: .propagation
            }
        }
    }

    /// A set of rules as bits: the matcher asks it at every word, where a `Set`'s hashing shows.
    /// The bits are constants, not computed from ``Rule``: a computed `static let` is
    /// initialized through `swift_once`, called at each use, which the matcher's loop over the
    /// tokens paid several times a token.
    struct Rules: OptionSet, Sendable, Hashable {
        var rawValue: UInt16
        static let dates = Rules(rawValue: 1 << 0), times = Rules(rawValue: 1 << 1), numbers = Rules(rawValue: 1 << 2)
        static let percentages = Rules(rawValue: 1 << 3), money = Rules(rawValue: 1 << 4), persons = Rules(rawValue: 1 << 5)
        static let organizations = Rules(rawValue: 1 << 6), places = Rules(rawValue: 1 << 7), propagation = Rules(rawValue: 1 << 8)
        static let all = Rules(Rule.allCases.map(\.flag))
    }

    /// How names and text are compared.
    var normalization: TextNormalization
    var proclitics = true
    var articleOptional = false
    var rules = Rules.all
    var kinds: Set<EntityKind> = Set(EntityKind.standard) {
        didSet { allStandardKinds = kinds == Set(EntityKind.standard) }
    }
    /// Whether ``kinds`` is the standard set (the default), which a candidate's kind is checked
    /// against without hashing its name. (An initializer sets it itself: observers do not run there.)
    private(set) var allStandardKinds = true
    var shippedGazetteers = true
    var gazetteers: [String] = []
    var language: String? = nil
    var referenceDate: CalendarMath.Day? = nil

    /// The matching normalization when no option changes it: every spelling difference evened out.
    static let defaultNormalization: TextNormalization = {
        var n = TextNormalization()
        n.unicode = .nfkc
        n.controls = .remove
        n.removeTatweel = true
        n.diacritics = .remove
        n.unifyAlef = true
        n.alefMaksuraToYeh = true
        n.tehMarbutaToHeh = true
        n.unifyHamza = true
        n.persianToArabic = true
        n.digits = .ascii
        return n
    }()

    init() { normalization = Self.defaultNormalization }

    init(_ options: OptionValues) throws(Diagnostic) {
        self.init()
        func word(_ name: String) -> String? { options.string(name) }
        if let v = word("alef") { normalization.unifyAlef = v == "unify" }
        if let v = word("hamza") { normalization.unifyHamza = v == "unify" }
        if let v = word("alef-maksura") { normalization.alefMaksuraToYeh = v == "to-yeh" }
        if let v = word("teh-marbuta") { normalization.tehMarbutaToHeh = v == "to-heh" }
        if let v = word("diacritics"), let d = TextNormalization.Diacritics(rawValue: v) { normalization.diacritics = d }
        if let v = word("tatweel") { normalization.removeTatweel = v == "remove" }
        if let v = options.bool("proclitics") { proclitics = v }
        if let v = word("article") { articleOptional = v == "optional" }
        for rule in Rule.allCases where options.bool(rule.rawValue) == false { rules.remove(rule.flag) }
        if let v = word("kinds"), !v.isEmpty {
            kinds = Set(v.split(separator: ",").map { EntityKind(rawValue: $0.trimmingCharacters(in: .whitespaces)) })
            allStandardKinds = kinds == Set(EntityKind.standard)
        }
        if let v = options.bool("shipped-gazetteers") { shippedGazetteers = v }
        if let v = word("gazetteers"), !v.isEmpty { gazetteers = v.split(separator: ",").map(String.init) }
        if let v = word("language"), !v.isEmpty { language = v }
        if let v = word("reference-date"), !v.isEmpty {
            guard let d = Self.parseDate(v) else {
                throw .error("bad-option-value", "option 'reference-date' of 'tag-entities' expects a date YYYY-MM-DD, got \"\(v)\"")
            }
            referenceDate = d
        }
    }

    /// Whether entities of `kind` are tagged.
    @inline(__always) func tags(_ kind: EntityKind) -> Bool {
        if allStandardKinds {
            for k in EntityKind.standard where k == kind { return true }
            return false
        }
        return kinds.contains(kind)
    }

    /// The date at the start of an ISO 8601 text: `2016-04-30`, `2016-04-30T10:00:00Z`.
    static func parseDate(_ text: String) -> CalendarMath.Day? {
        let s = Array(text.unicodeScalars)
        guard s.count >= 10, s[4] == "-", s[7] == "-" else { return nil }
        func number(_ r: Range<Int>) -> Int? { Int(String(String.UnicodeScalarView(s[r]))) }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
        if s.count > 10, !["T", " ", "t"].contains(s[10]) { return nil }
        let day = CalendarMath.Day(year: y, month: m, day: d)
        return CalendarMath.isValid(day) ? day : nil
    }
}
