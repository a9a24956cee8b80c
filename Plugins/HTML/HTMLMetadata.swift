import DocumentModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A page's metadata from its head and markup: JSON-LD, Open Graph and Twitter cards, the
/// usual `<meta>` names, `<link rel=canonical>`, `<html lang dir>`, `<time>` and the byline.
struct HTMLMetadata {
    let tree: HTMLTree
    /// `<meta>` values by lowercase name or property, in order.
    private(set) var meta: [String: [String]] = [:]
    /// The JSON-LD objects that describe an article (NewsArticle, BlogPosting, …), best first.
    private(set) var articles: [JSONValue] = []
    /// Any other JSON-LD objects (WebPage, Organization).
    private(set) var others: [JSONValue] = []

    init(tree: HTMLTree) {
        self.tree = tree
        for i in tree.nodes.indices where tree.nodes[i].kind == .element {
            // Only `meta` and `script` are read here: their lengths, before anything is copied.
            let length = tree.nodes[i].name.utf8.count
            guard length == 4 || length == 6 else { continue }
            let node = tree.nodes[i]
            switch node.name {
            case "meta":
                guard let content = node.attribute("content")?.trimmingSpaces(), !content.isEmpty else { continue }
                for key in ["property", "name", "itemprop", "http-equiv"] {
                    if let k = node.attribute(key)?.trimmingSpaces().lowercased(), !k.isEmpty {
                        // `property` may hold several names ("og:title twitter:title").
                        for part in k.split(separator: " ") { meta[String(part), default: []].append(content) }
                    }
                }
            case "script":
                guard node.attribute("type")?.lowercased().trimmingSpaces() == "application/ld+json" else { continue }
                let raw = node.children.map { tree.nodes[$0].text }.joined()
                    .replacingAll("<![CDATA[", with: "").replacingAll("]]>", with: "")
                    .replacingAll("<!--", with: "").replacingAll("-->", with: "")
                // From the first bracket to the last: CDATA markers and comments around the
                // JSON are common.
                let scalars = raw.unicodeScalars
                guard let open = scalars.firstIndex(where: { $0 == "{" || $0 == "[" }),
                    let close = scalars.lastIndex(where: { $0 == "}" || $0 == "]" }), open < close
                else { continue }
                let text = String(scalars[open...close])
                guard let json = try? JSONParser(maximumNesting: 64).parse(text) else { continue }
                collect(json)
            default: break
            }
        }
    }

    static let articleTypes: Set<String> = [
        "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle", "reviewnewsarticle",
        "backgroundnewsarticle", "blogposting", "liveblogposting", "socialmediaposting", "scholarlyarticle", "techarticle",
        "report", "creativework", "medicalwebpage",
    ]

    private mutating func collect(_ value: JSONValue) {
        var stack = [value]
        var seen = 0
        while let v = stack.popLast(), seen < 1000 {
            seen += 1
            switch v.kind {
            case .array(let items): stack += items.reversed()
            case .object:
                if let graph = v["@graph"], case .array(let items) = graph.kind { stack += items.reversed() }
                let types = Self.strings(v["@type"]).map { $0.lowercased() }
                if types.contains(where: Self.articleTypes.contains) {
                    articles.append(v)
                } else if !types.isEmpty {
                    others.append(v)
                }
            default: break
            }
        }
    }

    /// Strings in a JSON value: a string, or the strings of an array.
    static func strings(_ value: JSONValue?) -> [String] {
        guard let value else { return [] }
        switch value.kind {
        case .string(let s): return [s]
        case .array(let items): return items.flatMap { strings($0) }
        case .number(let n): return [n]
        default: return []
        }
    }

    /// The names in a JSON-LD person or organisation field (a string, an object with
    /// `name`, or an array of either).
    static func names(_ value: JSONValue?) -> [String] {
        guard let value else { return [] }
        switch value.kind {
        case .string(let s): return [s]
        case .object: return strings(value["name"])
        case .array(let items): return items.flatMap { names($0) }
        default: return []
        }
    }

    /// A URL in a JSON-LD image or page field.
    static func url(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        switch value.kind {
        case .string(let s): return s
        case .object: return url(value["url"]) ?? url(value["@id"]) ?? url(value["contentUrl"])
        case .array(let items): return items.lazy.compactMap { url($0) }.first
        default: return nil
        }
    }

    func first(_ keys: String...) -> String? {
        for key in keys {
            if let v = meta[key]?.first(where: { !$0.isEmpty }) { return Self.clean(v) }
        }
        return nil
    }

    func articleField(_ key: String) -> JSONValue? {
        for a in articles { if let v = a[key] { return v } }
        return nil
    }

