import DocumentModel
import WarraqKit

/// `html`: a web page, in any encoding, parsed as HTML5 by gumbo; by default its story alone
/// (navigation, sidebars, share bars, comments, cookie and modal widgets, ads left out),
/// with the page's metadata.
public struct HTMLInput: InputPlugin {
    public init() {}
    public let name = "html"
    public let summary = "web pages (HTML5, any encoding): the article with its title, authors, dates and other metadata, or the whole body"
    public let fileExtensions = ["html", "htm", "xhtml", "shtml"]
    public let options = [
        OptionSpec(
            "encoding", .string, default: .string("auto"),
            help: "auto (a byte-order mark, else the page's <meta charset>, else UTF-8 if valid, else detected), or a name that overrides them: e.g. encoding=windows-1256"),
        OptionSpec(
            "on-invalid", .choice(["error", "replace"]), default: .string("replace"),
            help: "bytes invalid in the encoding: replace by U+FFFD with a warning (as browsers do), or error; e.g. on-invalid=error"),
        OptionSpec(
            "extract", .choice(["article", "body"]), default: .string("article"),
            help: "article: the story alone, page furniture left out; body: the whole body, every element mapped to its node; e.g. extract=body"),
        OptionSpec("language", .string, help: "the document's language (BCP 47), over <html lang> and detection: e.g. language=ar"),
        OptionSpec("direction", .choice(["ltr", "rtl"]), help: "the document's direction, over <html dir> and detection: e.g. direction=rtl"),
    ]

