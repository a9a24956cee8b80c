import DocumentModel
import WarraqKit

/// `tag-entities`: finds persons, places, organizations, dates, times, numbers, percentages
/// and amounts of money, and wraps them in `entity` nodes.
///
/// Names come from gazetteers (TSV files compiled into one automaton over normalized tokens,
/// shared by every document), matched through proclitics (و ف ب ل ك and ال); rules find
/// dates, numbers and names from their context; a document-level pass finds later, shorter
/// mentions of a person. See the README's "Entity tagging" section.
public struct TagEntitiesTransform: Transform {
    public init() {}
    public let name = "tag-entities"
    public let summary = "tag persons, places, organizations, dates, times, numbers, percentages and money (Arabic gazetteers and rules)"

    public let options: [OptionSpec] = [
        OptionSpec("gazetteers", .paths, help: "more gazetteers: TSV files or folders of them, separated by commas (name<TAB>kind[<TAB>reference[<TAB>canonical name]])"),
        OptionSpec("shipped-gazetteers", .bool, default: .bool(true), help: "use the gazetteers that ship, config/gazetteers/LANGUAGE/"),
        OptionSpec("language", .string, help: "the language whose shipped gazetteers to use (default: the document's, else ar)"),
        OptionSpec("kinds", .string, help: "only these kinds, separated by commas: person, place, organization, date, time, number, percent, money (default: all)"),
        OptionSpec("dates", .bool, default: .bool(true), help: "the date rule: day, month (both series, Maghreb names, paired شباط/فبراير), year, numeric and Hijri dates, weekdays"),
        OptionSpec("times", .bool, default: .bool(true), help: "the time rule: 10:30, 10:30 مساء"),
        OptionSpec("numbers", .bool, default: .bool(true), help: "numbers in digits (Western and Arabic-Indic, with separators) and number words"),
        OptionSpec("percentages", .bool, default: .bool(true), help: "percentages: 40%, ٤٠٪, 40 بالمئة, ستة في المائة"),
        OptionSpec("money", .bool, default: .bool(true), help: "amounts: 10 دولارات, 5 ملايين يورو, 300 ليرة سورية (value and ISO 4217 code where known)"),
        OptionSpec("persons", .bool, default: .bool(true), help: "persons from context: a title or role before a name, a known given name and a family name"),
        OptionSpec("organizations", .bool, default: .bool(true), help: "organizations from context: وزارة، حزب، جبهة، منظمة، هيئة، المرصد … and the name after"),
        OptionSpec("places", .bool, default: .bool(true), help: "places from context: مدينة، محافظة، بلدة، حي، منطقة، ريف … and the name after"),
        OptionSpec("propagation", .bool, default: .bool(true), help: "the document-level pass: once جون كيري is a person, a later كيري is too"),
        OptionSpec("proclitics", .bool, default: .bool(true), help: "match names with و ف ب ل ك and ال attached (وعادل الجبير, لمدينة حلب); the entity covers the name only"),
        OptionSpec("article", .choice(["listed", "optional"]), default: .string("listed"), help: "optional: every listed name also matches with ال before it (a name written (ال)عراق in a gazetteer always does)"),
        OptionSpec("alef", .choice(["keep", "unify"]), default: .string("unify"), help: "unify: match أ إ آ ٱ as ا"),
        OptionSpec("hamza", .choice(["keep", "unify"]), default: .string("unify"), help: "unify: match ؤ ئ as ء"),
        OptionSpec("alef-maksura", .choice(["keep", "to-yeh"]), default: .string("to-yeh"), help: "to-yeh: match ى as ي"),
        OptionSpec("teh-marbuta", .choice(["keep", "to-heh"]), default: .string("to-heh"), help: "to-heh: match ة as ه"),
        OptionSpec("diacritics", .choice(["keep", "remove", "keep-shadda"]), default: .string("remove"), help: "remove: match without diacritics"),
        OptionSpec("tatweel", .choice(["keep", "remove"]), default: .string("remove"), help: "remove: match without tatweel"),
        OptionSpec("reference-date", .date, help: "the date (YYYY-MM-DD) weekdays and yearless dates resolve against when the document has no published date"),
    ]

    /// Loads the gazetteers the options name (with the shipped ones for the option's language,
    /// else Arabic) into the shared store, so that a malformed line stops the run before the
    /// first document rather than failing each one.
    public func prepare(options: OptionValues) throws(Diagnostic) {
        let settings = try TaggerSettings(options)
        guard !settings.gazetteers.isEmpty else { return }
        var scratch = PluginContext(inputName: name)
        _ = try Self.tagger(settings, language: settings.language ?? "ar", context: &scratch)
    }

    public func apply(to document: Document, options: OptionValues, context: inout PluginContext) throws -> Document {
        let settings = try TaggerSettings(options)
        let tagger = try Self.tagger(settings, language: settings.language ?? document.metadata.language, context: &context)
        return try tagger.tag(document)
    }

    /// The tagger for a settings and a language, from the shared store.
    static func tagger(_ settings: TaggerSettings, language: String?, context: inout PluginContext) throws(Diagnostic) -> EntityTagger {
        var paths: [String] = []
        if settings.shippedGazetteers {
            let primary = (language ?? "ar").split(separator: "-").first.map { String($0).lowercased() } ?? "ar"
            guard let root = GazetteerStore.shippedRoot else {
                throw .error(
                    "gazetteers-not-found", "cannot find the shipped gazetteers (config/gazetteers)",
                    notes: ["set WARRAQ_GAZETTEERS to the config/gazetteers folder, or give shipped-gazetteers: false and gazetteers: FILE"])
            }
            let folder = root + "/" + primary
            if GazetteerStore.shared.shippedFolderExists(folder) {
                paths.append(folder)
            } else {
                context.warn("no-gazetteers", "no shipped gazetteers for the language '\(primary)'; only the rules and the gazetteers given run")
            }
        }
        paths += settings.gazetteers
        let gazetteer = try GazetteerStore.shared.gazetteer(paths, normalization: settings.normalization, articleOptional: settings.articleOptional)
        return EntityTagger(gazetteer: gazetteer, lexicon: GazetteerStore.shared.lexicon(settings.normalization), settings: settings)
    }
}
