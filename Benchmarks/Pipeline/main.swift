// The in-process figures of `Benchmarks/run`: how long a recipe takes to load, how long
// gazetteers of generated names take to load, how many MB/s `normalize` and `tag-entities`
// get through on one core; and, run by hand (README, Performance), how many MB/s plain text
// is read and written as JSON. Each figure is printed as one line of JSON, for the driver
// script to read; run it in a release build:
//
//     swift run -c release PipelineBenchmark recipe-load RECIPE...
//     swift run -c release PipelineBenchmark gazetteer-load ENTRIES...
//     swift run -c release PipelineBenchmark transforms FILE [MEGABYTES]
//     swift run -c release PipelineBenchmark text-json FILE...
//     swift run -c release PipelineBenchmark make-text SAMPLE MEGABYTES OUT
//
// Nothing here is a test: it measures, it does not judge.
import BuiltinPlugins
import DocumentModel
import Foundation
import TestSupport
import WarraqKit

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
func seconds(since start: UInt64) -> Double { Double(now() - start) / 1e9 }

func emit(_ fields: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
    FileHandle.standardOutput.write(data + Data("\n".utf8))
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("PipelineBenchmark: \(message)\n".utf8))
    exit(1)
}

/// A transform of the built-in registry with its options checked, as a recipe would give it.
func configured(_ name: String, _ options: [(String, String)]) throws -> Configured<any Transform> {
    let transform = try BuiltinPlugins.registry.requireTransform(name)
    let values = try OptionValues.check(options.map { RawOption(name: $0.0, value: $0.1) }, against: transform.options, plugin: name)
    return Configured(transform, options: values)
}

func apply(_ step: Configured<any Transform>, to document: Document) throws -> Document {
    var context = PluginContext(inputName: "benchmark")
    return try step.plugin.apply(to: document, options: step.options, context: &context)
}

/// Loading and configuring each recipe (YAML, `extends`, every option checked), best of 20.
func recipeLoad(_ paths: [String]) throws {
    for path in paths {
        var best = Double.infinity
        for _ in 0..<20 {
            let start = now()
            let recipe = try Recipe.load(path)
            _ = try recipe.configure(registry: BuiltinPlugins.registry)
            best = min(best, seconds(since: start))
        }
        emit(["figure": "recipe-load", "recipe": (path as NSString).lastPathComponent, "seconds": best])
    }
}

/// The time the first document pays for compiling the gazetteers: the shipped ones alone
/// (ENTRIES 0), or ENTRIES generated names alone. Each set is compiled once per process, so
/// each size gets its own file.
func gazetteerLoad(_ sizes: [Int]) throws {
    let probe = Document(metadata: Metadata(language: "ar"), blocks: [.paragraph("حلب")])
    for entries in sizes {
        var options: [(String, String)] = []
        var megabytes = 0.0
        var file: URL? = nil
        if entries > 0 {
            let tsv = GeneratedGazetteer.tsv(entries: entries)
            megabytes = Double(tsv.utf8.count) / 1e6
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("warraq-benchmark-\(getpid())-\(entries).tsv")
            try Data(tsv.utf8).write(to: url)
            file = url
            options = [("gazetteers", url.path), ("shipped-gazetteers", "false")]
        }
        defer { if let file { try? FileManager.default.removeItem(at: file) } }
        let step = try configured("tag-entities", options)
        let start = now()
        _ = try apply(step, to: probe)
        let load = seconds(since: start)
        // The second document finds the gazetteers compiled: what is left is tagging itself.
        let again = now()
        _ = try apply(step, to: probe)
        emit([
            "figure": "gazetteer-load", "entries": entries, "shipped": entries == 0, "tsv_mb": megabytes,
            "seconds": load - seconds(since: again),
        ])
    }
}

