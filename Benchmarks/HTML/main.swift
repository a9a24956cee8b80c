// Prints how many web pages a second the `html` input reads (the article and its metadata,
// bytes to document) on one core, over a folder of pages, and writes what it extracted for
// the scorer. Run it in a release build:
//
//     swift run -c release HTMLBenchmark [--jsonl OUT] [PAGES]
//
// PAGES is a folder with one sub-folder per page holding `source.html` (default: Mozilla
// Readability's test pages at ../shared/datasets/readability-test-pages/test/test-pages).
// With --jsonl, OUT gets one line per page: {"page": NAME, "document": AST JSON}.
// Tests/Scripts/html_extraction_compare.py runs this and scores it beside trafilatura.
import DocumentModel
import Foundation
import HTMLPlugin
import WarraqKit

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
var arguments = Array(CommandLine.arguments.dropFirst())
var jsonlPath: String? = nil
if let k = arguments.firstIndex(of: "--jsonl"), k + 1 < arguments.count {
    jsonlPath = arguments[k + 1]
    arguments.removeSubrange(k...(k + 1))
}
let folder = arguments.first ?? packageRoot.appendingPathComponent("../shared/datasets/readability-test-pages/test/test-pages").standardized.path
guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
    FileHandle.standardError.write(Data("cannot read the folder \(folder)\n".utf8))
    exit(2)
}
let pages: [(name: String, bytes: [UInt8])] = names.sorted().compactMap { name in
    FileManager.default.contents(atPath: folder + "/" + name + "/source.html").map { (name, Array($0)) }
}
guard !pages.isEmpty else {
    FileHandle.standardError.write(Data("no pages (NAME/source.html) in \(folder)\n".utf8))
    exit(2)
}
let megabytes = Double(pages.reduce(0) { $0 + $1.bytes.count }) / 1_000_000

let plugin = HTMLInput()
let options = try OptionValues.check([], against: plugin.options, plugin: plugin.name)

@MainActor func readAll() throws -> [Document] {
    try pages.map { page in
        var context = PluginContext(inputName: page.name)
        return try plugin.read(InputSource(bytes: page.bytes, path: page.name), options: options, context: &context)
    }
}

var documents = try readAll()
var best = Double.infinity
for _ in 0..<3 {
    let start = DispatchTime.now().uptimeNanoseconds
    documents = try readAll()
    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
print(String(format: "html input: %.1f documents/s (%d pages, %.1f MB, %.3f s, best of 3, one core)", Double(pages.count) / best, pages.count, megabytes, best))

if let jsonlPath {
    var out: [UInt8] = []
    for (page, document) in zip(pages, documents) {
        out += Array("{\"page\":\"".utf8) + Array(page.name.utf8) + Array("\",\"document\":".utf8)
        out += try ASTJSON.encode(document)
        out += Array("}\n".utf8)
    }
    FileManager.default.createFile(atPath: jsonlPath, contents: Data(out))
}
