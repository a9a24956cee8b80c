// Prints how fast the `html` input and the `tei` output run on one core, stage by stage,
// over a folder of pages, and writes what the input extracted for the scorer. Run it in a
// release build:
//
//     swift run -c release HTMLBenchmark [--rounds N] [--stage NAME] [--jsonl OUT] [--json] [PAGES]
//
// PAGES is a folder with one sub-folder per page holding `source.html` (default: Mozilla
// Readability's test pages at ../shared/datasets/readability-test-pages/test/test-pages), or a
// folder of `.html` files (as `Benchmarks/run` generates its Arabic news pages).
// With --jsonl, OUT gets one line per page: {"page": NAME, "document": AST JSON}.
// With --json, each stage is printed as a JSON object on a line of its own (Benchmarks/run
// reads them) instead of a line of text. With --stage NAME, only the stage of that name runs
// (to profile it alone, e.g. under callgrind).
// Tests/Scripts/html_extraction_compare.py runs this and scores it beside trafilatura.
//
// The stages, each timed over every page, best of N rounds (default 5), pages in memory:
//   gumbo alone       gumbo_parse_with_options and gumbo_destroy_output on the page's bytes,
//                     called here directly: what the parser itself costs, nothing copied
//   gumbo, as given   the same on the pages as the `html` input gives them to gumbo, the text
//                     of scripts and style sheets cut and long runs of text given as markers
//                     (ScriptCutter, TextRuns): the floor for the stages below
//   parse, whole      the next stage with the page given to gumbo whole, scripts, style
//                     sheets and text (as before ScriptCutter): what cutting them saves
//   parse             decoding, the nesting guard, the cuts and markers, gumbo and the copy
//                     of its tree (HTMLTree)
//   html input        the whole `html` input: parse, extraction, metadata (bytes to document)
//   tei output        the `tei` writer (full header, pretty) on the documents the input made
//   html input + tei  both, page by page: bytes to TEI bytes
//   normalize + tag   `normalize` (arabic-news) and then `tag-entities` (shipped gazetteers,
//                     compiled before the clock starts, as a batch's first document pays
//                     for them once) on the documents the input made, one at a time
//   full recipe       the shipped arabic-news-html-tei recipe in process, page by page:
//                     html input, normalize, tag-entities, tei (full header, entities)
// MB/s counts the pages' bytes for every stage, so that the rates compare.
import BuiltinPlugins
import CGumbo
import DocumentModel
import Foundation
@_spi(Benchmarks) import HTMLPlugin
import TEIPlugin
import WarraqKit

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
var arguments = Array(CommandLine.arguments.dropFirst())
var jsonlPath: String? = nil
if let k = arguments.firstIndex(of: "--jsonl"), k + 1 < arguments.count {
    jsonlPath = arguments[k + 1]
    arguments.removeSubrange(k...(k + 1))
}
var roundsGiven: Int? = nil
if let k = arguments.firstIndex(of: "--rounds"), k + 1 < arguments.count, let n = Int(arguments[k + 1]), n > 0 {
    roundsGiven = n
    arguments.removeSubrange(k...(k + 1))
}
let rounds = roundsGiven ?? 5
let onlyStage: String? = arguments.firstIndex(of: "--stage").flatMap { k in k + 1 < arguments.count ? arguments[k + 1] : nil }
if let k = arguments.firstIndex(of: "--stage"), k + 1 < arguments.count { arguments.removeSubrange(k...(k + 1)) }
/// Whether the stage named `name` runs: every stage, or the one `--stage` names.
func runs(_ name: String) -> Bool { onlyStage == nil || onlyStage == name }
let asJSON = arguments.contains("--json")
arguments.removeAll { $0 == "--json" }
let folder = arguments.first ?? packageRoot.appendingPathComponent("../shared/datasets/readability-test-pages/test/test-pages").standardized.path
guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
    FileHandle.standardError.write(Data("cannot read the folder \(folder)\n".utf8))
    exit(2)
}
let pages: [(name: String, bytes: [UInt8])] = names.sorted().compactMap { name in
    if name.hasSuffix(".html") {
        return FileManager.default.contents(atPath: folder + "/" + name).map { (String(name.dropLast(5)), Array($0)) }
    }
    return FileManager.default.contents(atPath: folder + "/" + name + "/source.html").map { (name, Array($0)) }
}
guard !pages.isEmpty else {
    FileHandle.standardError.write(Data("no pages (NAME/source.html or NAME.html) in \(folder)\n".utf8))
    exit(2)
}
let megabytes = Double(pages.reduce(0) { $0 + $1.bytes.count }) / 1_000_000

let input = HTMLInput()
let inputOptions = try OptionValues.check([], against: input.options, plugin: input.name)
let output = TEIOutput()
let outputOptions = try OptionValues.check([], against: output.options, plugin: output.name)

/// The best time of `rounds` runs of `body` (after one run to warm up), in seconds.
func best(_ body: () throws -> Int) rethrows -> (seconds: Double, check: Int) {
    var check = try body()
    var best = Double.infinity
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        check = try body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return (best, check)
}