/// MB/s of `normalize` (preset arabic-news) and then of `tag-entities` (shipped gazetteers,
/// every rule) on the normalized text, as the arabic-news recipes chain them: FILE repeated to
/// MEGABYTES as a document of paragraphs, one core, best of three (two for tagging).
func transforms(_ path: String, megabytes target: Double) throws {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    let unit = String(decoding: data, as: UTF8.self)
    var text = ""
    let targetBytes = Int(target * 1e6)
    text.reserveCapacity(targetBytes + data.count)
    while text.utf8.count < targetBytes { text += unit }
    let blocks = text.split(separator: "\n", omittingEmptySubsequences: true).map { Block.paragraph(String($0)) }
    let document = Document(metadata: Metadata(language: "ar"), blocks: blocks)
    let bytes = Double(blocks.reduce(0) { $0 + $1.plainText.utf8.count })

    // Five rounds each, best and median: a shared machine slows single rounds by up to a third.
    let rounds = 5
    func figure(_ name: String, _ times: [Double], _ extra: [String: Any] = [:]) {
        let sorted = times.sorted()
        var fields: [String: Any] = [
            "figure": name, "mb": bytes / 1e6, "seconds": sorted[0], "mb_per_s": bytes / 1e6 / sorted[0],
            "median_mb_per_s": bytes / 1e6 / sorted[sorted.count / 2], "rounds": sorted.count,
        ]
        fields.merge(extra) { $1 }
        emit(fields)
    }

    let normalize = try configured("normalize", [("preset", "arabic-news")])
    var normalized = document
    var times: [Double] = []
    for _ in 0..<rounds {
        let start = now()
        normalized = try apply(normalize, to: document)
        times.append(seconds(since: start))
    }
    figure("normalize", times)

    let tag = try configured("tag-entities", [])
    _ = try apply(tag, to: Document(metadata: Metadata(language: "ar"), blocks: [.paragraph("حلب")]))  // compiles the gazetteers
    times = []
    var tagged = normalized
    for _ in 0..<rounds {
        tagged = Document(metadata: Metadata())  // the last round's document is freed before the next is made
        let start = now()
        tagged = try apply(tag, to: normalized)
        times.append(seconds(since: start))
    }
    figure("tag-entities", times, ["entities": tagged.entities.count])
}

/// MB/s of the plain-text reader alone (bytes to a document), the JSON writer alone (a document
/// to compact and to pretty AST JSON, as `jsonl` and `json` write it) and both together, on one
/// core, over the FILEs as given (each file one document, as a batch reads them); best of
/// five, with the median. MB are the input's bytes in every figure, so the three compare.
/// `json-stream` and `text-json-stream` write as the command line writes an output file,
/// a chunk at a time into a sink (here one that only counts), rather than into one array.
/// On a shared machine the CPU time of this thread (`cpu_mb_per_s`, best of five) moves less
/// than the wall-clock time, which counts the time other processes held the core.
func textJSON(_ paths: [String]) throws {
    var inputs: [InputSource] = []
    for path in paths {
        let bytes = try FileInput.read(path)
        inputs.append(InputSource(bytes: bytes, path: path))
    }
    let megabytes = Double(inputs.reduce(0) { $0 + $1.bytes.count }) / 1e6
    let reader = try BuiltinPlugins.registry.requireInput("text")
    let readerOptions = try OptionValues.check([], against: reader.options, plugin: "text")
    let json = try BuiltinPlugins.registry.requireOutput("json")
    let compact = try OptionValues.check([RawOption(name: "pretty", value: "false")], against: json.options, plugin: "json")
    let pretty = try OptionValues.check([], against: json.options, plugin: "json")

    func read(_ input: InputSource) throws -> Document {
        var context = PluginContext(inputName: input.displayName)
        return try reader.read(input, options: readerOptions, context: &context)
    }
    func write(_ document: Document, _ options: OptionValues) throws -> Int {
        var context = PluginContext(inputName: "benchmark")
        return try json.write(document, options: options, context: &context).count
    }
    func cpuSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    /// Runs `body` five times; the best and the median wall-clock time, the best CPU time.
    func time(_ body: () throws -> Void) rethrows -> (best: Double, median: Double, cpu: Double) {
        var times: [Double] = []
        var cpu = Double.infinity
        for _ in 0..<5 {
            let start = now(), startCPU = cpuSeconds()
            try body()
            times.append(seconds(since: start))
            cpu = min(cpu, cpuSeconds() - startCPU)
        }
        times.sort()
        return (times[0], times[times.count / 2], cpu)
    }
    func report(_ figure: String, _ t: (best: Double, median: Double, cpu: Double), _ extra: [String: Any] = [:]) {
        emit([
            "figure": figure, "files": inputs.count, "mb": megabytes, "seconds": t.best,
            "mb_per_s": megabytes / t.best, "median_mb_per_s": megabytes / t.median, "cpu_mb_per_s": megabytes / t.cpu,
        ].merging(extra) { a, _ in a })
    }

    /// Counts what it is given and keeps none of it: what streaming into a file costs, less
    /// the system's write.
    final class CountingSink: ByteSink {
        var count = 0
        func write(_ bytes: UnsafeRawBufferPointer) { count += bytes.count }
    }
    func stream(_ document: Document, _ options: OptionValues) throws -> Int {
        var context = PluginContext(inputName: "benchmark")
        let sink = CountingSink()
        try json.write(document, options: options, context: &context, to: sink)
        return sink.count
    }

    var documents: [Document] = []
    report("text-read", try time { documents = try inputs.map(read) })
    for (name, options) in [("compact", compact), ("pretty", pretty)] {
        var written = 0
        report("json-write", try time { written = try documents.reduce(0) { $0 + (try write($1, options)) } }, ["layout": name, "json_mb": Double(written) / 1e6])
        report("text-json", try time { written = try inputs.reduce(0) { $0 + (try write(try read($1), options)) } }, ["layout": name])
        // As the command line writes an output file: a chunk at a time, never the whole output.
        report("json-stream", try time { written = try documents.reduce(0) { $0 + (try stream($1, options)) } }, ["layout": name])
        report("text-json-stream", try time { written = try inputs.reduce(0) { $0 + (try stream(try read($1), options)) } }, ["layout": name])
    }
}

