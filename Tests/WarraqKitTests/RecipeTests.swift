import Foundation
import Testing
import WarraqKit

/// A registry of stand-in plugins for recipe checks, so that these tests need no real plugins.
struct StubInput: InputPlugin {
    let name = "stub-in"
    let summary = "stub"
    let fileExtensions = ["stub"]
    let options = [
        OptionSpec("mode", .choice(["a", "b"]), default: .string("a"), help: "a mode"),
        OptionSpec("list", .path, help: "a file"),
    ]
    func read(_ input: InputSource, options: OptionValues, context: inout PluginContext) throws -> Document { Document() }
}

struct StubOutput: OutputPlugin {
    let name: String
    let summary = "stub"
    var fileExtension: String { name }
    let options: [OptionSpec]
    func write(_ document: Document, options: OptionValues, context: inout PluginContext) throws -> [UInt8] { [] }
}

struct StubTransform: Transform {
    let name = "tidy"
    let summary = "stub"
    let options = [OptionSpec("level", .integer(0...3), default: .integer(1), help: "how much")]
    func apply(to document: Document, options: OptionValues, context: inout PluginContext) throws -> Document { document }
}

import DocumentModel

let stubRegistry = PluginRegistry(
    inputs: [StubInput()],
    outputs: [StubOutput(name: "out-a", options: [OptionSpec("pretty", .bool, default: .bool(true), help: "indent")]), StubOutput(name: "out-b", options: [])],
    transforms: [StubTransform()])

