import Foundation
import Testing
import WarraqKit

/// `plugins:` declarations, plugins files, `- run:` steps and inputs and outputs given as
/// commands, as recipes read them.
@Suite("Recipes with external plugins")
struct RecipePluginsTests {
    @Test func aDeclaredPluginIsUsedByNameWithCheckedOptions() throws {
        let folder = try RecipeFolder()
        defer { folder.remove() }
        let path = try folder.write("news.yaml", """
            warraq: 1
            plugins:
              my-cleaner:
                summary: drops short paragraphs
                command: [python3, filters/clean.py]
                timeout: 5
                output-limit: 2MB
                mode: stream
                options:
                  min-words: {type: integer, default: 3, min: 1, help: fewest words}
                  style: {type: choice, values: [soft, hard], default: soft}
              newsroom:
                kind: output
                command: [./write.sh, --pretty]
                extension: xml
            steps:
              - my-cleaner: {min-words: 5}
              - tidy
            output: {format: newsroom}
            """)
        let recipe = try Recipe.load(path)
        #expect(recipe.plugins.map(\.name) == ["my-cleaner", "newsroom"])
        let cleaner = recipe.plugins[0]
        #expect(cleaner.kind == .transform && cleaner.mode == .stream)
        #expect(cleaner.command == ["python3", "filters/clean.py"])
        // The command runs in the folder of the file that declared it.
        #expect(cleaner.directory == folder.url.path)
        #expect(cleaner.timeout == 5 && cleaner.outputLimit == 2 << 20)
        let configured = try recipe.configure(registry: stubRegistry)
        #expect(configured.transforms.map(\.plugin.name) == ["my-cleaner", "tidy"])
        #expect(configured.transforms[0].options.integer("min-words") == 5)
        #expect(configured.transforms[0].options.string("style") == "soft")
        #expect(configured.output?.plugin.name == "newsroom")
        #expect(configured.output?.plugin.fileExtension == "xml")
        #expect(configured.registry.transform(named: "my-cleaner") != nil)
    }

    @Test func runStepsAndCommandInputsAndOutputs() throws {
        let folder = try RecipeFolder()
        defer { folder.remove() }
        let path = try folder.write("r.yaml", """
            warraq: 1
            input: {command: [./read.py], extensions: [.Raw], timeout: 2}
            steps:
              - run: {command: [python3, clean.py], options: {min-words: 5, strict: true, label: news}}
              - run: [./tag.sh]
            output: {command: [./write.py], extension: xml}
            """)
        let configured = try Recipe.load(path).configure(registry: stubRegistry)
        let input = try #require(configured.input?.plugin as? ExternalInput)
        #expect(input.declaration.command == ["./read.py"] && input.fileExtensions == ["raw"])
        #expect(input.declaration.timeout == 2)
        #expect(configured.transforms.map(\.plugin.name) == ["python3 clean.py", "./tag.sh"])
        // Options of a run step declare nothing: they take the type their value reads as.
        let options = configured.transforms[0].options
        #expect(options.integer("min-words") == 5 && options.bool("strict") == true && options.string("label") == "news")
        #expect(configured.output?.plugin.fileExtension == "xml")
    }

    @Test func pluginsFilesAreIncludedRelativeToTheirFolder() throws {
        let folder = try RecipeFolder()
        defer { folder.remove() }
        try folder.write("shared/plugins.yaml", """
            plugins:
              shared-cleaner:
                command: [./clean.sh]
              include: more.yaml
            """)
        try folder.write("shared/more.yaml", "plugins:\n  shared-tagger: {command: [./tag.sh]}\n")
        let path = try folder.write("recipes/r.yaml", """
            warraq: 1
            plugins:
              include: [../shared/plugins.yaml]
              local: {command: [./local.sh]}
            steps: [shared-cleaner, shared-tagger, local]
            """)
        let recipe = try Recipe.load(path)
        #expect(recipe.plugins.map(\.name) == ["shared-cleaner", "shared-tagger", "local"])
        #expect(recipe.plugins.map { URL(fileURLWithPath: $0.directory).lastPathComponent } == ["shared", "shared", "recipes"])
        #expect(try recipe.configure(registry: stubRegistry).transforms.count == 3)
        // A plugins file alone is listed by `warraq plugins --recipe`.
        #expect(try Recipe.declaredPlugins(in: folder.url.appendingPathComponent("shared/plugins.yaml").path).map(\.name) == ["shared-cleaner", "shared-tagger"])
        // The short form: `plugins: FILE`.
        let short = try folder.write("recipes/s.yaml", "warraq: 1\nplugins: ../shared/more.yaml\nsteps: [shared-tagger]\n")
        #expect(try Recipe.load(short).plugins.map(\.name) == ["shared-tagger"])
        // Files that include each other are an error, not a hang.
        try folder.write("a.yaml", "plugins: {include: b.yaml}\n")
        try folder.write("b.yaml", "plugins: {include: a.yaml}\n")
        let cycle = try folder.write("c.yaml", "warraq: 1\nplugins: a.yaml\n")
        #expect(loadError(cycle)?.code == "include-cycle")
    }