    func articleString(_ key: String) -> String? {
        Self.strings(articleField(key)).first.map(Self.clean).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// White space collapsed and trimmed, character references left by JSON-LD resolved.
    static func clean(_ text: String) -> String {
        var out = ""
        var space = false
        for s in text.unicodeScalars {
            if HTMLTree.isSpace(s) || s == "\u{A0}" {
                space = true
            } else {
                if space && !out.isEmpty { out.unicodeScalars.append(" ") }
                space = false
                out.unicodeScalars.append(s)
            }
        }
        if out.utf8.contains(0x26) {
            for (entity, value) in [("&amp;", "&"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&nbsp;", " ")] {
                out = out.replacingAll(entity, with: value)
            }
        }
        return out
    }

    /// Reads everything but the body text.
    ///
    /// - Parameter byline: the text of the element the extractor took for the byline.
    func metadata(byline: String?) -> Metadata {
        var m = Metadata()
        let siteName = Self.names(articleField("publisher")).first.map(Self.clean)
            ?? first("og:site_name", "application-name", "dc.publisher", "dcterms.publisher")
            ?? others.lazy.filter { Self.strings($0["@type"]).contains(where: { ["WebSite", "Organization", "NewsMediaOrganization"].contains($0) }) }
                .compactMap { Self.strings($0["name"]).first }.first.map(Self.clean)
        m.publisher = siteName
        m.title = title(siteName: siteName)
        m.authors = authors(byline: byline)
        m.published = published(byline: byline)
        m.modified = (articleString("dateModified") ?? first("article:modified_time", "og:updated_time", "dcterms.modified", "last-modified", "datemodified", "modified"))
            .flatMap(DateParsing.iso8601)
        m.description = articleString("description") ?? first("og:description", "description", "twitter:description", "dc.description", "dcterms.description")
        m.keywords = keywords()
        m.canonicalURL = canonicalURL()
        m.image = Self.url(articleField("image")).map(Self.clean) ?? first("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
            ?? linkHref("image_src")
        if let image = articleField("image"), let caption = Self.strings(image["caption"]).first, !caption.isEmpty {
            m.imageCaption = Self.clean(caption)
        }
        if let html = tree.first("html") {
            m.language = tree.nodes[html].attribute("lang").map { $0.trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 }
            m.direction = tree.nodes[html].attribute("dir").flatMap { TextDirection(rawValue: $0.trimmingSpaces().lowercased()) }
        }
        if m.direction == nil, let body = tree.first("body") {
            m.direction = tree.nodes[body].attribute("dir").flatMap { TextDirection(rawValue: $0.trimmingSpaces().lowercased()) }
        }
        if m.language == nil {
            m.language = first("content-language", "og:locale", "dc.language", "language") ?? articleString("inLanguage")
        }
        if let language = m.language { m.language = Self.languageTag(language) }
        if let section = articleString("articleSection") ?? first("article:section") { m.extra.append(KeyValue("section", section)) }
        return m
    }

    /// `en_US` → `en-US`; the first of a list.
    static func languageTag(_ raw: String) -> String? {
        let first = raw.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }).first.map(String.init) ?? ""
        let tag = first.replacingAll("_", with: "-")
        guard !tag.isEmpty, tag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { return nil }
        var parts = tag.split(separator: "-").map(String.init)
        guard !parts.isEmpty else { return nil }
        parts[0] = parts[0].lowercased()
        for k in parts.indices.dropFirst() where parts[k].count == 2 { parts[k] = parts[k].uppercased() }
        return parts.joined(separator: "-")
    }

    private func linkHref(_ rel: String) -> String? {
        for i in tree.nodes.indices where tree.nodes[i].name == "link" {
            let rels = (tree.nodes[i].attribute("rel") ?? "").lowercased().split(separator: " ")
            if rels.contains(Substring(rel)), let href = tree.nodes[i].attribute("href")?.trimmingSpaces(), !href.isEmpty { return href }
        }
        return nil
    }

    private func canonicalURL() -> String? {
        linkHref("canonical") ?? first("og:url") ?? Self.url(articleField("mainEntityOfPage")) ?? articleString("url")
    }

    // MARK: Title

    func title(siteName: String?) -> String? {
        var candidates: [String] = []
        if let headline = articleString("headline") { candidates.append(headline) }
        if let t = first("og:title", "twitter:title", "dc.title", "dcterms.title", "parsely-title", "sailthru.title") { candidates.append(t) }
        let h1s = tree.elements(named: "h1").map { tree.text(of: $0) }.filter { !$0.isEmpty }
        var documentTitle: String? = nil
        if let t = tree.first("title") {
            let text = tree.text(of: t)
            if !text.isEmpty { documentTitle = text }
        }
        if let chosen = candidates.first {
            return stripSiteName(chosen, siteName: siteName, hard: false)
        }
        guard let documentTitle else { return h1s.first }
        let stripped = stripSiteName(documentTitle, siteName: siteName, hard: true)
        // The only <h1> when the page's title holds it (the headline without the site's
        // name); otherwise that <h1> is a logo or a section name, and the title wins.
        if h1s.count == 1, ArticleExtractor.similarity(documentTitle, h1s[0]) > 0.75 { return h1s[0] }
        // A title too short or too long to be a headline (a site's name alone), and an <h1>
        // that reads as one (more than four words).
        if h1s.count == 1, stripped.count < 15 || stripped.count > 150, Self.wordCount(h1s[0]) > 4 { return h1s[0] }
        return stripped
    }

    static let separators = [" | ", " - ", " – ", " — ", " :: ", " / ", " » ", " · ", " \\ ", " > ", " || ", " ~ "]

    /// `Story | Site` → `Story`. With `hard`, a separator splits the title even without a
    /// known site name (the longer part, of 3 words or more, is kept).
    func stripSiteName(_ title: String, siteName: String?, hard: Bool) -> String {
        let t = title.trimmingSpaces()
        if let site = siteName?.lowercased(), !site.isEmpty {
            for sep in Self.separators {
                if t.lowercased().hasSuffix(sep + site) { return String(t.dropLast(sep.count + site.count)).trimmingSpaces() }
                if t.lowercased().hasPrefix(site + sep) { return String(t.dropFirst(sep.count + site.count)).trimmingSpaces() }
            }
        }
        guard hard else { return t }
        for sep in Self.separators where t.contains(sep) {
            let parts = t.splitting(by: sep)
            // The part before the last separator (site name last), or after the first.
            let head = parts.dropLast().joined(separator: sep).trimmingSpaces()
            if Self.wordCount(head) >= 3 { return head }
            let tail = parts.dropFirst().joined(separator: sep).trimmingSpaces()
            if Self.wordCount(tail) >= 3 { return tail }
            return t
        }
        return t
    }

    static func wordCount(_ s: String) -> Int { s.split(whereSeparator: { $0 == " " }).count }

    // MARK: Authors and dates

    func authors(byline: String?) -> [String] {
        var names = Self.names(articleField("author")).map(Self.clean).filter { !$0.isEmpty && !$0.hasPrefix("http") }
        if names.isEmpty, let a = first("dc.creator", "dcterms.creator", "author", "article:author", "parsely-author", "sailthru.author", "byl"),
            !a.hasPrefix("http")
        {
            names = Self.splitNames(Self.stripBy(a))
        }
        if names.isEmpty, let byline {
            // What comes before a date or a separator; a byline that is a date names nobody.
            names = Self.splitNames(Self.removeDates(Self.stripBy(byline)))
        }
        var seen = Set<String>()
        return names.filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
    }

    /// "By Jane Doe" → "Jane Doe"; "بقلم ..." and "كتب ..." likewise.
    static func stripBy(_ s: String) -> String {
        var t = s.trimmingSpaces()
        let lowered = t.lowercased()
        for prefix in [
            "by ", "by: ", "written by ", "posted by ", "par ", "por ", "von ", "di ", "door ", "بقلم ", "بقلم: ", "كتب ", "كتبت ",
            "كتب: ", "إعداد ", "تقرير ",
        ]
        where lowered.hasPrefix(prefix) {
            t = String(t.dropFirst(prefix.count)).trimmingSpaces()
            break
        }
        return t
    }

    static func splitNames(_ s: String) -> [String] {
        var parts = [s]
        for sep in [", ", " and ", " & ", "، ", " | ", " et ", " y ", " und ", " e "] where s.holdsBytes(sep) {
            parts = parts.flatMap { $0.splitting(by: sep) }
        }
        return parts.map { $0.trimmingSpaces() }.filter { !$0.isEmpty && wordCount($0) <= 6 }
    }

    /// The byline up to a date, a time or a separator ("Jane Doe - Apr 16, 2015 8:02 pm",
    /// "Jane Doe | Updated …").
    static func removeDates(_ s: String) -> String {
        var words: [String] = []
        for word in s.split(separator: " ").map(String.init) {
            let bare = word.lowercased().trimmingCharacters(",.:;")
            if word.contains(where: \.isNumber) || DateParsing.months[bare] != nil || ["-", "|", "•", "·", "—", "–", "/"].contains(word)
                || ["updated", "published", "posted", "on", "at", "le", "el", "am"].contains(bare) && !words.isEmpty
            {
                break
            }
            words.append(word)
        }
        var t = words.joined(separator: " ")
        while t.hasSuffix(",") || t.hasSuffix("-") || t.hasSuffix("|") { t.removeLast(); t = t.trimmingSpaces() }
        return t
    }

    func published(byline: String?) -> String? {
        let candidates: [String?] = [
            articleString("datePublished"), articleString("dateCreated"),
            first(
                "article:published_time", "og:article:published_time", "og:published_time", "published_time", "article.published",
                "datepublished", "date", "pubdate", "publishdate", "publish-date", "publish_date", "publication_date",
                "dc.date.issued", "dc.date", "dcterms.created", "dcterms.issued", "dcterms.date", "sailthru.date",
                "parsely-pub-date", "citation_publication_date", "article:published", "created"),
        ]
        for c in candidates {
            if let c, let iso = DateParsing.iso8601(c) { return iso }
        }
        // <time datetime>: one marked as the publication date, else the first.
        var times: [(Int, String)] = []
        for i in tree.nodes.indices where tree.nodes[i].name == "time" {
            let node = tree.nodes[i]
            guard let value = node.attribute("datetime") ?? Optional(tree.text(of: i)), let iso = DateParsing.iso8601(value) else { continue }
            let marked = node.attribute("pubdate") != nil || node.attribute("itemprop") == "datePublished"
                || (node.attribute("class") ?? "").lowercased().contains("publish")
            times.append((marked ? 0 : 1, iso))
        }
        if let best = times.min(by: { $0.0 < $1.0 }) { return best.1 }
        for i in tree.nodes.indices where tree.nodes[i].attribute("itemprop") == "datePublished" {
            if let iso = DateParsing.iso8601(tree.text(of: i)) { return iso }
        }
        if let byline, let iso = DateParsing.iso8601(byline) { return iso }
        // An element named for a date ("post-date", "timestamp") that holds one.
        for i in tree.nodes.indices where tree.nodes[i].kind == .element && !HTMLTree.invisibleElements.contains(tree.nodes[i].name) {
            let node = tree.nodes[i]
            let match = ((node.attribute("class") ?? "") + " " + (node.attribute("id") ?? "")).lowercased()
            guard match.count > 1, ArticleExtractor.isDateline(bytes: Array(match.utf8)) else { continue }
            let text = tree.text(of: i, limit: 120)
            if text.count < 100, let iso = DateParsing.iso8601(text) { return iso }
        }
        return nil
    }

    func keywords() -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        func add(_ s: String) {
            let t = Self.clean(s)
            if !t.isEmpty && seen.insert(t.lowercased()).inserted { out.append(t) }
        }
        for v in meta["article:tag"] ?? [] { add(v) }
        for key in ["keywords", "news_keywords"] {
            for v in meta[key] ?? [] {
                for part in v.split(whereSeparator: { $0 == "," || $0 == "،" || $0 == ";" }) { add(String(part)) }
            }
        }
        if let k = articleField("keywords") {
            for s in Self.strings(k) {
                for part in s.split(whereSeparator: { $0 == "," || $0 == "،" }) { add(String(part)) }
            }
        }
        return out
    }

