// Prints how fast `tag-entities` loads a gazetteer of 1,000,000 names and how many MB of
// UTF-8 text it then tags per second on one core. Run it in a release build:
//
//     swift run -c release EntityTaggingBenchmark [FILE] [ENTRIES]
//
// The gazetteer is generated (names of one to three words of Arabic letters, persons,
// places and organizations) into a temporary TSV file, then loaded with the shipped ones.
// The text is FILE, or the sample article, repeated to about 16 MB as a document of
// paragraphs; every rule runs.
import DocumentModel
import EntityTaggingPlugin
import Foundation
import TestSupport
import WarraqKit

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let arguments = CommandLine.arguments
let path = arguments.count > 1 ? arguments[1] : packageRoot.appendingPathComponent("config/samples/aleppo-ceasefire.ar.txt").path
let entries = arguments.count > 2 ? Int(arguments[2]) ?? 1_000_000 : 1_000_000
guard let data = FileManager.default.contents(atPath: path) else {
    FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
    exit(1)
}

let tsv = GeneratedGazetteer.tsv(entries: entries)
let gazetteer = FileManager.default.temporaryDirectory.appendingPathComponent("warraq-benchmark-\(getpid()).tsv")
try Data(tsv.utf8).write(to: gazetteer)
defer { try? FileManager.default.removeItem(at: gazetteer) }

let transform = TagEntitiesTransform()
let options = try OptionValues.check([RawOption(name: "gazetteers", value: gazetteer.path)], against: transform.options, plugin: transform.name)
func run(_ document: Document) throws -> Document {
    var context = PluginContext(inputName: "benchmark")
    return try transform.apply(to: document, options: options, context: &context)
}

// Loading: the first document pays for it; the gazetteers are then shared.
let loadStart = DispatchTime.now().uptimeNanoseconds
_ = try run(Document(metadata: Metadata(language: "ar"), blocks: [.paragraph("حلب")]))
let loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e9
print(String(format: "load: %d generated entries and the shipped gazetteers in %.2f s (%.1f MB of TSV)", entries, loadSeconds, Double(tsv.utf8.count) / 1e6))

let unit = String(decoding: data, as: UTF8.self)
let target = 16 << 20
var text = ""
text.reserveCapacity(target + data.count)
while text.utf8.count < target { text += unit }
let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: true).map { Block.paragraph(String($0)) }
let document = Document(metadata: Metadata(language: "ar"), blocks: paragraphs)
let megabytes = Double(paragraphs.reduce(0) { $0 + $1.plainText.utf8.count }) / 1e6

var best = Double.infinity
var tagged = document
for _ in 0..<3 {
    let start = DispatchTime.now().uptimeNanoseconds
    tagged = try run(document)
    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
let found = tagged.entities.count
print(String(format: "tagging: %.1f MB/s on one core (%.1f MB of text in %d paragraphs in %.2f s, best of 3; %d entities)", megabytes / best, megabytes, paragraphs.count, best, found))
