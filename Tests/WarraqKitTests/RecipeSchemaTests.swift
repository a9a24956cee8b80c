import Foundation
import Testing
import TestSupport
import WarraqKit

/// Checks `config/schema/recipe.schema.json`, the JSON Schema editors use to complete and check
/// recipes: the schema itself against the Draft 2020-12 metaschema, every recipe in
/// `config/recipes/`, and hand-written recipes it must accept or refuse.
///
/// The schema is checked by python3's `jsonschema` module, the YAML read by its `yaml` module
/// (PyYAML); without them, the schema tests are skipped. The variants' verdicts were also checked
/// by hand against `warraq recipe check`; the loader test below keeps the structural ones honest
/// as `Recipe` changes.
struct RecipeSchemaTests {
    // MARK: - Tests

    @Test(.enabled(if: RecipeSchemaTests.toolsAvailable, "python3 with the jsonschema and yaml modules is needed to check the recipe schema"))
    func shippedRecipesMatchTheSchema() throws {
        let files = try Self.shippedRecipes()
        #expect(!files.isEmpty, "no recipes found in \(Self.recipesFolder.path)")
        let verdicts = try Self.validate(files)
        for verdict in verdicts where verdict.error != nil {
            Issue.record("\(verdict.file) does not match the recipe schema: \(verdict.pointer ?? "?"): \(verdict.error!)")
        }
    }

    @Test(.enabled(if: RecipeSchemaTests.toolsAvailable, "python3 with the jsonschema and yaml modules is needed to check the recipe schema"))
    func theSchemaAcceptsGoodRecipes() throws {
        let folder = try Self.writeVariants(Self.goodVariants)
        defer { try? FileManager.default.removeItem(at: folder.url) }

        let verdicts = try Self.validate(folder.files)
        for verdict in verdicts where verdict.error != nil {
            Issue.record("\(Self.name(of: verdict.file)): the schema refuses a good recipe: \(verdict.pointer ?? "?"): \(verdict.error!)")
        }
    }

