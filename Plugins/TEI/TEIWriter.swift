import DocumentModel
import WarraqKit

/// Writes one document as TEI: the state of one conversion (the XML so far, the ids used,
/// what was left out). The header, blocks and inlines are in `TEIWriter+….swift`.
///
/// It recurses along the tree; the pipeline refuses documents nested deeper than
/// ``DocumentLimits/maximumDepth``, which keeps the recursion shallow.
struct TEIWriter {
    struct Options {
        /// Every metadata field in the header, or only the parts TEI requires.
        var fullHeader: Bool
        /// Entities as TEI names, dates and numbers, or only their text.
        var entities: Bool
        /// Indentation of element-only content.
        var pretty: Bool
    }

    static let namespace = "http://www.tei-c.org/ns/1.0"

    let options: Options
    var xml: XMLBuilder
    var losses = Losses()
    /// `xml:id` values written so far: TEI requires them to be unique.
    var usedIDs: Set<String> = []

    init(options: Options) {
        self.options = options
        xml = XMLBuilder(pretty: options.pretty)
    }

    /// The document as TEI XML (UTF-8, with an XML declaration and a final newline).
    mutating func write(_ document: Document) -> [UInt8] {
        let metadata = document.metadata
        xml.declaration()
        var root = [("xmlns", Self.namespace)]
        if let language = language(metadata.language) { root.append(("xml:lang", language)) }
        xml.start("TEI", root, content: .elements)
        writeHeader(metadata)
        var text: [(String, String)] = []
        if let direction = metadata.direction, direction != .auto { text.append(("rend", direction.rawValue)) }
        xml.start("text", text, content: .elements)
        xml.start("body", content: .elements)
        xml.start("div", [("type", "article")], content: .elements)
        writeDivisionContent(document.blocks[...])
        xml.end()
        xml.end()
        xml.end()
        xml.end()
        return xml.bytes
    }

    /// One warning per kind of loss, in a fixed order.
    var warnings: [(code: String, message: String)] {
        var result: [(code: String, message: String)] = []
        let dropped = xml.droppedCharacters
        if dropped > 0 {
            result.append((
                "tei-control-characters",
                "\(counted(dropped, "character", "characters")) that XML 1.0 does not allow (control characters) left out"
            ))
        }
        return result + losses.warnings
    }

    // MARK: - Attributes

    /// The TEI attributes of a node: `specific` ones first, then `xml:id`, `xml:lang` and
    /// `rend` (the `rend` words given, then the classes, then `rtl` or `ltr`). Key/value
    /// pairs have no TEI attribute and are counted as left out, as are ids that are not XML
    /// names or repeat one, and language tags that are not BCP 47.
    mutating func attributes(
        _ attributes: Attributes, _ specific: [(String, String)] = [], rend: [String] = []
    ) -> [(String, String)] {
        // Most nodes have no attributes: nothing to add to the specific ones, nothing to check.
        if attributes.isEmpty && rend.isEmpty { return specific }
        var result = specific
        if let id = attributes.id {
            if XMLNames.isNCName(id) && usedIDs.insert(id).inserted {
                result.append(("xml:id", id))
            } else {
                losses.note(.id, example: "'\(id)'")
            }
        }
        if let language = language(attributes.language) { result.append(("xml:lang", language)) }
        var words = rend + attributes.classes.flatMap(TEIValues.tokens)
        if let direction = attributes.direction, direction != .auto { words.append(direction.rawValue) }
        if !words.isEmpty { result.append(("rend", words.joined(separator: " "))) }
        if let first = attributes.pairs.first {
            losses.note(.attributePairs, count: attributes.pairs.count, example: "'\(first.key)'")
        }
        return result
    }

    /// A language tag fit for `xml:lang`, or nil (counted as left out when it was given).
    mutating func language(_ tag: String?) -> String? {
        guard let tag, !tag.isEmpty else { return nil }
        guard TEIValues.isLanguageTag(tag) else {
            losses.note(.language, example: "'\(tag)'")
            return nil
        }
        return tag
    }
}

