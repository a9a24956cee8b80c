import DocumentModel
import WarraqKit

/// `normalize`: evens out Unicode forms, white space, invisible controls and Arabic
/// orthography in every text node of the body and the metadata, and drops junk blocks.
///
/// Each option is off unless given, except `unicode: nfc`; `preset: arabic-news` sets the
/// usual choice for news text and any option given beside it overrides the preset's value.
/// Code and raw text are verbatim and left alone. See the README's "Normalization" section.
public struct NormalizeTransform: Transform {
    public init() {}
    public let name = "normalize"
    public let summary = "even out Unicode forms, white space, controls and Arabic spelling (alef, yeh, diacritics, digits…); drop junk blocks"

    public let options = [
        OptionSpec(
            "preset", .choice(["none", "arabic-news"]),
            help: "a bundle of options that the others override one by one; arabic-news = unicode: nfkc, whitespace: collapse, controls: remove, tatweel: remove, persian-letters: to-arabic, junk: drop"),
        OptionSpec(
            "unicode", .choice(["nfc", "nfkc", "nfd", "none"]),
            help: "Unicode normalization form (default nfc); nfkc also folds presentation forms and ligatures: ﻻ → لا, ﷲ → الله"),
        OptionSpec(
            "whitespace", .choice(["keep", "collapse"]),
            help: "collapse: runs of white space (NBSP and every Unicode space too) become one space, trimmed at the ends of blocks: \"a \\u00A0 b \" → \"a b\""),
        OptionSpec(
            "controls", .choice(["keep", "remove", "remove-all"]),
            help: "remove: bidi controls (LRM, RLM, ALM, LRE…PDF, LRI…PDI), zero-width space, soft hyphen, BOM, other C0/C1 controls: \"\\u200Fنص\" → \"نص\"; ZWNJ/ZWJ stay where they change shaping (می‌خواهم, emoji sequences) and go elsewhere; remove-all removes every one"),
        OptionSpec(
            "tatweel", .choice(["keep", "remove"]),
            help: "remove: drop tatweel U+0640: كـتـاب → كتاب"),
        OptionSpec(
            "diacritics", .choice(["keep", "remove", "keep-shadda"]),
            help: "remove: drop harakat, tanwin, shadda, sukun, dagger alef and Quranic marks: مُحَمَّدٌ → محمد; keep-shadda keeps ّ: محمّد"),
        OptionSpec(
            "alef", .choice(["keep", "unify"]),
            help: "unify: أ إ آ ٱ → ا: أحمد → احمد"),
        OptionSpec(
            "alef-maksura", .choice(["keep", "to-yeh"]),
            help: "to-yeh: ى → ي: على → علي"),
        OptionSpec(
            "teh-marbuta", .choice(["keep", "to-heh"]),
            help: "to-heh: ة → ه: مدينة → مدينه"),
        OptionSpec(
            "hamza", .choice(["keep", "unify"]),
            help: "unify: hamza on waw and yeh becomes the bare hamza, ؤ ئ → ء: مسؤول → مسءول (alef with hamza is the alef option's)"),
        OptionSpec(
            "persian-letters", .choice(["keep", "to-arabic"]),
            help: "to-arabic: ی ک ە ۀ → ي ك ه ة: کتاب → كتاب"),
        OptionSpec(
            "digits", .choice(["keep", "ascii", "arabic-indic"]),
            help: "ascii: ٠–٩ and ۰–۹ → 0–9: ٢٠١٦ → 2016; arabic-indic: 0–9 and ۰–۹ → ٠–٩"),
        OptionSpec(
            "punctuation", .choice(["keep", "ascii", "arabic"]),
            help: "ascii: ، ؛ ؟ → , ; ?: نعم، → نعم,; arabic: the reverse (1,000 becomes 1،000 too)"),
        OptionSpec(
            "quotes", .choice(["keep", "straight", "guillemets"]),
            help: "straight: “ ” „ « » → \" and ‘ ’ ‚ ‹ › → ': «نص» → \"نص\"; guillemets: “ „ → « and ” → », a straight \" → « where it opens and » where it closes: \"نص\" → «نص»"),
        OptionSpec(
            "junk", .choice(["keep", "drop"]),
            help: "drop: remove paragraphs and headings that hold no letter, digit or image: a lone \"×\", \"|\", \"…\" or NBSP"),
        OptionSpec(
            "scope", .choice(["body", "metadata", "both"]), default: .string("both"),
            help: "which text to normalize: body (blocks), metadata (title, authors, description, …) or both"),
    ]

    public func apply(to document: Document, options: OptionValues, context: inout PluginContext) throws -> Document {
        let settings = NormalizeSettings(options)
        return try settings.apply(to: document)
    }
}