/// A folder of recipe files for one test.
struct RecipeFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("warraq-recipes-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

func loadError(_ path: String, configure: Bool = true) -> Diagnostic? {
    do {
        let recipe = try Recipe.load(path)
        if configure { _ = try recipe.configure(registry: stubRegistry) }
        return nil
    } catch {
        return error
    }
}

@Suite("Recipes")
struct RecipeTests {
    @Test func aFullRecipeLoadsAndConfigures() throws {
        let folder = try RecipeFolder()
        defer { folder.remove() }
        let path = try folder.write("news.yaml", """
            warraq: 1
            name: news
            description: a test recipe
            input: {format: stub-in, options: {mode: b, list: lists/names.tsv}}
            steps:
              - tidy
              - tidy: {level: 3}
            output:
              format: out-a
              options:
                pretty: false
            """)
        let recipe = try Recipe.load(path)
        #expect(recipe.name == "news" && recipe.description == "a test recipe")
        #expect(recipe.steps.map(\.name) == ["tidy", "tidy"])
        let configured = try recipe.configure(registry: stubRegistry)
        #expect(configured.input?.options.string("mode") == "b")
        // A relative path resolves against the recipe's folder.
        #expect(configured.input?.options.string("list") == folder.url.path + "/lists/names.tsv")
        #expect(configured.transforms.map { $0.options.integer("level") } == [1, 3])
        #expect(configured.output?.options.bool("pretty") == false)
    }

    @Test func shorthandsAndAutoInput() throws {
        let folder = try RecipeFolder()
        defer { folder.remove() }
        let path = try folder.write("r.yaml", "warraq: 1\ninput: auto\noutput: out-b\n")
        let configured = try Recipe.load(path).configure(registry: stubRegistry)
        #expect(configured.input == nil)
        #expect(configured.output?.plugin.name == "out-b")
        #expect(configured.transforms.isEmpty)
        // Command-line formats and options override the recipe's.
        let overridden = try Recipe.load(path).configure(
            registry: stubRegistry, inputOverride: "stub-in", outputOverride: "out-a",
            inputOptions: [RawOption(name: "mode", value: "b")], outputOptions: [RawOption(name: "pretty", value: "false")])
        #expect(overridden.input?.options.string("mode") == "b")
        #expect(overridden.output?.options.bool("pretty") == false)
    }

    @Test("Mistakes are errors at their line and column, before any document is read", arguments: [
        ("warraq: 1\nname: x\noutptu: out-a\n", "3:1", "unknown key 'outptu' in a recipe", "did you mean 'output'?"),
        ("warraq: 1\ninput: {format: stub-in, optons: {}}\n", "2:26", "unknown key 'optons' in input", "did you mean 'options'?"),
        ("warraq: 1\ninput: {format: stub-in, options: {mod: b}}\n", "2:36", "unknown option 'mod' for 'stub-in'", "did you mean 'mode'?"),
        ("warraq: 1\ninput: {format: stub-in, options: {mode: c}}\n", "2:42", "expects one of a, b, got \"c\"", "mode: a mode"),
        ("warraq: 1\nsteps:\n  - tidy: {level: 9}\n", "3:19", "expects an integer from 0 to 3", "level: how much"),
        ("warraq: 1\nsteps:\n  - tidyy\n", "3:5", "unknown transform 'tidyy'", "did you mean 'tidy'?"),
        ("warraq: 1\nsteps: tidy\n", "2:8", "steps expects a list of transforms", nil),
        ("warraq: 1\nsteps:\n  - {tidy: {}, other: {}}\n", "3:5", "a step is `- name` or `- name: {options}`", nil),
        ("warraq: 1\noutput: {format: out-c}\n", "2:18", "unknown output format 'out-c'", "valid: out-a, out-b"),
        ("warraq: 1\noutput: {options: {pretty: true}}\n", "2:9", "output needs a format", nil),
        ("warraq: 1\ninput: {format: stub-in, options: {mode: [a, b]}}\n", "2:42", "expects a single value, got a list", nil),
        ("warraq: 1\ninput: {format: stub-in, options: {mode: }}\n", "2:42", "has no value", nil),
        ("warraq: 1\ninput: {format: auto, options: {mode: a}}\n", "2:33", "input: auto takes no options", nil),
        ("name: x\n", "1:1", "the recipe does not say its format version", "add `warraq: 1` at the top"),
        ("warraq: 2\n", "1:9", "recipe format version 2 is not supported", nil),
        ("warraq: \"1\"\n", "1:9", "warraq expects the recipe format version as a number", "write `warraq: 1`"),
        ("- a\n- b\n", "1:1", "a recipe is a mapping of keys", nil),
        ("warraq: 1\nname: [x]\n", "2:7", "name expects text, got a list", nil),
    ] as [(String, String, String, String?)])
    func mistakes(text: String, position: String, message: String, note: String?) throws {
        let folder = try RecipeFolder()
        defer { folder.remove() }
        let path = try folder.write("bad.yaml", text)
        let error = try #require(loadError(path))
        #expect(error.message.contains(message), "\(error.rendered)")
        #expect(error.location?.path == path)
        #expect("\(error.location?.line ?? 0):\(error.location?.column ?? 0)" == position, "\(error.rendered)")
        if let note { #expect(error.notes.contains(note), "\(error.notes)") }
        // The rendering shows the line and a caret.
        #expect(error.rendered.split(separator: "\n").count >= 3)
    }

    @Test func anEmptyRecipeIsAnError() throws {
        let folder = try RecipeFolder()
        defer { folder.remove() }
        #expect(loadError(try folder.write("empty.yaml", "# nothing\n"))?.message == "the recipe is empty")
        #expect(loadError(folder.url.path + "/missing.yaml")?.code == "read-failed")
    }

    @Test func extendsMergesMappingsAndReplacesLists() throws {
        let folder = try RecipeFolder()
        defer { folder.remove() }
        try folder.write("base/base.yaml", """
            warraq: 1
            name: base
            description: the base
            input: {format: stub-in, options: {mode: b, list: names.tsv}}
            steps: [tidy, tidy]
            output: {format: out-a, options: {pretty: false}}
            """)
        let path = try folder.write("child.yaml", """
            extends: base/base.yaml
            name: child
            input: {options: {mode: a}}
            steps:
              - tidy: {level: 2}
            """)
        let recipe = try Recipe.load(path)
        #expect(recipe.files == [folder.url.path + "/base/base.yaml", path])
        #expect(recipe.name == "child" && recipe.description == "the base")
        let configured = try recipe.configure(registry: stubRegistry)
        #expect(configured.input?.options.string("mode") == "a")
        // The inherited path still resolves against the folder of the file that wrote it.
        #expect(configured.input?.options.string("list") == folder.url.path + "/base/names.tsv")
        #expect(configured.transforms.map { $0.options.integer("level") } == [2])
        #expect(configured.output?.options.bool("pretty") == false)
        // The short form of the same format keeps the inherited options.
        let same = try folder.write("same.yaml", "extends: child.yaml\noutput: out-a\n")
        #expect(try Recipe.load(same).configure(registry: stubRegistry).output?.options.bool("pretty") == false)
        // Another output format replaces the inherited output whole, options included.
        let other = try folder.write("other.yaml", "extends: child.yaml\noutput: out-b\n")
        #expect(try Recipe.load(other).configure(registry: stubRegistry).output?.plugin.name == "out-b")
    }

    @Test func anExtendsCycleIsAnError() throws {
        let folder = try RecipeFolder()
        defer { folder.remove() }
        try folder.write("a.yaml", "warraq: 1\nextends: b.yaml\n")
        try folder.write("b.yaml", "extends: a.yaml\n")
        let error = try #require(loadError(folder.url.path + "/a.yaml"))
        #expect(error.code == "extends-cycle")
        #expect(error.message.contains("a.yaml → ") && error.message.contains("b.yaml"))
        try folder.write("self.yaml", "warraq: 1\nextends: self.yaml\n")
        #expect(loadError(folder.url.path + "/self.yaml")?.code == "extends-cycle")
        let missing = try folder.write("missing.yaml", "warraq: 1\nextends: nowhere.yaml\n")
        let error2 = try #require(loadError(missing))
        #expect(error2.message.contains("cannot read the recipe it extends"))
        #expect(error2.location?.line == 2)
    }

    @Test func yamlProblemsInARecipeAreLocated() throws {
        let folder = try RecipeFolder()
        defer { folder.remove() }
        let duplicate = try folder.write("dup.yaml", "warraq: 1\nname: a\nname: b\n")
        let error = try #require(loadError(duplicate))
        #expect(error.code == "duplicate-key")
        #expect(error.location?.line == 3)
        let syntax = try folder.write("syntax.yaml", "warraq: 1\nsteps: [tidy\n")
        #expect(loadError(syntax)?.code == "yaml-syntax")
    }
}
