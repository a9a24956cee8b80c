import DocumentModel
import WarraqKit

/// The `normalize` options resolved: a preset, then each option given over it.
public struct NormalizeSettings: Sendable, Hashable {
    /// Which text the transform touches.
    public enum Scope: String, Sendable, Hashable {
        case body, metadata, both
    }

    public var normalization: TextNormalization
    /// Drop paragraphs and headings that hold no letter, digit or image.
    public var dropJunk: Bool
    public var scope: Scope

    public init(normalization: TextNormalization, dropJunk: Bool = false, scope: Scope = .both) {
        self.normalization = normalization
        self.dropJunk = dropJunk
        self.scope = scope
    }

    /// Settings from checked options (see ``NormalizeTransform/options``).
    public init(_ options: OptionValues) {
        let preset = options.string("preset") == "arabic-news"
        var n = preset ? TextNormalization.arabicNews : TextNormalization()
        if !preset { n.unicode = .nfc }
        func word(_ name: String) -> String? { options.string(name) }
        if let v = word("unicode"), let form = TextNormalization.UnicodeForm(rawValue: v) { n.unicode = form }
        if let v = word("whitespace") { n.collapseWhitespace = v == "collapse" }
        if let v = word("controls"), let c = TextNormalization.Controls(rawValue: v) { n.controls = c }
        if let v = word("tatweel") { n.removeTatweel = v == "remove" }
        if let v = word("diacritics"), let d = TextNormalization.Diacritics(rawValue: v) { n.diacritics = d }
        if let v = word("alef") { n.unifyAlef = v == "unify" }
        if let v = word("alef-maksura") { n.alefMaksuraToYeh = v == "to-yeh" }
        if let v = word("teh-marbuta") { n.tehMarbutaToHeh = v == "to-heh" }
        if let v = word("hamza") { n.unifyHamza = v == "unify" }
        if let v = word("persian-letters") { n.persianToArabic = v == "to-arabic" }
        if let v = word("digits"), let d = TextNormalization.Digits(rawValue: v) { n.digits = d }
        if let v = word("punctuation"), let p = TextNormalization.Punctuation(rawValue: v) { n.punctuation = p }
        if let v = word("quotes"), let q = TextNormalization.Quotes(rawValue: v) { n.quotes = q }
        normalization = n
        dropJunk = word("junk").map { $0 == "drop" } ?? preset
        scope = word("scope").flatMap(Scope.init(rawValue:)) ?? .both
    }

    /// The document normalized.
    ///
    /// - Throws: ``DocumentModel/DepthLimitExceeded`` for a document nested too deeply.
    public func apply(to document: Document) throws -> Document {
        let n = normalization
        if n.isIdentity && !dropJunk { return document }
        var result = document
        if scope != .metadata {
            let collapse = n.collapseWhitespace
            // Most nodes come out as they went in: `edited` keeps those, and the lists that
            // hold only them, without copying.
            result = try result.edited(
                blocks: { block in
                    // Junk has no letter or digit before tidying as after.
                    if dropJunk && Self.isJunk(block) { return .remove }
                    guard collapse else { return .keep }
                    var block = block
                    switch block.kind {
                    case .paragraph(let content):
                        guard let tidy = Self.tidySpaces(content) else { return .keep }
                        block.kind = .paragraph(tidy)
                    case .heading(let level, let content):
                        guard let tidy = Self.tidySpaces(content) else { return .keep }
                        block.kind = .heading(level: level, content: tidy)
                    default:
                        return .keep
                    }
                    return .replace(block)
                },
                inlines: { inline in
                    guard case .text(let text) = inline.kind, !n.isIdentity, !text.isEmpty else { return .keep }
                    guard let normalized = n.applyIfChanged(to: text, trim: false) else { return .keep }
                    if normalized.isEmpty { return .remove }
                    var copy = inline
                    copy.kind = .text(normalized)
                    return .replace(copy)
                })
        }
        if scope != .body && !n.isIdentity {
            result.metadata = normalized(result.metadata)
        }
        return result
    }