/// Writes OUT: the lines of SAMPLE over and over until MEGABYTES, a quarter of each line's
/// words replaced by other words of the sample and its numbers by other numbers (the same
/// every run), so that one large plain-text file reads like many articles.
func makeText(_ sample: String, megabytes: Double, to out: String) throws {
    let text = String(decoding: try FileInput.read(sample), as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let vocabulary = Array(Set(lines.flatMap { $0.split(separator: " ").map(String.init) })).sorted()
    var random = XorShift()
    var result: [UInt8] = []
    let target = Int(megabytes * 1e6)
    result.reserveCapacity(target + text.utf8.count)
    while result.count < target {
        for line in lines {
            var words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            for i in words.indices where !words[i].isEmpty {
                if words[i].unicodeScalars.contains(where: { $0.properties.numericType != nil }) {
                    words[i] = String(1 + random.next() % 2030)
                } else if random.next() % 4 == 0 {
                    words[i] = vocabulary[Int(random.next() % UInt64(vocabulary.count))]
                }
            }
            result += words.joined(separator: " ").utf8
            result.append(0x0A)
        }
    }
    try AtomicFile.write(result, to: out, flush: false)
    emit(["figure": "make-text", "mb": Double(result.count) / 1e6, "path": out])
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "recipe-load" where arguments.count > 1:
        try recipeLoad(Array(arguments.dropFirst()))
    case "gazetteer-load" where arguments.count > 1:
        try gazetteerLoad(arguments.dropFirst().map { (text: String) -> Int in
            guard let entries = Int(text) else { fail("not a number of entries: \(text)") }
            return entries
        })
    case "transforms" where arguments.count > 1:
        try transforms(arguments[1], megabytes: arguments.count > 2 ? Double(arguments[2]) ?? 8 : 8)
    case "text-json" where arguments.count > 1:
        try textJSON(Array(arguments.dropFirst()))
    case "make-text" where arguments.count == 4:
        guard let megabytes = Double(arguments[2]) else { fail("not a number of megabytes: \(arguments[2])") }
        try makeText(arguments[1], megabytes: megabytes, to: arguments[3])
    default:
        fail(
            "usage: PipelineBenchmark recipe-load RECIPE... | gazetteer-load ENTRIES... | transforms FILE [MEGABYTES] | text-json FILE... | make-text SAMPLE MEGABYTES OUT"
        )
    }
} catch let error as Diagnostic {
    fail(error.rendered)
} catch {
    fail("\(error)")
}
