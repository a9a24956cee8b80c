import DocumentModel
import WarraqKit

/// The `teiHeader`, made from the metadata and nothing else.
///
/// TEI requires a `fileDesc` with a `titleStmt` holding a `title`, a `publicationStmt` that is
/// not empty and a `sourceDesc` that is not empty. Where the metadata does not fill them,
/// they get the smallest forms the schema accepts that claim nothing: an empty `<title/>`,
/// and an empty `<p/>` in `publicationStmt` or `sourceDesc` (no "unknown publisher", no
/// sentence about the conversion). A `publicationStmt` with a date or an identifier needs a
/// publisher (or distributor, or authority) first; without a publisher, the date and the URL
/// are still given in the source's `bibl`. With `header: minimal` only those required parts
/// are written, each in its smallest form but the title.
extension TEIWriter {
    mutating func writeHeader(_ metadata: Metadata) {
        let full = options.fullHeader
        xml.start("teiHeader", content: .elements)
        xml.start("fileDesc", content: .elements)

        xml.start("titleStmt", content: .elements)
        xml.element("title", text: nonEmpty(metadata.title) ?? "")
        if full {
            if let subtitle = nonEmpty(metadata.subtitle) { xml.element("title", [("type", "sub")], text: subtitle) }
            for author in metadata.authors where nonEmpty(author) != nil { xml.element("author", text: author) }
        }
        xml.end()

        xml.start("publicationStmt", content: .elements)
        if full, let publisher = nonEmpty(metadata.publisher) {
            xml.element("publisher", text: publisher)
            if let published = nonEmpty(metadata.published) { writeDate(published) }
            if let url = nonEmpty(metadata.canonicalURL) ?? nonEmpty(metadata.sourceURL) {
                xml.element("idno", [("type", "URL")], text: url)
            }
        } else {
            xml.element("p")
        }
        xml.end()

        if full { writeNotesStatement(metadata) }

        xml.start("sourceDesc", content: .elements)
        if full && hasSourceDescription(metadata) {
            writeSourceBibl(metadata)
        } else {
            xml.element("p")
        }
        xml.end()
        xml.end()  // fileDesc

        if full {
            xml.start("encodingDesc", content: .elements)
            xml.start("appInfo", content: .elements)
            xml.start("application", [("ident", "warraq"), ("version", WarraqVersion.current)], content: .elements)
            xml.element("label", text: "warraq")
            xml.end()
            xml.end()
            xml.end()
            writeProfileDescription(metadata)
        }
        xml.end()  // teiHeader
    }

    /// The lead image and its caption, and the extra key/values, as notes.
    private mutating func writeNotesStatement(_ metadata: Metadata) {
        let image = nonEmpty(metadata.image), caption = nonEmpty(metadata.imageCaption)
        let extra = metadata.extra.filter { nonEmpty($0.value) != nil }
        guard image != nil || caption != nil || !extra.isEmpty else { return }
        xml.start("notesStmt", content: .elements)
        if image != nil || caption != nil {
            xml.start("note", [("type", "image")], content: .elements)
            xml.start("figure", content: .elements)
            if let caption { xml.element("head", text: caption) }
            if let image {
                xml.start("graphic", [("url", TEIValues.uri(image))], content: .elements)
                xml.end()
            }
            xml.end()
            xml.end()
        }
        for pair in extra {
            // The key as the note's type when it is one word, else as its label (`n`).
            let label: (String, String) = TEIValues.tokens(pair.key) == [pair.key] ? ("type", pair.key) : ("n", pair.key)
            xml.element("note", [label], text: pair.value)
        }
        xml.end()
    }

    private func hasSourceDescription(_ m: Metadata) -> Bool {
        [m.title, m.subtitle, m.publisher, m.published, m.modified, m.sourceURL, m.canonicalURL].contains { nonEmpty($0) != nil }
            || m.authors.contains { nonEmpty($0) != nil }
    }

    /// The source the document was read from, as a `bibl`: titles, authors, publisher,
    /// dates, and `ptr`s to where it was read from and to its canonical address.
    private mutating func writeSourceBibl(_ metadata: Metadata) {
        xml.start("bibl", content: .elements)
        if let title = nonEmpty(metadata.title) { xml.element("title", text: title) }
        if let subtitle = nonEmpty(metadata.subtitle) { xml.element("title", [("type", "sub")], text: subtitle) }
        for author in metadata.authors where nonEmpty(author) != nil { xml.element("author", text: author) }
        if let publisher = nonEmpty(metadata.publisher) { xml.element("publisher", text: publisher) }
        if let published = nonEmpty(metadata.published) { writeDate(published) }
        if let modified = nonEmpty(metadata.modified) { writeDate(modified, type: "modified") }
        let source = nonEmpty(metadata.sourceURL), canonical = nonEmpty(metadata.canonicalURL)
        if let source { pointer(source, type: nil) }
        if let canonical, canonical != source { pointer(canonical, type: "canonical") }
        xml.end()
    }

    private mutating func pointer(_ url: String, type: String?) {
        xml.start("ptr", (type.map { [("type", $0)] } ?? []) + [("target", TEIValues.uri(url))], content: .elements)
        xml.end()
    }

    /// The summary, the language and the keywords; nothing when there are none.
    private mutating func writeProfileDescription(_ metadata: Metadata) {
        let summary = nonEmpty(metadata.description)
        let language = metadata.language.flatMap { TEIValues.isLanguageTag($0) ? $0 : nil }
        let keywords = metadata.keywords.filter { nonEmpty($0) != nil }
        guard summary != nil || language != nil || !keywords.isEmpty else { return }
        xml.start("profileDesc", content: .elements)
        if let summary {
            xml.start("abstract", content: .elements)
            xml.element("p", text: summary)
            xml.end()
        }
        if let language {
            xml.start("langUsage", content: .elements)
            xml.element("language", [("ident", language)])
            xml.end()
        }
        if !keywords.isEmpty {
            xml.start("textClass", content: .elements)
            xml.start("keywords", content: .elements)
            for keyword in keywords { xml.element("term", text: keyword) }
            xml.end()
            xml.end()
        }
        xml.end()
    }

    /// `<date when="…">…</date>` with the date as written; `when` (or `when-iso`, or a range)
    /// only when the value is in a form TEI takes.
    mutating func writeDate(_ value: String, type: String? = nil) {
        var attributes = type.map { [("type", $0)] } ?? []
        if let temporal = TEIValues.temporal(value) { attributes += temporalAttributes(temporal) }
        xml.element("date", attributes, text: value)
    }

    func temporalAttributes(_ temporal: TEIValues.Temporal) -> [(String, String)] {
        switch temporal {
        case .when(let value): [("when", value)]
        case .range(let notBefore, let notAfter): (notBefore.map { [("notBefore", $0)] } ?? []) + (notAfter.map { [("notAfter", $0)] } ?? [])
        case .iso(let value): [("when-iso", value)]
        }
    }
}

/// The string, unless it is nil or only white space.
func nonEmpty(_ string: String?) -> String? {
    // The first scalar that is not white space answers (for a value, usually the first),
    // told by its value rather than by a look-up of its properties.
    guard let string, string.unicodeScalars.contains(where: { !UTF8Scalars.isWhiteSpace($0.value) }) else { return nil }
    return string
}