    /// The JSON-LD `articleBody`, when the page gives one.
    var articleBody: String? {
        Self.strings(articleField("articleBody")).first
    }
}

extension String {
    /// Whether the string holds `part`, byte for byte (UTF-8). The markup, CSS and entity
    /// names looked for in pages are ASCII and need no Unicode equivalence, which
    /// Foundation's `contains` works out at many times the cost.
    func holdsBytes(_ part: String) -> Bool {
        guard !part.isEmpty else { return true }
        var text = self, part = part
        return text.withUTF8 { t in
            part.withUTF8 { p in
                guard t.count >= p.count, let tb = t.baseAddress, let pb = p.baseAddress else { return false }
                // Each place the first byte is, by memchr, then the rest compared.
                var k = 0
                let last = t.count - p.count
                while k <= last, let hit = memchr(tb + k, Int32(p[0]), last - k + 1) {
                    let at = tb.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(tb + at, pb, p.count) == 0 { return true }
                    k = at + 1
                }
                return false
            }
        }
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, holdsBytes(target) else { return self }
        return splitting(by: target).joined(separator: replacement)
    }

    /// The parts between occurrences of `separator` (empty parts kept).
    func splitting(by separator: String) -> [String] {
        let sep = Array(separator.utf8)
        let bytes = Array(utf8)
        guard !sep.isEmpty, bytes.count >= sep.count else { return [self] }
        var parts: [String] = []
        var start = 0, i = 0
        while i + sep.count <= bytes.count {
            if bytes[i] == sep[0] && Array(bytes[i..<(i + sep.count)]) == sep {
                parts.append(String(decoding: bytes[start..<i], as: UTF8.self))
                i += sep.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    func trimmingCharacters(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
