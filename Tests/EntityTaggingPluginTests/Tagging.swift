import DocumentModel
import WarraqKit

@testable import EntityTaggingPlugin

/// Runs `tag-entities` with options and lists what it found.
enum Tagging {
    static let transform = TagEntitiesTransform()

    static func options(_ raw: [String: String]) throws -> OptionValues {
        try OptionValues.check(
            raw.sorted { $0.key < $1.key }.map { RawOption(name: $0.key, value: $0.value) }, against: transform.options, plugin: transform.name)
    }

    static func tag(_ document: Document, _ raw: [String: String] = [:]) throws -> Document {
        var context = PluginContext(inputName: "test")
        return try transform.apply(to: document, options: try options(raw), context: &context)
    }

    /// One entity as a test compares it.
    struct Found: Hashable, CustomStringConvertible {
        var kind: EntityKind
        var text: String
        var normalized: String?
        var description: String { "\(kind) «\(text)»" + (normalized.map { " = \($0)" } ?? "") }
    }

    /// The entities of a text's paragraphs (one per line).
    static func entities(_ text: String, _ raw: [String: String] = [:], metadata: Metadata = Metadata(language: "ar")) throws -> [Found] {
        let blocks = text.split(separator: "\n").map { Block.paragraph(String($0)) }
        return try entities(of: try tag(Document(metadata: metadata, blocks: blocks), raw))
    }

    static func entities(of document: Document) -> [Found] {
        var found: [Found] = []
        for block in document.allBlocks {
            let view = block.textView
            guard block.childBlocks.isEmpty else { continue }
            for (entity, range) in block.entityRanges(in: view) {
                found.append(Found(kind: entity.kind, text: view.substring(range), normalized: entity.normalized))
            }
        }
        return found
    }

    static func texts(_ found: [Found], _ kind: EntityKind) -> [String] { found.filter { $0.kind == kind }.map(\.text) }
}

import TestSupport

enum TestDocumentsLoader {
    static func sample() throws -> Document { try TestDocuments.sampleArticle() }
}
