import ArgumentParser
import BuiltinPlugins
import EntityEvaluation
import WarraqKit

/// `warraq evaluate`: measure what a recipe's transforms find against annotated data.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure a recipe's transforms against annotated data.",
        subcommands: [Entities.self])

    /// `warraq evaluate entities --gold FILE... --recipe RECIPE`.
    struct Entities: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Precision, recall and F1 of the entities a recipe's steps tag, against CoNLL/BIO gold files.",
            discussion: """
                Each gold file has a token and its tag on each line (separated by spaces or a tab; \
                the tag is the last field), blank lines between sentences and -DOCSTART- lines \
                between documents. Each sentence's tokens are joined by spaces into a paragraph, \
                the recipe's steps run over each document, and the entities they tag are mapped \
                back onto the tokens. Entities count as found when start, end and kind match \
                exactly, as conlleval counts them; the micro average is over all kinds.

                Types map to kinds by default as README says (PER and PERS → person, LOC and \
                GPE → place, ORG → organization, MISC ignored, and NewsFANE's fine types); \
                --tag-map changes one.

                Examples:
                  warraq evaluate entities --gold NewsFANE_Gold_2014_170K.txt \\
                      --recipe config/recipes/arabic-news-entities-json.yaml
                  warraq evaluate entities --gold test.conll --recipe my.yaml \\
                      --tag-map Group=person --errors
                """)

        @Option(name: .customLong("gold"), parsing: .upToNextOption, help: ArgumentHelp("CoNLL/BIO files.", valueName: "file"))
        var gold: [String] = []

        @Option(help: ArgumentHelp("The recipe whose steps tag the entities.", valueName: "recipe"))
        var recipe: String

        @Option(name: .customLong("tag-map"), help: ArgumentHelp("Map a gold type to a kind, or to ignore: TYPE=KIND.", valueName: "type=kind"))
        var tagMap: [String] = []

        @Option(help: ArgumentHelp("The language the sentences are in.", valueName: "bcp47"))
        var language: String = "ar"

        @Flag(help: "List every miss and false alarm.")
        var errors = false

        func run() throws {
            do {
                guard !gold.isEmpty else { throw Diagnostic.error("usage", "give one or more gold files with --gold FILE") }
                var mapping = TagMapping.standard
                for item in tagMap {
                    let option = try RawOption.parse(item, origin: "--tag-map")
                    mapping.set(option.name, to: option.value)
                }
                let configured = try Recipe.load(recipe).configure(registry: BuiltinPlugins.registry)
                var corpus = GoldCorpus()
                for path in gold {
                    try GoldCorpus.read(path, bytes: try FileInput.read(path), mapping: mapping, into: &corpus)
                }
                let evaluator = EntityEvaluator(transforms: configured.transforms, mapping: mapping, language: language)
                let result = try evaluator.evaluate(corpus)
                StandardStreams.report(result.warnings)
                var out = ""
                if errors {
                    for e in result.errors {
                        out += "\(e.file):\(e.line): \(e.side.rawValue) \(e.kind): \(e.text)\n    \(e.sentence)\n"
                    }
                    out += "\n"
                }
                out += "\(result.sentences) sentences, \(result.tokens) tokens, \(corpus.documents.count) documents\n"
                out += result.score.table() + "\n"
                try StandardStreams.writeOut(Array(out.utf8))
            } catch let d as Diagnostic {
                StandardStreams.printError(d.rendered)
                throw ExitCode(d.code == "plugin-failed" ? ExitStatus.failure : ExitStatus.usage)
            }
        }
    }
}
