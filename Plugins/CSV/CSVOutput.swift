import DocumentModel
import WarraqKit

/// `csv`: RFC 4180 tables of documents, blocks or entities, for spreadsheets and data tools.
///
/// A batch written with `-o corpus.csv` is one table: one header, then every document's rows.
public struct CSVOutput: CollectionOutputPlugin {
    public init() {}
    public let name = "csv"
    public let summary = "CSV (RFC 4180): a row per document, per block or per entity; a batch makes one table"
    public let fileExtension = "csv"
    public let options = [
        OptionSpec(
            "rows", .choice(["documents", "blocks", "entities"]), default: .string("documents"),
            help: "documents: a row per document (id, source, title, authors, date, language, publisher, text, entities per kind); blocks: a row per block; entities: a row per entity with its offsets"),
        OptionSpec("delimiter", .choice([",", ";", "tab", "pipe"]), default: .string(","), help: "the field separator: a comma, a semicolon, a tab (TSV) or a pipe (|)"),
        OptionSpec("line-ending", .choice(["crlf", "lf"]), default: .string("crlf"), help: "crlf (RFC 4180) or lf"),
        OptionSpec("bom", .bool, default: .bool(false), help: "start with a UTF-8 byte-order mark, which spreadsheet programs need to show Arabic"),
        OptionSpec(
            "formula-guard", .bool, default: .bool(true),
            help: "put ' before a cell that starts with = + - @ (or a tab or carriage return), so that spreadsheets do not run it as a formula"),
    ]

    /// The counted entity kinds of `rows: documents`, and their column names.
    static let countedKinds: [(EntityKind, String)] = [
        (.person, "persons"), (.place, "places"), (.organization, "organizations"), (.date, "dates"),
        (.time, "times"), (.number, "numbers"), (.percent, "percents"), (.money, "money"),
    ]

    static func columns(_ rows: String) -> [String] {
        switch rows {
        case "blocks": ["id", "block", "kind", "level", "text"]
        case "entities": ["id", "block", "start", "end", "kind", "text", "normalized", "reference"]
        default:
            ["id", "source", "title", "authors", "date", "language", "publisher", "text"]
                + countedKinds.map(\.1) + ["other_entities"]
        }
    }

    public func write(_ document: Document, options: OptionValues, context: inout PluginContext) throws -> [UInt8] {
        collectionHeader(options: options) + (try collectionRecord(document, options: options, context: &context))
    }

    public func collectionHeader(options: OptionValues) -> [UInt8] {
        let format = Format(options)
        var out: [UInt8] = options.bool("bom") == true ? [0xEF, 0xBB, 0xBF] : []
        format.append(row: Self.columns(options.string("rows") ?? "documents"), to: &out, guardFormulas: false)
        return out
    }

    public func collectionRecord(_ document: Document, options: OptionValues, context: inout PluginContext) throws -> [UInt8] {
        let format = Format(options)
        let id = context.inputName
        var rows: [[String]] = []
        switch options.string("rows") ?? "documents" {
        case "blocks":
            for (index, block) in document.blocks.enumerated() {
                var level = ""
                if case .heading(let l, _) = block.kind { level = "\(l)" }
                rows.append([id, "\(index)", block.typeName, level, block.plainText])
            }
        case "entities":
            for (index, block) in document.blocks.enumerated() {
                let view = block.textView
                for found in block.entityRanges(in: view) {
                    rows.append([
                        id, "\(index)", "\(found.range.lowerBound)", "\(found.range.upperBound)", found.entity.kind.rawValue,
                        view.substring(found.range), found.entity.normalized ?? "", found.entity.reference ?? "",
                    ])
                }
            }
        default:
            let m = document.metadata
            var counts: [EntityKind: Int] = [:]
            var other = 0
            for (entity, _) in document.entities {
                if Self.countedKinds.contains(where: { $0.0 == entity.kind }) { counts[entity.kind, default: 0] += 1 } else { other += 1 }
            }
            let text = document.blocks.map(\.plainText).filter { !$0.isEmpty }.joined(separator: "\n\n")
            rows.append(
                [
                    id, m.sourceURL ?? m.canonicalURL ?? id, m.title ?? "", m.authors.joined(separator: "; "),
                    m.published ?? m.modified ?? "", m.language ?? "", m.publisher ?? "", text,
                ] + Self.countedKinds.map { "\(counts[$0.0] ?? 0)" } + ["\(other)"])
        }
        var out: [UInt8] = []
        var guarded = 0
        for row in rows { guarded += format.append(row: row, to: &out, guardFormulas: options.bool("formula-guard") ?? true) }
        if guarded > 0 {
            context.warn(
                "csv-formula-guard",
                "\(guarded) cell\(guarded == 1 ? "" : "s") starting with = + - @ got a leading ' so that spreadsheets do not read \(guarded == 1 ? "it" : "them") as a formula",
                notes: ["give formula-guard=false to write cells exactly as they are"])
        }
        return out
    }

    /// Delimiter and line ending, and the writing of one row.
    struct Format {
        var delimiter: UInt8
        var lineEnding: [UInt8]

        init(_ options: OptionValues) {
            let name = options.string("delimiter") ?? ","
            switch name {
            case "tab": delimiter = 0x09
            case "pipe": delimiter = UInt8(ascii: "|")
            default: delimiter = Array(name.utf8).first ?? UInt8(ascii: ",")
            }
            lineEnding = options.string("line-ending") == "lf" ? [0x0A] : [0x0D, 0x0A]
        }

        /// Appends one row; returns how many cells the formula guard changed.
        @discardableResult
        func append(row: [String], to out: inout [UInt8], guardFormulas: Bool) -> Int {
            var guarded = 0
            for (i, cell) in row.enumerated() {
                if i > 0 { out.append(delimiter) }
                var bytes = Array(cell.utf8)
                if guardFormulas, let first = bytes.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(first) {
                    bytes.insert(UInt8(ascii: "'"), at: 0)
                    guarded += 1
                }
                if bytes.contains(where: { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                    out.append(0x22)
                    for b in bytes {
                        if b == 0x22 { out.append(0x22) }
                        out.append(b)
                    }
                    out.append(0x22)
                } else {
                    out += bytes
                }
            }
            out += lineEnding
            return guarded
        }
    }
}