    public func recognizes(_ prefix: ArraySlice<UInt8>) -> Bool {
        var start = prefix.startIndex
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { start += 3 }
        let head = String(decoding: prefix[start...].prefix(512), as: UTF8.self).lowercased()
        let trimmed = head.drop(while: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" })
        return trimmed.hasPrefix("<!doctype html") || trimmed.hasPrefix("<html") || trimmed.hasPrefix("<head")
            || (trimmed.hasPrefix("<!--") && head.contains("<html"))
    }

    public func read(_ input: InputSource, options: OptionValues, context: inout PluginContext) throws -> Document {
        guard let tree = try parse(input, options: options, context: &context) else { return Document() }
        let pageMetadata = HTMLMetadata(tree: tree)
        let mode = options.string("extract") ?? "article"
        var document = Document()
        var byline: String? = nil
        let plainTitle = pageMetadata.title(siteName: nil)
        if mode == "body" {
            let body = tree.first("body") ?? 0
            let converter = HTMLConverter(tree: tree, removed: [Bool](repeating: false, count: tree.nodes.count), keepContainers: true)
            document.blocks = converter.blocks(of: tree.nodes[body].children)
        } else {
            let extractor = ArticleExtractor(tree: tree, title: plainTitle)
            let result = extractor.extract()
            byline = result.byline
            let converter = HTMLConverter(tree: tree, removed: result.removed, keepContainers: false)
            document.blocks = converter.blocks(of: result.roots)
            Self.replaceWithArticleBody(&document.blocks, pageMetadata.articleBody)
        }
        document.metadata = pageMetadata.metadata(byline: byline)
        if mode != "body" {
            Self.dropTitleHeading(&document.blocks, title: document.metadata.title)
        }
        // The lead image: the page's (JSON-LD, og:image), else the story's first figure.
        for block in document.blocks.prefix(8) {
            guard case .figure(let image, let caption) = block.kind else { continue }
            if document.metadata.image == nil { document.metadata.image = image.source }
            if document.metadata.imageCaption == nil, !caption.isEmpty {
                document.metadata.imageCaption = caption.map(\.plainText).joined(separator: " ")
            }
            break
        }
        if document.blocks.isEmpty {
            context.warn("no-text", mode == "body" ? "the page's body holds no text" : "no article text was found in the page",
                         notes: mode == "body" ? [] : ["extract=body converts the whole body"])
        }
        // Language and direction: the options, then the page, then the script of the text.
        let sample = document.blocks.prefix(50).map(\.plainText).joined(separator: " ")
        let guess = ScriptDetection.guess(sample.isEmpty ? (document.metadata.title ?? "") : sample)
        if let language = options.string("language") { document.metadata.language = language }
        if let direction = options.string("direction").flatMap(TextDirection.init(rawValue:)) { document.metadata.direction = direction }
        if document.metadata.language == nil { document.metadata.language = guess.language }
        if document.metadata.direction == nil {
            document.metadata.direction = guess.direction
            if guess.direction == nil, let language = document.metadata.language {
                document.metadata.direction = Self.rightToLeftLanguages.contains(String(language.prefix(2))) ? .rightToLeft : .leftToRight
            }
        }
        return document
    }

    /// Bytes to the page's tree: the binary check, decoding, the nesting guard, gumbo and the
    /// copy of its tree; nil (with a warning) for an empty input.
    func parse(_ input: InputSource, options: OptionValues, context: inout PluginContext, cutScripts: Bool = true) throws -> HTMLTree? {
        let bytes = input.bytes
        if bytes.isEmpty {
            context.warn("empty-input", "the input is empty")
            return nil
        }
        if let offset = Self.binaryOffset(bytes) {
            throw Diagnostic.error(
                "binary-input", "this is not an HTML page: it holds binary data (a NUL byte at byte offset \(offset))",
                at: input.location(ofByte: offset), notes: ["give a web page, or the right input format with --from"])
        }
        let decoded = try HTMLEncoding.decode(
            input, requested: options.string("encoding"),
            onInvalid: TextDecoding.InvalidPolicy(rawValue: options.string("on-invalid") ?? "replace") ?? .replace, context: &context)
        let guarded = NestingGuard.apply(decoded.text)
        if guarded.trimmed {
            context.warn(
                "deep-nesting", "tags nested deeper than \(NestingGuard.limit) levels were left out (their text is kept); source positions after them are approximate")
        }
        if guarded.attributesTrimmed {
            context.warn(
                "many-attributes", "attributes past the first \(NestingGuard.attributeLimit) of a tag were left out; source positions after them are approximate")
        }
        let tree = GumboParser.parse(guarded.text, baseOffset: decoded.isInputUTF8 ? decoded.textStart : 0, cutScripts: cutScripts)
        if tree.flattened && !guarded.trimmed {
            context.warn(
                "deep-nesting", "elements nested deeper than \(HTMLTree.maximumDepth) levels were read as if at that depth; their text is kept")
        }
        return tree
    }

    /// For `HTMLBenchmark`: the first stage of ``read(_:options:context:)`` alone (decoding,
    /// the nesting guard, gumbo and the copy of its tree), without extraction or metadata.
    /// Returns the number of nodes in the tree. `cutScripts: false` parses scripts and style
    /// sheets whole (see ``ScriptCutter``), to show what cutting them saves.
    @_spi(Benchmarks) public func parseTree(_ input: InputSource, options: OptionValues, context: inout PluginContext, cutScripts: Bool = true) throws -> Int {
        try parse(input, options: options, context: &context, cutScripts: cutScripts)?.nodes.count ?? 0
    }

    /// For `HTMLBenchmark`: the bytes gumbo is given for a UTF-8 page, the text of its
    /// scripts and style sheets cut, its long runs of text and attribute values given as
    /// markers and its runs of white space as form feeds (see ``ScriptCutter`` and
    /// ``TextRuns``), to time gumbo on them alone.
    @_spi(Benchmarks) public static func bytesGivenToGumbo(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { buffer in
            let scan = ScriptCutter.scanForGumbo(buffer)
            return scan.cuts.isEmpty && scan.runs.isEmpty && scan.spaces.isEmpty
                ? bytes : ScriptCutter.apply(scan.cuts, runs: scan.runs, spaces: scan.spaces, to: buffer).bytes
        }
    }

    static let rightToLeftLanguages: Set<String> = ["ar", "fa", "ur", "he", "ps", "sd", "ug", "yi", "dv", "ku"]

    /// The offset of a NUL byte in the first 8 KB of a file that is not UTF-16, or nil.
    static func binaryOffset(_ bytes: [UInt8]) -> Int? {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return nil }
        return bytes.prefix(8192).firstIndex(of: 0)
    }

    /// A heading at the top of the story that repeats the title: the title is in the metadata.
    static func dropTitleHeading(_ blocks: inout [Block], title: String?) {
        guard let title, !title.isEmpty else { return }
        for (k, block) in blocks.prefix(3).enumerated() {
            if case .heading = block.kind, ArticleExtractor.similarity(title, block.plainText) > 0.75,
                ArticleExtractor.similarity(block.plainText, title) > 0.75
            {
                blocks.remove(at: k)
                return
            }
        }
    }

    /// When the page holds its story in JSON-LD (`articleBody`) and the markup shows much
    /// less of it (a page that fills itself in with scripts), the JSON-LD text is the story.
    static func replaceWithArticleBody(_ blocks: inout [Block], _ body: String?) {
        guard let body else { return }
        let paragraphs = body.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { HTMLMetadata.clean(String($0)) }.filter { !$0.isEmpty }
        let bodyLength = paragraphs.reduce(0) { $0 + $1.count }
        let extracted = blocks.reduce(0) { $0 + $1.plainText.count }
        guard bodyLength > 200, extracted * 2 < bodyLength else { return }
        blocks = paragraphs.map { Block.paragraph($0) }
    }
}