    /// The text fields of the metadata normalized; URLs, dates, language and direction stay.
    func normalized(_ m: Metadata) -> Metadata {
        let n = normalization
        func one(_ s: String?) -> String? {
            guard let s else { return nil }
            let t = n.apply(to: s, trim: true)
            return t.isEmpty && !s.isEmpty ? nil : t
        }
        func many(_ list: [String]) -> [String] {
            list.compactMap { s in
                let t = n.apply(to: s, trim: true)
                return t.isEmpty && !s.isEmpty ? nil : t
            }
        }
        var m = m
        m.title = one(m.title)
        m.subtitle = one(m.subtitle)
        m.authors = many(m.authors)
        m.publisher = one(m.publisher)
        m.description = one(m.description)
        m.keywords = many(m.keywords)
        m.imageCaption = one(m.imageCaption)
        m.extra = m.extra.map { pair in
            var pair = pair
            pair.value = n.apply(to: pair.value, trim: true)
            return pair
        }
        return m
    }

    /// Spaces across the inlines of a paragraph or heading, in reading order whatever the
    /// nesting: no space after a space or a break, none at the ends, none before a break;
    /// text left empty goes. Recursive, within the depth the rewrite has already checked.
    /// nil when there is nothing to tidy.
    static func tidySpaces(_ content: [Inline]) -> [Inline]? {
        // The common case, a paragraph of one text with nothing to trim, costs nothing.
        if content.count == 1, case .text(let s) = content[0].kind, let first = s.unicodeScalars.first,
            first != " ", s.unicodeScalars.last != " "
        {
            return nil
        }
        var afterSpace = true
        let forward = dropLeadingSpaces(content, afterSpace: &afterSpace)
        var beforeSpace = true
        return dropTrailingSpaces(forward, beforeSpace: &beforeSpace)
    }

    private static func dropLeadingSpaces(_ list: [Inline], afterSpace: inout Bool) -> [Inline] {
        var out: [Inline] = []
        out.reserveCapacity(list.count)
        for inline in list {
            switch inline.kind {
            case .text(let s):
                var scalars = s.unicodeScalars
                guard afterSpace, scalars.first == " " else {
                    if !scalars.isEmpty {
                        out.append(inline)
                        afterSpace = scalars.last == " "
                    }
                    continue
                }
                scalars.removeFirst()
                if scalars.isEmpty { continue }
                var copy = inline
                copy.kind = .text(String(scalars))
                out.append(copy)
                afterSpace = scalars.last == " "
            case .softBreak, .lineBreak:
                out.append(inline)
                afterSpace = true
            case .image, .code, .raw:
                out.append(inline)
                afterSpace = false
            default:
                let children = inline.children
                out.append(children.isEmpty ? inline : inline.withChildren(dropLeadingSpaces(children, afterSpace: &afterSpace)))
            }
        }
        return out
    }

    private static func dropTrailingSpaces(_ list: [Inline], beforeSpace: inout Bool) -> [Inline] {
        var reversed: [Inline] = []
        reversed.reserveCapacity(list.count)
        for inline in list.reversed() {
            switch inline.kind {
            case .text(let s):
                var scalars = s.unicodeScalars
                guard beforeSpace, scalars.last == " " else {
                    if !scalars.isEmpty {
                        reversed.append(inline)
                        beforeSpace = false
                    }
                    continue
                }
                scalars.removeLast()
                if scalars.isEmpty { continue }
                var copy = inline
                copy.kind = .text(String(scalars))
                reversed.append(copy)
                beforeSpace = false
            case .softBreak, .lineBreak:
                reversed.append(inline)
                beforeSpace = true
            case .image, .code, .raw:
                reversed.append(inline)
                beforeSpace = false
            default:
                let children = inline.children
                reversed.append(children.isEmpty ? inline : inline.withChildren(dropTrailingSpaces(children, beforeSpace: &beforeSpace)))
            }
        }
        return reversed.reversed()
    }

    /// A paragraph or heading with no letter, digit or image.
    static func isJunk(_ block: Block) -> Bool {
        let content: [Inline]
        switch block.kind {
        case .paragraph(let c): content = c
        case .heading(_, let c): content = c
        default: return false
        }
        var stack = content
        while let inline = stack.popLast() {
            switch inline.kind {
            case .image: return false
            case .text(let s), .code(let s):
                for scalar in s.unicodeScalars where isLetterOrDigit(scalar) { return false }
            default: stack += inline.children
            }
        }
        return true
    }

    static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}