    @Test func aRecipeThatExtendsAnotherKeepsItsPluginsAndWhereTheyRun() throws {
        let folder = try RecipeFolder()
        defer { folder.remove() }
        try folder.write("base/base.yaml", """
            warraq: 1
            plugins:
              cleaner: {command: [./clean.sh], timeout: 5}
              tagger: {command: [./tag.sh]}
            steps: [cleaner]
            """)
        let path = try folder.write("news.yaml", """
            extends: base/base.yaml
            plugins:
              tagger: {timeout: 60}
              writer: {kind: output, command: [./write.sh]}
            steps: [cleaner, tagger]
            output: writer
            """)
        let recipe = try Recipe.load(path)
        #expect(recipe.plugins.map(\.name) == ["cleaner", "tagger", "writer"])
        // Merged name by name: the tagger keeps the base's command and folder, with a new timeout.
        let tagger = try #require(recipe.plugins.first { $0.name == "tagger" })
        #expect(tagger.command == ["./tag.sh"] && tagger.timeout == 60)
        #expect(URL(fileURLWithPath: tagger.directory).lastPathComponent == "base")
        #expect(recipe.plugins.last?.directory == folder.url.path)
        let configured = try recipe.configure(registry: stubRegistry)
        #expect(configured.transforms.map(\.plugin.name) == ["cleaner", "tagger"])
        #expect(configured.output?.plugin.name == "writer")
    }

    @Test("Mistakes in declarations are errors at their line and column", arguments: [
        ("warraq: 1\nsteps:\n  - run: {command: python3 clean.py}\n", "3:20", "a command is a list of the program and its arguments; warraq does not split it or use a shell", "command: [python3, clean.py]"),
        ("warraq: 1\nsteps:\n  - run: {comand: [x]}\n", "3:11", "unknown key 'comand' in a run step", "did you mean 'command'?"),
        ("warraq: 1\nsteps:\n  - run: {command: [x], timeout: -1}\n", "3:34", "timeout expects a number of seconds", nil),
        ("warraq: 1\nsteps:\n  - run: {command: [x], output-limit: lots}\n", "3:39", "output-limit expects a size such as 64MB", nil),
        ("warraq: 1\nsteps:\n  - run: {command: [x], mode: streem}\n", "3:31", "mode expects one of document, stream, got 'streem'", "did you mean 'stream'?"),
        ("warraq: 1\nplugins:\n  tidy: {command: [x]}\n", "3:3", "the plugin 'tidy' is declared, but warraq has a plugin of that name", nil),
        ("warraq: 1\nplugins:\n  Bad_Name: {command: [x]}\n", "3:3", "a plugin name is lowercase letters", nil),
        ("warraq: 1\nplugins:\n  p: {command: [x], kind: filter}\n", "3:27", "kind expects one of input, output, transform", nil),
        ("warraq: 1\nplugins:\n  p: {command: [x], optoins: {}}\n", "3:21", "unknown key 'optoins' in the declaration of 'p'", "did you mean 'options'?"),
        ("warraq: 1\nplugins:\n  p: {summary: no command}\n", "3:6", "'p' needs a command", nil),
        ("warraq: 1\nplugins:\n  p: {command: [x], options: {n: {type: integer, default: many}}}\n", "3:59", "option 'n' of 'p' expects an integer", nil),
        ("warraq: 1\nplugins:\n  p: {command: [x], kind: output, mode: stream}\n", "3:41", "mode: stream is for transforms", nil),
        ("warraq: 1\nplugins:\n  p: {command: [x], options: {n: {type: integer}}}\nsteps:\n  - p: {n: few}\n", "5:12", "option 'n' of 'p' expects an integer, got \"few\"", nil),
        ("warraq: 1\nplugins:\n  p: {command: [x]}\nsteps:\n  - p: {n: 1}\n", "5:9", "unknown option 'n' for 'p'", "'p' takes no options"),
    ] as [(String, String, String, String?)])
    func mistakes(_ text: String, _ position: String, _ message: String, _ note: String?) throws {
        let folder = try RecipeFolder()
        defer { folder.remove() }
        let path = try folder.write("r.yaml", text)
        let error = try #require(loadError(path))
        let location = error.location.map { "\($0.line ?? 0):\($0.column ?? 0)" }
        #expect(location == position, "\(error.rendered)")
        #expect(error.message.contains(message), "\(error.rendered)")
        if let note { #expect(error.notes.contains { $0.contains(note) }, "\(error.rendered)") }
    }
}
