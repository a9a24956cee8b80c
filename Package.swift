// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "warraq",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "WarraqKit", targets: ["WarraqKit", "DocumentModel"]),
        // The command line as a library: `WarraqCommand.main(plugins: […])` in a package of
        // one's own gives a `warraq` with its plugins beside the built-in ones.
        .library(name: "WarraqCLI", targets: ["WarraqCLI"]),
        .executable(name: "warraq", targets: ["warraq"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // `swift package generate-documentation`: the DocC catalogs of WarraqKit and DocumentModel.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // Tests only: reading CSV output back with a real parser.
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // The AST, its traversal and its JSON codec. No dependencies, not even Foundation.
        .target(name: "DocumentModel"),
        // Plugin protocols, options, registry, diagnostics, text decoding, atomic output.
        .target(name: "WarraqKit", dependencies: ["DocumentModel", "CYAML", "CUchardet"]),
        // libyaml, for recipes; only Sources/WarraqKit/YAML.swift imports it.
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        // uchardet, Mozilla's charset detector; only Sources/WarraqKit/CharsetDetection.swift imports it.
        .systemLibrary(name: "CUchardet", pkgConfig: "uchardet", providers: [.apt(["libuchardet-dev"])]),
        // gumbo, the HTML5 parser; only Plugins/HTML/GumboParser.swift imports it (and the
        // HTMLBenchmark, which times gumbo alone beside the html input).
        .systemLibrary(name: "CGumbo", pkgConfig: "gumbo", providers: [.apt(["libgumbo-dev"])]),

        // One library target per plugin.
        .target(name: "PlainTextPlugin", dependencies: ["WarraqKit"], path: "Plugins/PlainText"),
        .target(name: "JSONPlugin", dependencies: ["WarraqKit"], path: "Plugins/JSON"),
        .target(name: "CSVPlugin", dependencies: ["WarraqKit"], path: "Plugins/CSV"),
        .target(name: "MarkdownPlugin", dependencies: ["WarraqKit"], path: "Plugins/Markdown"),
        .target(name: "TEIPlugin", dependencies: ["WarraqKit"], path: "Plugins/TEI"),
        .target(name: "NormalizationPlugin", dependencies: ["WarraqKit"], path: "Plugins/Normalization"),
        .target(name: "HTMLPlugin", dependencies: ["WarraqKit", "CGumbo"], path: "Plugins/HTML"),
        .target(name: "EntityTaggingPlugin", dependencies: ["WarraqKit"], path: "Plugins/EntityTagging"),

        // Scoring entity taggers against CoNLL/BIO gold files (`warraq evaluate entities`).
        .target(name: "EntityEvaluation", dependencies: ["WarraqKit", "DocumentModel"]),

        // The list of every built-in plugin.
        .target(
            name: "BuiltinPlugins",
            dependencies: [
                "WarraqKit", "PlainTextPlugin", "JSONPlugin", "CSVPlugin", "MarkdownPlugin", "TEIPlugin",
                "NormalizationPlugin", "EntityTaggingPlugin", "HTMLPlugin",
            ]),

        // The command line (swift-argument-parser), a library so that other packages can run it
        // with their own plugins; the `warraq` executable only calls it.
        .target(
            name: "WarraqCLI",
            dependencies: [
                "WarraqKit", "BuiltinPlugins", "EntityEvaluation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "warraq", dependencies: ["WarraqCLI"]),

        // Benchmarks: not tests; `swift run -c release NormalizationBenchmark` prints MB/s.
        .executableTarget(
            name: "NormalizationBenchmark", dependencies: ["NormalizationPlugin", "WarraqKit", "DocumentModel"],
            path: "Benchmarks/Normalization"),
        // `swift run -c release HTMLBenchmark` prints MB/s and pages/s of each stage of html → tei
        // (gumbo alone, called through CGumbo, beside ours) and writes what it extracted for
        // Tests/Scripts/html_extraction_compare.py.
        .executableTarget(
            name: "HTMLBenchmark",
            dependencies: ["HTMLPlugin", "TEIPlugin", "CGumbo", "WarraqKit", "DocumentModel", "BuiltinPlugins"], path: "Benchmarks/HTML"),
        // `swift run -c release ExternalPluginsBenchmark` prints documents/s of an external
        // plugin run a process per document and in stream mode.
        .executableTarget(
            name: "ExternalPluginsBenchmark", dependencies: ["WarraqKit", "DocumentModel", "PlainTextPlugin"],
            path: "Benchmarks/ExternalPlugins"),

        // `Benchmarks/run` drives `warraq` itself, trafilatura and pandoc; this one prints the
        // in-process figures: recipe and gazetteer load times, normalize and tag-entities MB/s.
        .executableTarget(
            name: "PipelineBenchmark", dependencies: ["BuiltinPlugins", "WarraqKit", "DocumentModel", "TestSupport"],
            path: "Benchmarks/Pipeline"),

        .executableTarget(
            name: "EntityTaggingBenchmark", dependencies: ["EntityTaggingPlugin", "WarraqKit", "DocumentModel", "TestSupport"],
            path: "Benchmarks/EntityTagging"),

        // Documents and golden-file helpers shared by the test targets.
        .target(name: "TestSupport", dependencies: ["DocumentModel", "WarraqKit", "PlainTextPlugin"], path: "Tests/TestSupport"),

        // What the fuzz targets check on each input; the regression tests replay inputs through
        // it. The libFuzzer entry points are added below only for a fuzzing build.
        .target(
            name: "FuzzHarness", dependencies: ["BuiltinPlugins", "WarraqKit", "DocumentModel", "TestSupport"],
            path: "Tests/Fuzz/Harness"),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzHarness"]),

        .testTarget(name: "DocumentModelTests", dependencies: ["DocumentModel", "TestSupport"]),
        .testTarget(name: "WarraqKitTests", dependencies: ["WarraqKit", "DocumentModel", "TestSupport"]),
        .testTarget(name: "PlainTextPluginTests", dependencies: ["PlainTextPlugin", "WarraqKit", "DocumentModel", "TestSupport"]),
        .testTarget(name: "JSONPluginTests", dependencies: ["JSONPlugin", "PlainTextPlugin", "WarraqKit", "DocumentModel", "TestSupport"]),
        .testTarget(
            name: "CSVPluginTests",
            dependencies: ["CSVPlugin", "WarraqKit", "DocumentModel", "TestSupport", .product(name: "CSV", package: "CSV.swift")]),
        .testTarget(name: "TEIPluginTests", dependencies: ["TEIPlugin", "WarraqKit", "DocumentModel", "TestSupport"]),
        .testTarget(name: "MarkdownPluginTests", dependencies: ["MarkdownPlugin", "WarraqKit", "DocumentModel", "TestSupport"]),
        .testTarget(
            name: "NormalizationPluginTests", dependencies: ["NormalizationPlugin", "WarraqKit", "DocumentModel", "TestSupport"]),
        .testTarget(
            name: "EntityTaggingPluginTests",
            dependencies: [
                "EntityTaggingPlugin", "EntityEvaluation", "WarraqKit", "DocumentModel", "TestSupport", "JSONPlugin", "CSVPlugin",
                "TEIPlugin", "MarkdownPlugin",
            ]),
        .testTarget(name: "HTMLPluginTests", dependencies: ["HTMLPlugin", "WarraqKit", "DocumentModel", "TestSupport"]),
        .testTarget(name: "warraqTests", dependencies: ["warraq"]),
    ],
    swiftLanguageModes: [.v6]
)

// `Tests/Fuzz/run` sets WARRAQ_FUZZ and builds with --sanitize=fuzzer: the target is then an
// executable whose `main` is libFuzzer's, running the harness WARRAQ_FUZZ_TARGET names.
// Ordinary builds do not see it.
if Context.environment["WARRAQ_FUZZ"] != nil {
    package.targets.append(.executableTarget(name: "warraq-fuzz", dependencies: ["FuzzHarness"], path: "Tests/Fuzz/Target"))
}