/// "1 table", "2 tables".
func counted(_ count: Int, _ singular: String, _ plural: String) -> String {
    "\(count) \(count == 1 ? singular : plural)"
}

/// What the writer left out, counted by kind, with the first example of each, so that a
/// document gets one warning per kind rather than one per node.
struct Losses {
    enum Kind: Int, CaseIterable {
        case rawNotXML, id, language, attributePairs, linkTitle, entityValue, entityReference,
            emptyList, emptyRow, emptyTable, liftedDivision, inImageDescription
    }

    private var counts: [Kind: (count: Int, example: String?)] = [:]
    /// Raw passages in formats other than TEI, by format in order of first appearance.
    private var droppedRaw: [(format: String, count: Int)] = []

    mutating func note(_ kind: Kind, count: Int = 1, example: String? = nil) {
        let old = counts[kind]
        counts[kind] = ((old?.count ?? 0) + count, old?.example ?? example)
    }

    mutating func noteDroppedRaw(format: String) {
        if let index = droppedRaw.firstIndex(where: { $0.format == format }) {
            droppedRaw[index].count += 1
        } else {
            droppedRaw.append((format, 1))
        }
    }

    var warnings: [(code: String, message: String)] {
        var result: [(code: String, message: String)] = []
        for entry in droppedRaw {
            result.append((
                "tei-raw-dropped",
                "\(counted(entry.count, "raw \(entry.format) passage", "raw \(entry.format) passages")) left out: the TEI output keeps raw tei only"
            ))
        }
        for kind in Kind.allCases {
            guard let (count, example) = counts[kind] else { continue }
            let first = example.map { " (first: \($0))" } ?? ""
            let (code, message): (String, String)
            switch kind {
            case .rawNotXML:
                code = "tei-raw-not-xml"
                message = "\(counted(count, "raw tei passage is", "raw tei passages are")) not well-formed XML, written as text\(first)"
            case .id:
                code = "tei-id"
                message = "\(counted(count, "id", "ids")) left out: not an XML name, or used twice\(first)"
            case .language:
                code = "tei-language"
                message = "\(counted(count, "language tag", "language tags")) left out: not a BCP 47 tag as xml:lang takes\(first)"
            case .attributePairs:
                code = "tei-attribute-pairs"
                message = "\(counted(count, "attribute key/value pair", "attribute key/value pairs")) left out: TEI has no attribute for them\(first)"
            case .linkTitle:
                code = "tei-link-title"
                message = "\(counted(count, "link title", "link titles")) left out: TEI's ref has no place for one\(first)"
            case .entityValue:
                code = "tei-entity-value"
                message = "\(counted(count, "normalized entity value", "normalized entity values")) left out: not in a form TEI takes\(first)"
            case .entityReference:
                code = "tei-entity-reference"
                message = "\(counted(count, "entity reference", "entity references")) left out: TEI's num and measure take none\(first)"
            case .emptyList:
                code = "tei-empty-list"
                message = "\(counted(count, "list", "lists")) without items left out: a TEI list needs an item"
            case .emptyRow:
                code = "tei-empty-row"
                message = "\(counted(count, "table row", "table rows")) without cells left out: a TEI row needs a cell"
            case .emptyTable:
                code = "tei-empty-table"
                message = "\(counted(count, "table", "tables")) without rows left out (a caption is kept as text): a TEI table needs a row"
            case .liftedDivision:
                code = "tei-division"
                message = "\(counted(count, "division", "divisions")) inside a quote, list item, table cell or caption written as blocks: TEI allows no div there, so the id and classes are left out"
            case .inImageDescription:
                code = "tei-image-description"
                message = "\(counted(count, "span or image", "spans or images")) inside an image description written as text: TEI's figDesc allows neither\(first)"
            }
            result.append((code, message))
        }
        return result
    }
}
