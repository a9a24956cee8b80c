import ArgumentParser
import WarraqKit

/// `warraq run RECIPE INPUT...`: convert with a recipe.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Convert documents with a recipe.",
        discussion: """
            The same as `warraq convert --recipe RECIPE INPUT...`: the recipe names the input, \
            the transforms and the output; --from, --to, -I and -O override it.

            Examples:
              warraq run config/recipes/arabic-news-json.yaml story.txt
              warraq run news.yaml corpus/ --output-dir out --jobs 2
              warraq run news.yaml corpus/ --output-dir out --skip-existing
            """)

    @Argument(help: ArgumentHelp("The recipe (YAML).", valueName: "recipe"))
    var recipe: String

    @OptionGroup var options: ConversionOptions

    func run() async throws {
        try await BatchExecution.run(options, recipe: recipe)
    }
}
