import ArgumentParser
import WarraqKit
#if canImport(Glibc)
import Glibc
#endif

/// `warraq plugin new NAME --python|--swift`: a working, tested skeleton of a plugin.
struct PluginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin",
        abstract: "Start a plugin of your own.",
        subcommands: [New.self])

    /// `warraq plugin new NAME`.
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a working, tested skeleton of a plugin into the folder NAME.",
            discussion: """
                --python (the default) writes an external transform in Python (standard library \
                only), its unittest, and a recipe that declares and runs it:
                  warraq plugin new my-cleaner
                  python3 -m unittest discover -s my-cleaner
                  warraq run my-cleaner/recipe.yaml story.txt

                --swift writes a SwiftPM package on warraq's library: a transform and an output \
                in Swift, their tests, and a `warraq`-like command with them registered beside \
                the built-in plugins. --warraq says where warraq's package is (a folder, relative \
                to the new package, or a git URL):
                  warraq plugin new word-stats --swift --warraq ../warraq
                  cd word-stats && swift test && swift run word-stats run recipe.yaml story.txt
                """)

        @Argument(help: ArgumentHelp("The plugin's name (lowercase letters, digits and hyphens), or a path ending in it.", valueName: "name"))
        var name: String

        @Flag(help: "An external plugin in Python (the default), or a Swift package on warraq's library.")
        var language: Language = .python

        @Option(name: .customLong("warraq"), help: ArgumentHelp("With --swift: warraq's package, a folder (relative to the new package) or a git URL.", valueName: "path-or-url"))
        var warraq: String?

        enum Language: String, EnumerableFlag {
            case python, swift
        }

        func validate() throws {
            let base = PluginSkeleton.baseName(name)
            guard let first = base.unicodeScalars.first, ("a"..."z").contains(first),
                base.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }),
                !base.hasSuffix("-"), !base.contains("--")
            else {
                throw ValidationError("a plugin name is lowercase letters, digits and single hyphens, starting with a letter: got '\(base)'")
            }
            if language == .swift && warraq == nil {
                throw ValidationError("--swift needs --warraq PATH-OR-URL: where warraq's package is, for the new package to depend on")
            }
            if language == .python && warraq != nil {
                throw ValidationError("--warraq is for --swift packages")
            }
        }

        func run() throws {
            let files = language == .python ? PluginSkeleton.python(name) : PluginSkeleton.swift(name, warraq: warraq!)
            if FileInput.exists(name) {
                StandardStreams.printError("\(name): error: already exists; warraq does not overwrite it")
                throw ExitCode(ExitStatus.failure)
            }
            do {
                for (path, text) in files {
                    let full = name + "/" + path
                    try AtomicFile.makeDirectories(parentFolder(of: full))
                    try AtomicFile.write(Array(text.utf8), to: full)
                    if path.hasSuffix(".py") && !path.hasPrefix("test_") { chmod(full, 0o755) }
                }
            } catch {
                StandardStreams.printError(error.rendered)
                throw ExitCode(ExitStatus.failure)
            }
            let base = PluginSkeleton.baseName(name)
            switch language {
            case .python:
                StandardStreams.printError("""
                    wrote \(name)/: \(files.map(\.path).joined(separator: ", "))
                    test it:  python3 -m unittest discover -s \(name)
                    run it:   warraq run \(name)/recipe.yaml STORY.txt
                    """)
            case .swift:
                StandardStreams.printError("""
                    wrote the package \(name)/
                    test it:  cd \(name) && swift test
                    run it:   cd \(name) && swift run \(base) run recipe.yaml STORY.txt
                    """)
            }
        }
    }
}

/// The files `warraq plugin new` writes.
enum PluginSkeleton {
    /// The last component of a path: `plugins/my-cleaner` → `my-cleaner`.
    static func baseName(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }

    /// `word-stats` → `WordStats`.
    static func typeName(_ name: String) -> String {
        name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func python(_ path: String) -> [(path: String, text: String)] {
        let name = baseName(path)
        let module = name.replacing("-", with: "_")
        let script = #"""
            #!/usr/bin/env python3
            """\#(name): a warraq transform (an external plugin, standard library only).

            warraq sends the document's AST JSON on standard input and reads the transformed
            document's AST JSON from standard output. Options and context are in the environment
            variable WARRAQ_PLUGIN (JSON: api, ast, plugin, kind, mode, options, input, recipe).
            What this prints on standard error becomes warnings; a non-zero exit fails the document.
            In stream mode, each line in is a document and each line out its answer.
            """
            import json
            import os
            import sys


            def text(inlines):
                """The plain text of a list of inlines."""
                return "".join(i.get("text", "") + text(i.get("content", [])) for i in inlines)


            def transform(document, options):
                """Drops paragraphs of fewer than `min-words` words. Change this."""
                min_words = options.get("min-words", 3)
                document["blocks"] = [
                    b for b in document["blocks"]
                    if b["type"] != "paragraph" or len(text(b["content"]).split()) >= min_words
                ]
                return document


            def main():
                context = json.loads(os.environ.get("WARRAQ_PLUGIN", "{}"))
                options = context.get("options", {})
                if context.get("mode") == "stream":
                    for line in sys.stdin:
                        print(json.dumps(transform(json.loads(line), options), ensure_ascii=False), flush=True)
                else:
                    json.dump(transform(json.load(sys.stdin), options), sys.stdout, ensure_ascii=False)


            if __name__ == "__main__":
                main()

            """#
        let test = #"""
            """Tests of \#(name).py: run it as warraq does, a document in and a document out."""
            import json
            import os
            import subprocess
            import sys
            import unittest

            HERE = os.path.dirname(os.path.abspath(__file__))
            DOCUMENT = {
                "warraq-ast": "1.0",
                "metadata": {"title": "عنوان"},
                "blocks": [
                    {"type": "paragraph", "content": [{"type": "text", "text": "قصير"}]},
                    {"type": "paragraph", "content": [{"type": "text", "text": "فقرة فيها كلمات كثيرة بما يكفي"}]},
                ],
            }


            def run(document, options, mode="document"):
                context = {"api": 1, "ast": "1.0", "plugin": "\#(name)", "kind": "transform",
                           "mode": mode, "options": options, "input": None, "recipe": None}
                env = dict(os.environ, WARRAQ_PLUGIN=json.dumps(context))
                text = json.dumps(document, ensure_ascii=False) + ("\n" if mode == "stream" else "")
                done = subprocess.run([sys.executable, os.path.join(HERE, "\#(module).py")], input=text,
                                      capture_output=True, text=True, env=env, timeout=30, check=True)
                return json.loads(done.stdout)


            class Test\#(typeName(name))(unittest.TestCase):
                def test_drops_short_paragraphs(self):
                    result = run(DOCUMENT, {"min-words": 3})
                    self.assertEqual(result["warraq-ast"], "1.0")
                    self.assertEqual(len(result["blocks"]), 1)

                def test_stream_mode_answers_a_line(self):
                    self.assertEqual(run(DOCUMENT, {"min-words": 1}, mode="stream"), DOCUMENT)


            if __name__ == "__main__":
                unittest.main()

            """#
        let recipe = #"""
            # A recipe that declares \#(name) and runs it:
            #   warraq run recipe.yaml STORY.txt
            #   warraq plugins --recipe recipe.yaml
            warraq: 1
            name: \#(name)
            plugins:
              \#(name):
                summary: Drops paragraphs of fewer than min-words words
                command: [python3, \#(module).py]
                timeout: 30
                # mode: stream      # one process for a whole batch
                options:
                  min-words: {type: integer, default: 3, min: 1, help: the fewest words a paragraph keeps}
            input: text
            steps:
              - \#(name): {min-words: 3}
            output: json

            """#
        return [("\(module).py", script), ("test_\(module).py", test), ("recipe.yaml", recipe)]
    }

    static func swift(_ path: String, warraq: String) -> [(path: String, text: String)] {
        let name = baseName(path)
        let type = typeName(name)
        let isURL = warraq.contains("://") || warraq.hasPrefix("git@")
        let dependency = isURL
            ? #".package(url: "\#(warraq)", branch: "main")"#
            : #".package(name: "warraq", path: "\#(warraq)")"#
        let package = #"""
            // swift-tools-version: 6.1
            // \#(name): warraq plugins in Swift. `swift run \#(name) --help` is warraq with them
            // registered beside the built-in plugins; `swift test` runs their tests.
            import PackageDescription

            let package = Package(
                name: "\#(name)",
                platforms: [.macOS(.v13)],
                dependencies: [
                    // warraq: WarraqKit (the plugin protocols and the AST) and WarraqCLI (the command).
                    \#(dependency),
                ],
                targets: [
                    .target(name: "\#(type)Plugin", dependencies: [.product(name: "WarraqKit", package: "warraq")]),
                    .executableTarget(
                        name: "\#(name)",
                        dependencies: ["\#(type)Plugin", .product(name: "WarraqCLI", package: "warraq")]),
                    .testTarget(
                        name: "\#(type)PluginTests",
                        dependencies: ["\#(type)Plugin", .product(name: "WarraqKit", package: "warraq")]),
                ],
                swiftLanguageModes: [.v6]
            )

            """#
        let transform = #"""
            import DocumentModel
            import WarraqKit

            /// Counts a document's words into its metadata (`word-count`), leaving out words shorter
            /// than `min-length` letters. Used in a recipe as `- \#(name): {min-length: 2}`.
            public struct \#(type)Transform: Transform {
                public let name = "\#(name)"
                public let summary = "Counts the words of a document into its metadata (word-count)"
                public let options = [
                    OptionSpec("min-length", .integer(1...100), default: .integer(1), help: "the fewest letters a counted word has")
                ]

                public init() {}

                public func apply(to document: Document, options: OptionValues, context: inout PluginContext) throws -> Document {
                    let minimum = options.integer("min-length") ?? 1
                    let words = document.query { node -> [Substring]? in
                        guard case .inline(let inline) = node, case .text(let text) = inline.kind else { return nil }
                        return text.split(whereSeparator: \.isWhitespace)
                    }.joined().filter { $0.count >= minimum }
                    if words.isEmpty { context.warn("no-words", "the document has no words to count") }
                    var result = document
                    result.metadata.extra.removeAll { $0.key == "word-count" }
                    result.metadata.extra.append(KeyValue("word-count", String(words.count)))
                    return result
                }
            }

            """#
        let output = #"""
            import DocumentModel
            import WarraqKit

            /// Writes a document as one line of tab-separated values: the title and its word count
            /// (from the \#(name) transform). `--to \#(name)-tsv`, or `-o FILE.\#(name).tsv`.
            public struct \#(type)Output: OutputPlugin {
                public let name = "\#(name)-tsv"
                public let summary = "The title and word count of a document, tab-separated"
                public let fileExtension = "\#(name).tsv"
                public let options = [OptionSpec("header", .bool, default: .bool(false), help: "start with a header line")]

                public init() {}

                public func write(_ document: Document, options: OptionValues, context: inout PluginContext) throws -> [UInt8] {
                    guard let count = document.metadata.extra.last(where: { $0.key == "word-count" })?.value else {
                        throw Diagnostic.error(
                            "no-word-count", "the document has no word count",
                            notes: ["run the \#(name) transform first: `- \#(name)` in a recipe's steps"])
                    }
                    let title = (document.metadata.title ?? "").map { $0 == "\t" || $0.isNewline ? " " : $0 }
                    let header = options.bool("header") == true ? "title\twords\n" : ""
                    return Array((header + String(title) + "\t" + count + "\n").utf8)
                }
            }

            """#
        let main = #"""
            import \#(type)Plugin
            import WarraqCLI

            // warraq, with this package's plugins beside the built-in ones.
            await WarraqCommand.main(plugins: [\#(type)Transform(), \#(type)Output()])

            """#
        let tests = #"""
            import DocumentModel
            import Testing
            import WarraqKit
            import \#(type)Plugin

            @Suite struct \#(type)Tests {
                let document = Document(
                    metadata: Metadata(title: "عنوان الخبر"),
                    blocks: [
                        Block(.heading(level: 1, content: [Inline(.text("عنوان الخبر"))])),
                        Block(.paragraph([Inline(.text("في حلب")), Inline(.emphasis([Inline(.text("اليوم"))]))])),
                    ])

                func counted(_ raw: [RawOption] = []) throws -> (Document, PluginContext) {
                    let transform = \#(type)Transform()
                    var context = PluginContext(inputName: "story.txt")
                    let options = try OptionValues.check(raw, against: transform.options, plugin: transform.name)
                    return (try transform.apply(to: document, options: options, context: &context), context)
                }

                @Test func countsEveryWord() throws {
                    let (result, context) = try counted()
                    #expect(result.metadata.extra == [KeyValue("word-count", "5")])
                    #expect(context.diagnostics.isEmpty)
                }

                @Test func leavesOutShortWords() throws {
                    #expect(try counted([RawOption(name: "min-length", value: "3")]).0.metadata.extra == [KeyValue("word-count", "4")])
                }

                @Test func badOptionsAreRefusedBeforeAnyDocument() {
                    #expect(throws: Diagnostic.self) {
                        try OptionValues.check([RawOption(name: "min-length", value: "0")], against: \#(type)Transform().options, plugin: "\#(name)")
                    }
                }

                @Test func writesATitleAndACount() throws {
                    let output = \#(type)Output()
                    var context = PluginContext(inputName: "story.txt")
                    let options = try OptionValues.check([RawOption(name: "header", value: "true")], against: output.options, plugin: output.name)
                    let bytes = try output.write(try counted().0, options: options, context: &context)
                    #expect(String(decoding: bytes, as: UTF8.self) == "title\twords\nعنوان الخبر\t5\n")
                    #expect(throws: Diagnostic.self) { try output.write(document, options: options, context: &context) }
                }

                @Test func theDocumentSurvivesTheASTJSON() throws {
                    let result = try counted().0
                    #expect(try ASTJSON.decode(try ASTJSON.encode(result)) == result)
                }
            }

            """#
        let recipe = #"""
            # Counts the words of an article and writes its title and count:
            #   swift run \#(name) run recipe.yaml STORY.txt
            warraq: 1
            name: \#(name)
            input: text
            steps:
              - \#(name): {min-length: 1}
            output: {format: \#(name)-tsv, options: {header: true}}

            """#
        return [
            ("Package.swift", package),
            ("recipe.yaml", recipe),
            ("Sources/\(type)Plugin/\(type)Transform.swift", transform),
            ("Sources/\(type)Plugin/\(type)Output.swift", output),
            ("Sources/\(name)/main.swift", main),
            ("Tests/\(type)PluginTests/\(type)Tests.swift", tests),
        ]
    }
}
