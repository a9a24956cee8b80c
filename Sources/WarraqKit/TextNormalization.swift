/// Which differences of spelling and encoding a normalization evens out.
///
/// Every option is off in ``none``: the text comes out as it went in. ``arabicNews`` is the
/// usual choice for Arabic news text (see the `normalize` transform in README).
public struct TextNormalization: Sendable, Hashable {
    /// A Unicode normalization form, or none.
    public enum UnicodeForm: String, Sendable, Hashable, CaseIterable {
        case none, nfc, nfkc, nfd
    }

    /// What to do with invisible controls.
    public enum Controls: String, Sendable, Hashable, CaseIterable {
        /// Leave them.
        case keep
        /// Remove bidi controls, zero-width space, soft hyphen, BOM and C0/C1 controls other
        /// than tab, line feed and carriage return; keep ZWNJ and ZWJ where they change how
        /// their neighbours are drawn (between joining Arabic-script letters, in Brahmic
        /// conjuncts, inside emoji sequences) and remove them elsewhere.
        case remove
        /// As `remove`, and every ZWNJ and ZWJ too.
        case removeAll = "remove-all"
    }

    /// What to do with Arabic diacritics.
    public enum Diacritics: String, Sendable, Hashable, CaseIterable {
        case keep, remove
        /// Remove all but shadda (U+0651).
        case keepShadda = "keep-shadda"
    }

    /// Which digits to write.
    public enum Digits: String, Sendable, Hashable, CaseIterable {
        case keep, ascii
        /// Arabic-Indic digits U+0660–U+0669.
        case arabicIndic = "arabic-indic"
    }

    /// Which comma, semicolon and question mark to write.
    public enum Punctuation: String, Sendable, Hashable, CaseIterable {
        case keep, ascii, arabic
    }

    /// Which quotation marks to write. `guillemets` turns a straight double quote into «
    /// where it opens (at the start, after white space, a bracket or a dash) and » elsewhere.
    public enum Quotes: String, Sendable, Hashable, CaseIterable {
        case keep, straight, guillemets
    }

    public var unicode: UnicodeForm = .none
    /// Collapse runs of white space (any Unicode space) to one space and trim the ends.
    public var collapseWhitespace = false
    public var controls: Controls = .keep
    /// Remove tatweel (U+0640).
    public var removeTatweel = false
    public var diacritics: Diacritics = .keep
    /// أ إ آ ٱ → ا.
    public var unifyAlef = false
    /// ى → ي.
    public var alefMaksuraToYeh = false
    /// ة → ه.
    public var tehMarbutaToHeh = false
    /// ؤ ئ → ء.
    public var unifyHamza = false
    /// ی ک ە ۀ → ي ك ه ة.
    public var persianToArabic = false
    public var digits: Digits = .keep
    public var punctuation: Punctuation = .keep
    public var quotes: Quotes = .keep

    public init() {}

    /// Every option off: the identity.
    public static let none = TextNormalization()

    /// Arabic news text: NFKC (which folds presentation forms), white space collapsed,
    /// invisible controls removed, tatweel removed, Persian letters written as Arabic ones.
    /// Spelling (alef, yeh, teh marbuta, hamza), diacritics, digits, punctuation and quotes
    /// are kept.
    public static let arabicNews: TextNormalization = {
        var n = TextNormalization()
        n.unicode = .nfkc
        n.collapseWhitespace = true
        n.controls = .remove
        n.removeTatweel = true
        n.persianToArabic = true
        return n
    }()

    /// Whether the normalization changes nothing.
    public var isIdentity: Bool { self == .none }
}

/// A text after normalization, with a map from each of its Unicode scalars back to the
/// scalars of the original text they came from.
///
/// Offsets count Unicode scalars, as ``DocumentModel/TextView`` does. A scalar that came from
/// an expansion (ﷲ under NFKC gives four letters) maps to the whole original scalar; a
/// composed scalar (ا followed by U+0654 under NFC gives أ) maps to both original scalars; a
/// space that stands for a run of white space maps to the whole run.
public struct NormalizedText: Sendable, Hashable {
    /// The normalized text.
    public var text: String
    /// The number of scalars in ``text``.
    public var scalarCount: Int { starts.count }
    /// The number of scalars in the original text.
    public var originalScalarCount: Int
    /// For each normalized scalar, the first original scalar it came from.
    public var starts: [Int]
    /// For each normalized scalar, the end (exclusive) of the original scalars it came from.
    public var ends: [Int]

    /// The original offset of the normalized scalar at `offset`; the offset just past the
    /// last one (``scalarCount``) maps to ``originalScalarCount``.
    public func originalOffset(of offset: Int) -> Int {
        precondition(offset >= 0 && offset <= scalarCount, "offset \(offset) outside 0...\(scalarCount)")
        return offset == scalarCount ? originalScalarCount : starts[offset]
    }

    /// The original scalars that the normalized scalars in `range` came from. An empty range
    /// maps to an empty range at ``originalOffset(of:)``.
    public func originalRange(of range: Range<Int>) -> Range<Int> {
        precondition(range.lowerBound >= 0 && range.upperBound <= scalarCount, "range outside 0..<\(scalarCount)")
        if range.isEmpty {
            let at = originalOffset(of: range.lowerBound)
            return at..<at
        }
        var low = Int.max, high = Int.min
        for i in range {
            low = min(low, starts[i])
            high = max(high, ends[i])
        }
        return low..<high
    }
}

extension TextNormalization {
    /// The normalized text with a map back to `text`; see ``NormalizedText``.
    ///
    /// - Parameter trim: whether collapsing white space also removes it at both ends.
    public func view(of text: String, trim: Bool = true) -> NormalizedText {
        var engine = NormalizationEngine(options: self, recordOffsets: true)
        let (result, starts, ends) = engine.run(text, trim: trim)
        return NormalizedText(text: result, originalScalarCount: engine.inputCount, starts: starts, ends: ends)
    }

    /// The normalized text, without the offset map (faster).
    ///
    /// - Parameter trim: whether collapsing white space also removes it at both ends.
    public func apply(to text: String, trim: Bool = true) -> String {
        applyIfChanged(to: text, trim: trim) ?? text
    }

    /// The normalized text, or nil when normalizing leaves `text` as it is: a caller that
    /// keeps the original then has nothing to compare or replace.
    public func applyIfChanged(to text: String, trim: Bool = true) -> String? {
        if isIdentity { return nil }
        var engine = NormalizationEngine(options: self, recordOffsets: false)
        let result = engine.run(text, trim: trim).text
        return engine.changedLast ? result : nil
    }
}
