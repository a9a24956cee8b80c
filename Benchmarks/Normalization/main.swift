// Prints how fast the arabic-news preset of `normalize` runs on Arabic text, in MB/s of UTF-8
// input on one core. Run it in a release build:
//
//     swift run -c release NormalizationBenchmark [FILE]
//
// The text is FILE, or the sample article, repeated to about 32 MB; it is measured both as one
// string (the normalized view's engine without offsets) and as a document of paragraphs
// through the transform. Most of a clean article needs nothing, so the transform is measured
// again on a roughened copy in which every paragraph needs work: a right-to-left mark at its
// start, tatweel in every seventh word, Persian yeh for every fifth yeh, a no-break space for
// every sixth space, a doubled space for every ninth and the presentation form ﻻ for لا.
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

/// Every paragraph of `text` with something for the preset to do (see the top of the file).
func roughened(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    var words = 0, yehs = 0, spaces = 0
    var previous: Unicode.Scalar = "\n"
    for scalar in text.unicodeScalars {
        if previous == "\n" && scalar != "\n" { out.append("\u{200F}") }
        switch scalar {
        case " ":
            spaces += 1
            words += 1
            if spaces % 6 == 0 { out.append("\u{A0}") } else { out.append(" ") }
            if spaces % 9 == 0 { out.append(" ") }
        case "ي":
            yehs += 1
            out.append(yehs % 5 == 0 ? "ی" : "ي")
        case "ا" where previous == "ل" && out.last == "ل":
            out.removeLast()
            out.append("ﻻ")
        default:
            out.append(scalar)
            if words % 7 == 3 && scalar.properties.isAlphabetic && scalar.value >= 0x0628 && scalar.value <= 0x064A
                && scalar != "ا"
            {
                out.append("ـ")
                words += 1
            }
        }
        previous = scalar
    }
    return String(out)
}

let transform = NormalizeTransform()
let options = try OptionValues.check([RawOption(name: "preset", value: "arabic-news")], against: transform.options, plugin: "normalize")
for (label, body) in [("", text), ("roughened ", roughened(text))] {
    let paragraphs = body.split(separator: "\n", omittingEmptySubsequences: true).map { Block.paragraph(String($0)) }
    let document = Document(blocks: paragraphs)
    // The document holds the paragraphs' text without the line ends between them: count that.
    let textMegabytes = Double(paragraphs.reduce(0) { $0 + $1.plainText.utf8.count }) / 1_000_000
    let changedParagraphs = paragraphs.filter { preset.applyIfChanged(to: $0.plainText, trim: false) != nil }.count
    try measure(
        "arabic-news transform on a \(label)document of \(paragraphs.count) paragraphs (\(changedParagraphs) with text to change)",
        megabytes: textMegabytes
    ) {
        var context = PluginContext(inputName: "benchmark")
        return try transform.apply(to: document, options: options, context: &context).blocks.count
    }
}
