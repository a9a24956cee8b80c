// Prints how fast the arabic-news preset of `normalize` runs on Arabic text, in MB/s of UTF-8
// input on one core. Run it in a release build:
//
//     swift run -c release NormalizationBenchmark [FILE]
//
// The text is FILE, or the sample article, repeated to about 32 MB; it is measured both as one
// string (the normalized view's engine without offsets) and as a document of paragraphs
// through the transform.
import DocumentModel
import Foundation
import NormalizationPlugin
import WarraqKit

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let path = CommandLine.arguments.count > 1
    ? CommandLine.arguments[1] : packageRoot.appendingPathComponent("config/samples/aleppo-ceasefire.ar.txt").path
guard let data = FileManager.default.contents(atPath: path) else {
    FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
    exit(1)
}
let unit = String(decoding: data, as: UTF8.self)
let target = 32 << 20
var text = ""
text.reserveCapacity(target + data.count)
while text.utf8.count < target { text += unit }
let megabytes = Double(text.utf8.count) / 1_000_000

func measure(_ label: String, rounds: Int = 5, megabytes: Double = megabytes, _ body: () throws -> Int) rethrows {
    var best = Double.infinity
    var check = 0
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        check &+= try body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        best = min(best, seconds)
    }
    print(String(format: "%@: %.1f MB/s (%.1f MB in %.3f s, best of %d; %d)", label, megabytes / best, megabytes, best, rounds, check))
}

print("input: \(path), repeated to \(String(format: "%.1f", megabytes)) MB")
let preset = TextNormalization.arabicNews
measure("arabic-news on one string") { preset.apply(to: text).utf8.count }
measure("arabic-news view with offsets", rounds: 2) { preset.view(of: text).scalarCount }

let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: true).map { Block.paragraph(String($0)) }
let document = Document(blocks: paragraphs)
let transform = NormalizeTransform()
let options = try OptionValues.check([RawOption(name: "preset", value: "arabic-news")], against: transform.options, plugin: "normalize")
// The document holds the paragraphs' text without the line ends between them: count that.
let textMegabytes = Double(paragraphs.reduce(0) { $0 + $1.plainText.utf8.count }) / 1_000_000
try measure("arabic-news transform on a document of \(paragraphs.count) paragraphs", megabytes: textMegabytes) {
    var context = PluginContext(inputName: "benchmark")
    return try transform.apply(to: document, options: options, context: &context).blocks.count
}