    @Test(.enabled(if: RecipeSchemaTests.toolsAvailable, "python3 with the jsonschema and yaml modules is needed to check the recipe schema"))
    func theSchemaRefusesBadRecipes() throws {
        let folder = try Self.writeVariants(Self.badVariants)
        defer { try? FileManager.default.removeItem(at: folder.url) }

        let verdicts = try Self.validate(folder.files)
        for (variant, verdict) in zip(Self.badVariants, verdicts) {
            guard let error = verdict.error else {
                Issue.record("\(variant.name): the schema accepts a bad recipe (\(variant.why))")
                continue
            }
            let pointer = verdict.pointer ?? ""
            #expect(
                pointer == variant.pointer || pointer.hasPrefix(variant.pointer == "/" ? "/" : variant.pointer + "/"),
                "\(variant.name): refused at \(pointer), not under \(variant.pointer) as expected (\(variant.why)): \(error)")
            if let word = variant.mentions {
                #expect(error.contains(word), "\(variant.name): refused for another reason than expected (\(variant.why)): \(error)")
            }
        }
    }

    /// The variants must say what warraq's loader says of them, so that the schema tests above
    /// test the recipe format rather than a guess of it. (Mistakes in plugin names and options
    /// are found later, by `configure(registry:)` with the real plugins; those variants were
    /// checked with `warraq recipe check`.)
    @Test func theLoaderAgreesWithTheVariants() throws {
        let folder = try Self.writeVariants(Self.goodVariants + Self.badVariants)
        defer { try? FileManager.default.removeItem(at: folder.url) }

        for path in try Self.shippedRecipes() + folder.files.prefix(Self.goodVariants.count) {
            do {
                _ = try Recipe.load(path)
            } catch {
                Issue.record("\(Self.name(of: path)): warraq refuses a recipe the schema accepts: \(error)")
            }
        }
        for (variant, path) in zip(Self.badVariants, folder.files.dropFirst(Self.goodVariants.count)) where variant.loaderRefuses {
            do {
                _ = try Recipe.load(path)
                Issue.record("\(variant.name): warraq's loader accepts a recipe the schema refuses (\(variant.why))")
            } catch {
                // Expected.
            }
        }
    }

    // MARK: - Recipes

    struct Variant: Sendable {
        var name: String
        var yaml: String
        /// For a bad variant: why it is bad.
        var why: String = ""
        /// For a bad variant: the JSON pointer the schema's error is at or under.
        var pointer: String = "/"
        /// For a bad variant: a word the schema's error must contain.
        var mentions: String? = nil
        /// For a bad variant: whether `Recipe.load` refuses it already (else only the plugin
        /// check does).
        var loaderRefuses: Bool = true
    }

    /// The recipe the `extends` variants build on, written next to them as `base.yaml`.
    static let baseRecipe = """
        warraq: 1
        name: base
        input: {format: text, options: {structure: article}}
        output: {format: json, options: {pretty: true}}
        """

    /// Recipes the schema must accept. All but the last two are accepted by `warraq recipe
    /// check` too; those name transforms and formats that do not ship (yet), which the schema
    /// allows for external and future plugins.
    static let goodVariants: [Variant] = [
        Variant(name: "minimal", yaml: "warraq: 1\n"),
        Variant(name: "auto-input-jsonl", yaml: """
            warraq: 1
            name: corpus
            input: auto
            output: jsonl
            """),
        Variant(name: "every-text-option", yaml: """
            # yaml-language-server: $schema=../config/schema/recipe.schema.json
            warraq: 1
            name: every-text-option
            description: Every option of the text input
            input:
              format: text
              options:
                encoding: windows-1256
                on-invalid: replace
                structure: paragraphs
                line-breaks: keep
                language: ar
                direction: rtl
            steps: []
            output:
              format: json
              options:
                pretty: false
            """),
        Variant(name: "json-input-empty-options", yaml: """
            warraq: 1
            input: {format: json, options: {}}
            output: {format: jsonl}
            """),
        Variant(name: "auto-mapping-null-options", yaml: """
            warraq: 1
            input:
              format: auto
              options:
            output: json
            """),
        Variant(name: "nulls", yaml: """
            warraq: 1
            name:
            description: ~
            steps:
            input: text
            """),
        Variant(name: "extends-options-only", yaml: """
            extends: base.yaml
            name: child
            output:
              options:
                pretty: false
            """),
        Variant(name: "extends-with-version", yaml: """
            warraq: 1
            extends: ./base.yaml
            input: {options: {structure: paragraphs, encoding: utf-8}}
            output: jsonl
            """),
        Variant(name: "text-flow-style", yaml: """
            warraq: 1
            input: {format: text, options: {encoding: iso-8859-6, direction: ltr, language: en}}
            output: {format: json, options: {pretty: true}}
            """),
        Variant(name: "markdown-output", yaml: """
            warraq: 1
            input: text
            output: {format: markdown, options: {flavor: gfm, front-matter: true, entities: spans}}
            """),
        Variant(name: "csv-output", yaml: """
            warraq: 1
            output: {format: csv, options: {rows: entities, delimiter: tab, bom: true, formula-guard: false, line-ending: lf}}
            """),
        Variant(name: "tei-output", yaml: """
            warraq: 1
            output: {format: tei, options: {header: minimal, entities: false, pretty: false}}
            """),
        Variant(name: "external-plugins", yaml: """
            warraq: 1
            plugins:
              my-cleaner:
                summary: drops short paragraphs
                command: [python3, filters/clean.py]
                timeout: 10
                output-limit: 8MB
                mode: stream
                options:
                  min-words: {type: integer, default: 5, min: 1, help: the fewest words}
                  style: {type: choice, values: [soft, hard]}
                  label: string
              newsroom-xml: {kind: output, command: [./write.sh], extension: xml}
            input: {command: [./read.py, --strict], extensions: [raw], timeout: 5}
            steps:
              - my-cleaner: {min-words: 3}
              - run: {command: [sh, -c, "cat"], options: {level: 2}, mode: stream, output-limit: 1000}
              - run: [./tag.sh]
              - run: ./tag.sh
            output: {command: [python3, write.py], extension: xml}
            """),
        Variant(name: "steps", yaml: """
            warraq: 1
            input: text
            steps:
              - normalize: {preset: arabic-news, level: 2, strict: true}
              - tag-entities
              - tidy:
              - dedupe: {}
            output: json
            """),
        Variant(name: "formats-of-other-plugins", yaml: """
            warraq: 1
            input: {format: epub, options: {strip-scripts: true, depth: 3, charset: utf-8}}
            output: {format: docx, options: {version: 5.0}}
            """),
        Variant(name: "html-options", yaml: """
            warraq: 1
            input: {format: html, options: {encoding: windows-1256, extract: body, on-invalid: error, language: ar, direction: rtl}}
            output: json
            """),
    ]

    /// Recipes both the schema and warraq must refuse.
    static let badVariants: [Variant] = [
        Variant(
            name: "no-version", yaml: "name: nameless\ninput: text\n",
            why: "warraq is required without extends", mentions: "warraq"),
        Variant(name: "version-2", yaml: "warraq: 2\n", why: "the only format version is 1", pointer: "/warraq"),
        Variant(name: "version-quoted", yaml: "warraq: \"1\"\n", why: "the version is a number, not text", pointer: "/warraq"),
        Variant(
            name: "extends-version-2", yaml: "extends: base.yaml\nwarraq: 2\n",
            why: "a recipe that extends another may leave out the version, not give another", pointer: "/warraq"),
        Variant(
            name: "unknown-key", yaml: "warraq: 1\noutputs: json\n",
            why: "recipes have no other keys", mentions: "outputs"),
        Variant(name: "a-list", yaml: "- warraq: 1\n", why: "a recipe is a mapping", mentions: "object"),
        Variant(
            name: "run-command-as-one-string", yaml: "warraq: 1\nsteps:\n  - run: {command: python3 clean.py}\n",
            why: "a command is a list; warraq does not split text at spaces", pointer: "/steps/0"),
        Variant(
            name: "run-unknown-key", yaml: "warraq: 1\nsteps:\n  - run: {command: [x], shell: true}\n",
            why: "a run step has command, options, timeout, output-limit and mode", pointer: "/steps/0"),
        Variant(
            name: "declaration-without-command", yaml: "warraq: 1\nplugins:\n  p: {summary: nothing to run}\n",
            why: "a declared plugin needs a command", pointer: "/plugins"),
        Variant(
            name: "declaration-bad-mode", yaml: "warraq: 1\nplugins:\n  p: {command: [x], mode: batch}\n",
            why: "the modes are document and stream", pointer: "/plugins"),
        Variant(name: "name-list", yaml: "warraq: 1\nname: [a, b]\n", why: "a name is text", pointer: "/name"),
        Variant(name: "extends-list", yaml: "warraq: 1\nextends: [base.yaml]\n", why: "extends is one path", pointer: "/extends"),
        Variant(name: "input-null", yaml: "warraq: 1\ninput:\n", why: "an input is a name or a mapping", pointer: "/input"),
        Variant(
            name: "input-without-format", yaml: "warraq: 1\ninput:\n  options: {structure: article}\n",
            why: "without extends, an input mapping names its format", pointer: "/input"),
        Variant(
            name: "input-extra-key", yaml: "warraq: 1\ninput: {format: text, option: {structure: article}}\n",
            why: "an input mapping has only format and options", pointer: "/input"),
        Variant(
            name: "auto-with-options", yaml: "warraq: 1\ninput:\n  format: auto\n  options:\n    structure: article\n",
            why: "input: auto takes no options", pointer: "/input"),
        Variant(
            name: "text-option-typo", yaml: "warraq: 1\ninput: {format: text, options: {encodeing: utf-8}}\n",
            why: "text has no option encodeing", pointer: "/input", loaderRefuses: false),
        Variant(
            name: "text-bad-choice", yaml: "warraq: 1\ninput: {format: text, options: {structure: sections}}\n",
            why: "structure is article or paragraphs", pointer: "/input", loaderRefuses: false),
        Variant(
            name: "json-input-options", yaml: "warraq: 1\ninput: {format: json, options: {pretty: true}}\n",
            why: "the json input takes no options", pointer: "/input", loaderRefuses: false),
        Variant(
            name: "option-list", yaml: "warraq: 1\ninput: {format: text, options: {language: [ar, en]}}\n",
            why: "an option value is a single value", pointer: "/input"),
        Variant(
            name: "option-null", yaml: "warraq: 1\ninput:\n  format: text\n  options:\n    encoding:\n",
            why: "an option needs a value", pointer: "/input"),
        Variant(
            name: "jsonl-options", yaml: "warraq: 1\noutput: {format: jsonl, options: {pretty: false}}\n",
            why: "jsonl takes no options", pointer: "/output", loaderRefuses: false),
        Variant(
            name: "pretty-not-boolean", yaml: "warraq: 1\noutput: {format: json, options: {pretty: maybe}}\n",
            why: "pretty is true or false", pointer: "/output", loaderRefuses: false),
        Variant(
            name: "markdown-flavor", yaml: "warraq: 1\noutput: {format: markdown, options: {flavor: markdown}}\n",
            why: "the flavor is commonmark or gfm", pointer: "/output", loaderRefuses: false),
        Variant(
            name: "csv-delimiter", yaml: "warraq: 1\noutput: {format: csv, options: {delimiter: '::'}}\n",
            why: "the delimiter is one of , ; tab |", pointer: "/output", loaderRefuses: false),
        Variant(
            name: "tei-header", yaml: "warraq: 1\noutput: {format: tei, options: {header: short}}\n",
            why: "the header is full or minimal", pointer: "/output", loaderRefuses: false),
        Variant(
            name: "output-auto", yaml: "warraq: 1\noutput: auto\n",
            why: "only the input can be auto", pointer: "/output", loaderRefuses: false),
        Variant(
            name: "other-format-null-option", yaml: "warraq: 1\noutput: {format: docx, options: {version: }}\n",
            why: "an option of any plugin needs a value", pointer: "/output"),
        Variant(
            name: "steps-mapping", yaml: "warraq: 1\nsteps:\n  normalize: {}\n",
            why: "steps is a list", pointer: "/steps"),
        Variant(
            name: "step-two-keys", yaml: "warraq: 1\nsteps:\n  - normalize: {}\n    tag-entities: {}\n",
            why: "a step mapping has one key", pointer: "/steps/0"),
        Variant(
            name: "step-empty-mapping", yaml: "warraq: 1\nsteps:\n  - {}\n",
            why: "a step mapping names its transform", pointer: "/steps/0"),
        Variant(
            name: "step-options-text", yaml: "warraq: 1\nsteps:\n  - normalize: arabic-news\n",
            why: "a step's options are a mapping", pointer: "/steps/0"),
        Variant(
            name: "step-option-list", yaml: "warraq: 1\nsteps:\n  - normalize: {presets: [a, b]}\n",
            why: "an option value is a single value", pointer: "/steps/0"),
        Variant(
            name: "step-name-capitalised", yaml: "warraq: 1\nsteps:\n  - Normalize\n",
            why: "plugin names are lowercase", pointer: "/steps/0", loaderRefuses: false),
        Variant(
            name: "normalize-bad-choice", yaml: "warraq: 1\nsteps:\n  - normalize: {alef: unfy}\n",
            why: "the schema knows normalize's choices (warraq refuses it when the plugin checks its options)",
            pointer: "/steps/0", loaderRefuses: false),
        Variant(
            name: "html-bad-extract", yaml: "warraq: 1\ninput: {format: html, options: {extract: summary}}\n",
            why: "the schema knows the html input's choices (warraq refuses it when the plugin checks its options)",
            pointer: "/input", loaderRefuses: false),
    ]

    // MARK: - Running the schema check

    /// The package root: two levels up from this file's folder (Tests/WarraqKitTests).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Tests/WarraqKitTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // the package root
    }

    static var schemaURL: URL { packageRoot.appendingPathComponent("config/schema/recipe.schema.json") }
    static var recipesFolder: URL { packageRoot.appendingPathComponent("config/recipes") }

    /// `config/recipes/*.yaml`, in name order.
    static func shippedRecipes() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: recipesFolder.path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted()
            .map { recipesFolder.appendingPathComponent($0).path }
    }

    /// True when `python3` runs and can import `jsonschema` and `yaml`.
    static var toolsAvailable: Bool {
        ExternalTool.run(["python3", "-c", "import jsonschema, yaml"])?.status == 0
    }

    /// Checks the schema against the metaschema and its own examples, then validates each YAML
    /// file named after it, printing one line per file: `verdict`, a tab and a JSON object
    /// (`file`, and for an invalid file `pointer` and `error`). Other lines (Python's warnings)
    /// are not verdicts.
    static let validatorScript = #"""
        import json, sys
        import jsonschema, yaml
        from jsonschema.exceptions import best_match

        with open(sys.argv[1], encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        for example in schema.get("examples", []):
            validator.validate(example)

        def pointer(error):
            return "/" + "/".join(str(part) for part in error.absolute_path)

        def deepest(error):
            # Inside anyOf, the branch that got furthest: the likeliest meant.
            while error.context:
                error = max(error.context, key=lambda e: (len(e.absolute_path), e.validator != "type"))
            return error

        for path in sys.argv[2:]:
            verdict = {"file": path}
            try:
                with open(path, encoding="utf-8") as f:
                    recipe = yaml.safe_load(f)
            except yaml.YAMLError as e:
                verdict.update(pointer="", error="not YAML: " + str(e))
            else:
                error = best_match(validator.iter_errors(recipe))
                if error is not None:
                    message = error.message
                    inner = deepest(error)
                    if inner is not error:
                        message += " (" + pointer(inner) + ": " + inner.message + ")"
                    verdict.update(pointer=pointer(error), error=" ".join(message.split()))
            print("verdict\t" + json.dumps(verdict), flush=True)
        """#

    struct Verdict: Decodable, Sendable {
        var file: String
        /// Where the error is, as a JSON pointer; nil when valid.
        var pointer: String?
        /// The validator's message; nil when valid.
        var error: String?
    }

    struct SchemaCheckFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// The schema's verdict on each file, in order.
    static func validate(_ files: [String]) throws -> [Verdict] {
        guard let result = ExternalTool.run(["python3", "-c", validatorScript, schemaURL.path] + files) else {
            throw SchemaCheckFailed(description: "could not start /usr/bin/env python3")
        }
        guard result.status == 0 else {
            throw SchemaCheckFailed(description: "checking against \(schemaURL.path) failed with exit status \(result.status):\n\(result.output)")
        }
        let marker = "verdict\t"
        let verdicts = try result.output.split(separator: "\n")
            .filter { $0.hasPrefix(marker) }
            .map { try JSONDecoder().decode(Verdict.self, from: Data($0.dropFirst(marker.count).utf8)) }
        guard verdicts.map(\.file) == files else {
            throw SchemaCheckFailed(description: "the schema check did not report on every file, in order:\n\(result.output)")
        }
        return verdicts
    }

    /// Writes `base.yaml` and each variant as `NAME.yaml` to a new temporary folder; `files` are
    /// the variants' paths, in order.
    static func writeVariants(_ variants: [Variant]) throws -> (url: URL, files: [String]) {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("warraq-recipe-schema-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data((baseRecipe + "\n").utf8).write(to: url.appendingPathComponent("base.yaml"))
        var files: [String] = []
        for variant in variants {
            let file = url.appendingPathComponent(variant.name + ".yaml")
            try Data((variant.yaml.hasSuffix("\n") ? variant.yaml : variant.yaml + "\n").utf8).write(to: file)
            files.append(file.path)
        }
        return (url, files)
    }

    /// A variant's name, from its path.
    static func name(of path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }
}