func report(_ stage: String, _ seconds: Double, _ note: String = "") {
    if asJSON {
        let fields: [String: Any] = [
            "stage": stage, "seconds": seconds, "pages": pages.count, "mb": megabytes, "rounds": rounds,
            "ms_per_page": seconds * 1000 / Double(pages.count),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
        FileHandle.standardOutput.write(data + Data("\n".utf8))
        return
    }
    let padded = stage.padding(toLength: 18, withPad: " ", startingAt: 0)
    print(String(format: "%@ %7.2f MB/s %8.1f documents/s  (%.4f s)%@", padded, megabytes / seconds, Double(pages.count) / seconds, seconds, note))
}

/// The pages as gumbo gets them from the `html` input: scripts and style sheets cut.
let cutPages = pages.map { HTMLInput.bytesGivenToGumbo($0.bytes) }

func gumboAlone(_ inputs: [[UInt8]]) -> Int {
    var nodes = 0
    for bytes in inputs {
        var options = kGumboDefaultOptions
        options.tab_stop = 1
        options.max_errors = 0
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress,
                let parsed = gumbo_parse_with_options(&options, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), buffer.count)
            else { return }
            nodes += Int(parsed.pointee.root.pointee.v.element.children.length)
            gumbo_destroy_output(&options, parsed)
        }
    }
    return nodes
}

func parseAll(cutScripts: Bool = true) throws -> Int {
    var nodes = 0
    for page in pages {
        var context = PluginContext(inputName: page.name)
        nodes += try input.parseTree(InputSource(bytes: page.bytes, path: page.name), options: inputOptions, context: &context, cutScripts: cutScripts)
    }
    return nodes
}

func readAll() throws -> [Document] {
    try pages.map { page in
        var context = PluginContext(inputName: page.name)
        return try input.read(InputSource(bytes: page.bytes, path: page.name), options: inputOptions, context: &context)
    }
}

func writeAll(_ documents: [Document]) throws -> Int {
    var total = 0
    for (page, document) in zip(pages, documents) {
        var context = PluginContext(inputName: page.name)
        total += try output.write(document, options: outputOptions, context: &context).count
    }
    return total
}

/// Each page read, passed through `steps` and written as TEI with `options`, page by page:
/// bytes to TEI bytes. Returns the bytes written.
func convertAll(steps: [Configured<any Transform>] = [], options: OptionValues) throws -> Int {
    var total = 0
    for page in pages {
        var context = PluginContext(inputName: page.name)
        var document = try input.read(InputSource(bytes: page.bytes, path: page.name), options: inputOptions, context: &context)
        for step in steps { document = try step.plugin.apply(to: document, options: step.options, context: &context) }
        total += try output.write(document, options: options, context: &context).count
    }
    return total
}

if !asJSON {
    print(String(format: "%d pages, %.1f MB, one core, best of %d rounds", pages.count, megabytes, rounds))
}
if runs("gumbo alone") {
    let gumbo = best { gumboAlone(pages.map(\.bytes)) }
    report("gumbo alone", gumbo.seconds)
}
if runs("gumbo, as given") {
    let gumboCut = best { gumboAlone(cutPages) }
    report("gumbo, as given", gumboCut.seconds, String(format: ", %.1f MB of it", Double(cutPages.reduce(0) { $0 + $1.count }) / 1_000_000))
}
if runs("parse, whole") {
    let whole = try best { try parseAll(cutScripts: false) }
    report("parse, whole", whole.seconds, String(format: ", %d nodes", whole.check))
}
if runs("parse") {
    let parse = try best { try parseAll() }
    report("parse", parse.seconds, String(format: ", %d nodes", parse.check))
}
// The documents the later stages start from (made outside their clocks).
var documents = runs("html input") || runs("tei output") || runs("normalize + tag") ? try readAll() : []
if runs("html input") {
    let read = try best {
        documents = try readAll()
        return documents.count
    }
    report("html input", read.seconds)
}
if runs("tei output") {
    let write = try best { try writeAll(documents) }
    report("tei output", write.seconds, String(format: ", %.1f MB of TEI", Double(write.check) / 1_000_000))
}
if runs("html input + tei") {
    let both = try best { try convertAll(options: outputOptions) }
    report("html input + tei", both.seconds)
}

/// A transform of the built-in registry with its options checked, as a recipe gives it.
func configured(_ name: String, _ options: [(String, String)]) throws -> Configured<any Transform> {
    let transform = try BuiltinPlugins.registry.requireTransform(name)
    let values = try OptionValues.check(options.map { RawOption(name: $0.0, value: $0.1) }, against: transform.options, plugin: name)
    return Configured(transform, options: values)
}
let steps = [try configured("normalize", [("preset", "arabic-news")]), try configured("tag-entities", [])]
let fullOptions = try OptionValues.check(
    [RawOption(name: "header", value: "full"), RawOption(name: "entities", value: "true"), RawOption(name: "pretty", value: "true")],
    against: output.options, plugin: output.name)

/// Normalize and tag each document; returns the documents made.
func transformAll(_ documents: [Document]) throws -> [Document] {
    try zip(pages, documents).map { page, document in
        var context = PluginContext(inputName: page.name)
        var current = document
        for step in steps { current = try step.plugin.apply(to: current, options: step.options, context: &context) }
        return current
    }
}

if runs("normalize + tag") {
    var tagged: [Document] = []
    let transformed = try best {  // the warm-up run compiles the gazetteers
        tagged = []  // the last round's documents are freed before the next are made
        tagged = try transformAll(documents)
        return tagged.count
    }
    report("normalize + tag", transformed.seconds, String(format: ", %d entities", tagged.reduce(0) { $0 + $1.entities.count }))
}
if runs("full recipe") {
    let full = try best { try convertAll(steps: steps, options: fullOptions) }
    report("full recipe", full.seconds)
}

if let jsonlPath {
    if documents.isEmpty { documents = try readAll() }
    var out: [UInt8] = []
    for (page, document) in zip(pages, documents) {
        out += Array("{\"page\":\"".utf8) + Array(page.name.utf8) + Array("\",\"document\":".utf8)
        out += try ASTJSON.encode(document)
        out += Array("}\n".utf8)
    }
    _ = FileManager.default.createFile(atPath: jsonlPath, contents: Data(out))
}
