import ArgumentParser
import WarraqKit

/// `warraq convert`: read inputs, write them in another format.
struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert documents from one format to another.",
        discussion: """
            Formats come from --from and --to, from a recipe (--recipe), or from the files' \
            extensions (.txt → text, .json → json; -o out.jsonl → jsonl). `-` reads standard \
            input or writes standard output. Without -o or --output-dir one document goes to \
            standard output; several go there, or into one -o file, only in a collection format \
            (jsonl).

            Folders are read recursively (files the input format reads, or those --include \
            names); with --output-dir the output tree mirrors the input tree.

            Plugin options: -I NAME=VALUE for the input, -O NAME=VALUE for the output, checked \
            before any document is read (`warraq plugins` lists them).

            Examples:
              warraq convert config/samples/aleppo-ceasefire.ar.txt --to json
              warraq convert article.txt -o article.json -O pretty=false
              warraq convert legacy.txt --to json -I encoding=windows-1256
              warraq convert corpus/ --output-dir out --to json --jobs 4
              warraq convert corpus/ -o corpus.jsonl --include '*.txt' --exclude 'drafts/*'
              warraq convert --recipe config/recipes/arabic-news-json.yaml story.txt
              cat article.txt | warraq convert - --from text --to json

            Exit status: 0 on success, 1 when a document failed (the others are still \
            written), 2 on a usage error (nothing is read).
            """)

    @Option(name: .long, help: ArgumentHelp("A recipe (YAML) saying the input, the transforms and the output; flags override it.", valueName: "recipe"))
    var recipe: String?

    @OptionGroup var options: ConversionOptions

    func run() async throws {
        try await BatchExecution.run(options, recipe: recipe)
    }
}
