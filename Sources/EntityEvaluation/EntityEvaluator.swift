import DocumentModel
import WarraqKit

/// Runs a recipe's steps over gold sentences and scores the entities they find.
public struct EntityEvaluator: Sendable {
    public var transforms: [Configured<any Transform>]
    public var mapping: TagMapping
    /// The language the documents are said to be in.
    public var language: String

    public init(transforms: [Configured<any Transform>], mapping: TagMapping, language: String = "ar") {
        self.transforms = transforms
        self.mapping = mapping
        self.language = language
    }

    /// A miss or a false alarm, for `--errors`.
    public struct Error: Sendable {
        public enum Side: String, Sendable { case missed, falseAlarm = "false alarm" }
        public var side: Side
        public var kind: EntityKind
        public var text: String
        public var file: String
        public var line: Int
        public var sentence: String
    }

    public struct Result: Sendable {
        public var score = EntityScore()
        public var errors: [Error] = []
        public var sentences = 0
        public var tokens = 0
        public var warnings: [Diagnostic] = []
    }

    /// Scores every document of `corpus`.
    ///
    /// - Throws: what a step throws, as a ``Diagnostic``.
    public func evaluate(_ corpus: GoldCorpus) throws(Diagnostic) -> Result {
        var result = Result()
        let kinds = mapping.evaluatedKinds
        for sentences in corpus.documents {
            // One paragraph a sentence, its tokens joined by spaces.
            var blocks: [Block] = []
            var offsets: [[Range<Int>]] = []
            for s in sentences {
                var text = ""
                var ranges: [Range<Int>] = []
                var at = 0
                for (i, t) in s.tokens.enumerated() {
                    if i > 0 {
                        text += " "
                        at += 1
                    }
                    let n = t.text.unicodeScalars.count
                    ranges.append(at..<at + n)
                    text += t.text
                    at += n
                }
                blocks.append(.paragraph(text, attributes: Attributes(id: Self.idPrefix + "\(blocks.count)")))
                offsets.append(ranges)
            }
            var document = Document(metadata: Metadata(language: language), blocks: blocks)
            var context = PluginContext(inputName: sentences.first?.file ?? "gold")
            for step in transforms {
                do {
                    document = try step.plugin.apply(to: document, options: step.options, context: &context)
                } catch let d as Diagnostic {
                    throw d
                } catch {
                    throw .error("plugin-failed", "\(error)", at: SourceLocation(path: context.inputName))
                }
            }
            result.warnings += context.diagnostics
            // Each sentence's paragraph, by its id: a step may drop one (junk: drop) or add blocks.
            var byID: [String: Block] = [:]
            for block in document.blocks {
                if let id = block.attributes.id, id.hasPrefix(Self.idPrefix) { byID[id] = block }
            }
            for (k, s) in sentences.enumerated() {
                guard let block = byID[Self.idPrefix + "\(k)"] else {
                    result.warnings.append(
                        .warning(
                            "evaluate-dropped", "the recipe's steps dropped this sentence; its entities count as missed",
                            at: SourceLocation(path: s.file, line: s.tokens[0].line)))
                    let gold = Chunks.from(s.tokens.map(\.tag), mapping: mapping)
                    result.score.add(gold: gold, predicted: [])
                    result.sentences += 1
                    result.tokens += s.tokens.count
                    continue
                }
                let found = Self.entities(in: block)
                // When a step changed the text, map through its words.
                var tokenRanges = offsets[k]
                let text = block.plainText
                let original = s.tokens.map(\.text).joined(separator: " ")
                if text != original {
                    let words = Self.words(text)
                    if words.count == tokenRanges.count {
                        tokenRanges = words
                    } else {
                        result.warnings.append(
                            .warning(
                                "evaluate-text-changed", "the recipe's steps changed the words of this sentence; its predictions are not counted",
                                at: SourceLocation(path: s.file, line: s.tokens[0].line)))
                        tokenRanges = []
                    }
                }
                var predictedTags = [String](repeating: "O", count: s.tokens.count)
                if !tokenRanges.isEmpty {
                    for (range, entity) in found where kinds.contains(entity.kind) {
                        let covered = tokenRanges.indices.filter { tokenRanges[$0].overlaps(range) }
                        guard let first = covered.first, covered.allSatisfy({ predictedTags[$0] == "O" }) else { continue }
                        for t in covered { predictedTags[t] = (t == first ? "B-" : "I-") + entity.kind.rawValue }
                    }
                }
                var predictedMapping = mapping
                for kind in kinds { predictedMapping.set(kind.rawValue, to: kind.rawValue) }
                let gold = Chunks.from(s.tokens.map(\.tag), mapping: mapping)
                let predicted = Chunks.from(predictedTags, mapping: predictedMapping)
                let (missed, falseAlarms) = result.score.add(gold: gold, predicted: predicted)
                for (side, list) in [(Error.Side.missed, missed), (.falseAlarm, falseAlarms)] {
                    for c in list {
                        result.errors.append(
                            Error(
                                side: side, kind: c.kind, text: s.tokens[c.start..<c.end].map(\.text).joined(separator: " "), file: s.file,
                                line: s.tokens[c.start].line, sentence: original))
                    }
                }
                result.sentences += 1
                result.tokens += s.tokens.count
            }
        }
        return result
    }

    static let idPrefix = "warraq-evaluate-"

    /// The scalar ranges of the space-separated words of a text.
    static func words(_ text: String) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start: Int? = nil
        var i = 0
        for s in text.unicodeScalars {
            if s == " " || s == "\n" || s == "\t" {
                if let b = start { result.append(b..<i) }
                start = nil
            } else if start == nil {
                start = i
            }
            i += 1
        }
        if let b = start { result.append(b..<i) }
        return result
    }

    /// The entities of a paragraph with their scalar ranges in its plain text (outermost
    /// first; nested ones are listed too).
    public static func entities(in block: Block) -> [(Range<Int>, Entity)] {
        var result: [(Range<Int>, Entity)] = []
        var at = 0
        func walk(_ inlines: [Inline]) {
            for inline in inlines {
                switch inline.kind {
                case .text(let s), .code(let s): at += s.unicodeScalars.count
                case .softBreak, .lineBreak: at += 1
                case .image, .raw: break
                case .entity(let e, let children):
                    let start = at
                    let index = result.count
                    result.append((start..<start, e))
                    walk(children)
                    result[index].0 = start..<at
                default: walk(inline.children)
                }
            }
        }
        walk(block.childInlines)
        return result
    }
}
