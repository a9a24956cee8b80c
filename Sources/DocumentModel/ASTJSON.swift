/// The AST JSON format: warraq's documents as JSON, the contract for external plugins.
///
/// A document is an object `{"warraq-ast": "1.0", "metadata": {…}, "blocks": […]}`; every
/// block and inline is an object whose `"type"` names its kind. Optional fields that are
/// empty are left out. README's "AST JSON format" section and `config/schema/ast.schema.json`
/// describe every field.
///
/// Compatibility: a reader accepts any `1.x` and ignores fields it does not know; within 1.x,
/// new versions only add optional fields. Another major version is an error.
public enum ASTJSON {
    /// The version this code writes.
    public static let version = "1.0"
    /// The major version this code reads.
    public static let majorVersion = 1

    /// Encodes a document.
    ///
    /// - Parameter pretty: indent by two spaces, one field a line; otherwise one line.
    /// - Throws: ``DepthLimitExceeded`` for a document nested deeper than `depthLimit`;
    ///   ``JSONError`` for what the format cannot hold and so could not be read back: a
    ///   heading level outside 1–6, a cell spanning less than one row or column, a confidence
    ///   outside 0–1.
    public static func encode(
        _ document: Document, pretty: Bool = false, depthLimit: Int = DocumentLimits.maximumDepth
    ) throws -> [UInt8] {
        // Through a chunk that stays in the processor's cache into an array allocated once.
        let size = estimatedSize(of: document, pretty: pretty)
        let buffer = ByteBuffer(reservingCapacity: size)
        try encode(document, pretty: pretty, depthLimit: depthLimit, to: buffer, chunkSize: min(size, 1 << 18))
        return buffer.bytes
    }

    /// Encodes a document into `sink` as it goes, a chunk at a time, so that the whole JSON is
    /// never in memory: the same bytes as ``encode(_:pretty:depthLimit:)``, then `terminator`.
    ///
    /// - Parameter chunkSize: about how many bytes are handed to the sink at a time.
    /// - Throws: what ``encode(_:pretty:depthLimit:)`` throws, found before or after some of
    ///   the JSON went to the sink, and what the sink throws.
    public static func encode(
        _ document: Document, pretty: Bool = false, depthLimit: Int = DocumentLimits.maximumDepth,
        terminator: UInt8? = nil, to sink: any ByteSink, chunkSize: Int = 1 << 18
    ) throws {
        var encoder = ASTEncoder(writer: JSONWriter(pretty: pretty, streamingTo: sink, chunkSize: chunkSize), limit: depthLimit)
        try encoder.document(document)
        if let terminator { encoder.writer.rawByte(terminator) }
        try encoder.writer.finish()
    }

    /// A generous guess of the encoded size, so that the output buffer is allocated once rather
    /// than grown (and copied) a dozen times for a large document. Looks only at the top-level
    /// blocks and their inlines; an allocation larger than needed costs little, as pages never
    /// written are never touched.
    static func estimatedSize(of document: Document, pretty: Bool) -> Int {
        let perInline = pretty ? 96 : 48
        let perBlock = pretty ? 448 : 256
        var size = 4096
        for block in document.blocks {
            size += perBlock
            switch block.kind {
            case .paragraph(let content), .heading(_, let content):
                for inline in content {
                    size += perInline
                    if case .text(let text) = inline.kind { size += text.utf8.count + text.utf8.count / 8 }
                }
            default:
                size += 512
            }
        }
        return size
    }

    /// Decodes a document from AST JSON text.
    ///
    /// - Throws: ``JSONError`` with the line and column of the problem: bad JSON, a missing or
    ///   unsupported `warraq-ast` version, a field of the wrong type, an unknown node type, or
    ///   nesting past `depthLimit`.
    public static func decode(_ bytes: [UInt8], depthLimit: Int = DocumentLimits.maximumDepth) throws(JSONError) -> Document {
        do {
            let value = try JSONParser(maximumNesting: 4 * depthLimit + 64).parse(bytes)
            return try decode(value, depthLimit: depthLimit)
        } catch {
            throw error.located(in: bytes)
        }
    }

    /// Decodes a document from a parsed JSON value; errors carry byte offsets only.
    public static func decode(_ value: JSONValue, depthLimit: Int = DocumentLimits.maximumDepth) throws(JSONError) -> Document {
        try ASTDecoder(limit: depthLimit).document(value)
    }

    /// Checks the `warraq-ast` version text: `1.0`, `1.7` are read; `2.0`, `one` are not.
    public static func checkVersion(_ text: String, offset: Int) throws(JSONError) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Int(parts[0]), Int(parts[1]) != nil,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else {
            throw JSONError("\"warraq-ast\" must be a version \"MAJOR.MINOR\", found \"\(text)\"", offset: offset)
        }
        guard major == majorVersion else {
            throw JSONError(
                "AST JSON version \(text) is not supported: this warraq reads \(majorVersion).x (it writes \(version))",
                offset: offset)
        }
    }
}

// MARK: - Encoding

private struct ASTEncoder {
    var writer: JSONWriter
    let limit: Int

    mutating func document(_ document: Document) throws {
        writer.beginObject()
        writer.staticKey("warraq-ast")
        writer.string(ASTJSON.version)
        writer.staticKey("metadata")
        metadata(document.metadata)
        writer.staticKey("blocks")
        try blocks(document.blocks, depth: 1)
        writer.endObject()
    }

    mutating func optional(_ key: StaticString, _ value: String?) {
        if let value { writer.member(key, value) }
    }

    mutating func strings(_ key: StaticString, _ values: [String]) {
        guard !values.isEmpty else { return }
        writer.staticKey(key)
        writer.beginArray()
        for v in values { writer.string(v) }
        writer.endArray()
    }

    mutating func pairs(_ key: StaticString, _ pairs: [KeyValue]) {
        guard !pairs.isEmpty else { return }
        writer.staticKey(key)
        writer.beginArray()
        for pair in pairs {
            writer.beginArray()
            writer.string(pair.key)
            writer.string(pair.value)
            writer.endArray()
        }
        writer.endArray()
    }

    mutating func metadata(_ m: Metadata) {
        writer.beginObject()
        optional("title", m.title)
        optional("subtitle", m.subtitle)
        strings("authors", m.authors)
        optional("published", m.published)
        optional("modified", m.modified)
        optional("language", m.language)
        optional("direction", m.direction?.rawValue)
        optional("sourceURL", m.sourceURL)
        optional("canonicalURL", m.canonicalURL)
        optional("publisher", m.publisher)
        optional("description", m.description)
        strings("keywords", m.keywords)
        optional("image", m.image)
        optional("imageCaption", m.imageCaption)
        pairs("extra", m.extra)
        writer.endObject()
    }

    mutating func attributes(_ a: Attributes) {
        guard !a.isEmpty else { return }
        writer.staticKey("attributes")
        writer.beginObject()
        optional("id", a.id)
        strings("classes", a.classes)
        optional("lang", a.language)
        optional("dir", a.direction?.rawValue)
        pairs("pairs", a.pairs)
        writer.endObject()
    }

    mutating func span(_ span: SourceSpan?) {
        guard let span else { return }
        writer.staticKey("span")
        writer.beginObject()
        writer.member("line", span.start.line)
        writer.member("column", span.start.column)
        writer.member("offset", span.start.offset)
        writer.member("endLine", span.end.line)
        writer.member("endColumn", span.end.column)
        writer.member("endOffset", span.end.offset)
        writer.endObject()
    }

    mutating func blocks(_ list: [Block], depth: Int) throws {
        if depth > limit, !list.isEmpty { throw DepthLimitExceeded(limit: limit) }
        writer.beginArray()
        for b in list { try block(b, depth: depth) }
        writer.endArray()
    }

    mutating func inlines(_ list: [Inline], depth: Int) throws {
        if depth > limit, !list.isEmpty { throw DepthLimitExceeded(limit: limit) }
        writer.beginArray()
        for i in list { try inline(i, depth: depth) }
        writer.endArray()
    }

    mutating func image(_ image: Image, depth: Int) throws {
        writer.staticKey("source"); writer.string(image.source)
        optional("title", image.title)
        writer.staticKey("description"); try inlines(image.description, depth: depth)
    }

    mutating func block(_ block: Block, depth: Int) throws {
        writer.beginObject()
        writer.member("type", block.typeName)
        switch block.kind {
        case .heading(let level, let content):
            guard (1...6).contains(level) else {
                throw JSONError("a heading level is 1 to 6, not \(level)", offset: writer.offset)
            }
            writer.staticKey("level"); writer.int(level)
            writer.staticKey("content"); try inlines(content, depth: depth + 1)
        case .paragraph(let content):
            writer.staticKey("content"); try inlines(content, depth: depth + 1)
        case .blockQuote(let children), .division(let children):
            writer.staticKey("blocks"); try blocks(children, depth: depth + 1)
        case .list(let ordered, let start, let items):
            writer.staticKey("ordered"); writer.bool(ordered)
            writer.staticKey("start"); writer.int(start)
            writer.staticKey("items")
            writer.beginArray()
            for item in items { try blocks(item, depth: depth + 1) }
            writer.endArray()
        case .codeBlock(let language, let text):
            optional("language", language)
            writer.staticKey("text"); writer.string(text)
        case .table(let table):
            writer.staticKey("caption"); try blocks(table.caption, depth: depth + 1)
            writer.staticKey("head"); try rows(table.head, depth: depth + 1)
            writer.staticKey("body"); try rows(table.body, depth: depth + 1)
        case .figure(let image, let caption):
            writer.staticKey("image")
            writer.beginObject()
            try self.image(image, depth: depth + 1)
            writer.endObject()
            writer.staticKey("caption"); try blocks(caption, depth: depth + 1)
        case .thematicBreak:
            break
        case .raw(let format, let text):
            writer.staticKey("format"); writer.string(format)
            writer.staticKey("text"); writer.string(text)
        }
        attributes(block.attributes)
        span(block.span)
        writer.endObject()
    }

    mutating func rows(_ rows: [TableRow], depth: Int) throws {
        writer.beginArray()
        for row in rows {
            writer.beginObject()
            writer.staticKey("cells")
            writer.beginArray()
            for cell in row.cells {
                guard cell.rowSpan >= 1, cell.columnSpan >= 1 else {
                    throw JSONError("a table cell spans 1 or more rows and columns, not \(cell.rowSpan)×\(cell.columnSpan)", offset: writer.offset)
                }
                writer.beginObject()
                if cell.isHeader { writer.staticKey("header"); writer.bool(true) }
                if cell.rowSpan != 1 { writer.staticKey("rowSpan"); writer.int(cell.rowSpan) }
                if cell.columnSpan != 1 { writer.staticKey("columnSpan"); writer.int(cell.columnSpan) }
                optional("alignment", cell.alignment?.rawValue)
                writer.staticKey("blocks"); try blocks(cell.blocks, depth: depth)
                attributes(cell.attributes)
                writer.endObject()
            }
            writer.endArray()
            attributes(row.attributes)
            writer.endObject()
        }
        writer.endArray()
    }

    mutating func inline(_ inline: Inline, depth: Int) throws {
        writer.beginObject()
        writer.member("type", inline.typeName)
        switch inline.kind {
        case .text(let text), .code(let text):
            writer.member("text", text)
        case .softBreak, .lineBreak:
            break
        case .emphasis(let c), .strong(let c), .strikeout(let c), .superscript(let c), .subscript(let c), .span(let c):
            writer.staticKey("content"); try inlines(c, depth: depth + 1)
        case .link(let link, let content):
            writer.staticKey("target"); writer.string(link.target)
            optional("title", link.title)
            writer.staticKey("content"); try inlines(content, depth: depth + 1)
        case .image(let image):
            try self.image(image, depth: depth + 1)
        case .quoted(let kind, let content):
            writer.staticKey("quote"); writer.string(kind.rawValue)
            writer.staticKey("content"); try inlines(content, depth: depth + 1)
        case .entity(let entity, let content):
            writer.staticKey("entity")
            writer.beginObject()
            writer.staticKey("kind"); writer.string(entity.kind.rawValue)
            optional("normalized", entity.normalized)
            optional("reference", entity.reference)
            optional("source", entity.source)
            if let confidence = entity.confidence {
                guard confidence.isFinite, (0...1).contains(confidence) else {
                    throw JSONError("an entity's confidence is a number from 0 to 1, not \(confidence)", offset: writer.offset)
                }
                writer.staticKey("confidence"); writer.double(confidence)
            }
            writer.endObject()
            writer.staticKey("content"); try inlines(content, depth: depth + 1)
        case .raw(let format, let text):
            writer.staticKey("format"); writer.string(format)
            writer.staticKey("text"); writer.string(text)
        }
        attributes(inline.attributes)
        span(inline.span)
        writer.endObject()
    }
}

// MARK: - Decoding

private struct ASTDecoder {
    let limit: Int

    static let blockTypes = [
        "heading", "paragraph", "blockQuote", "list", "codeBlock", "table", "figure", "thematicBreak", "division", "raw",
    ]
    static let inlineTypes = [
        "text", "softBreak", "lineBreak", "emphasis", "strong", "strikeout", "superscript", "subscript", "code", "link",
        "image", "quoted", "span", "entity", "raw",
    ]

    func fail(_ path: String, _ message: String, _ value: JSONValue) -> JSONError {
        JSONError("\(path): \(message)", offset: value.offset)
    }

    func object(_ value: JSONValue, _ path: String) throws(JSONError) -> JSONValue {
        guard case .object = value.kind else { throw fail(path, "expected an object, found \(value.typeDescription)", value) }
        return value
    }

    func array(_ value: JSONValue, _ path: String) throws(JSONError) -> [JSONValue] {
        guard case .array(let items) = value.kind else { throw fail(path, "expected an array, found \(value.typeDescription)", value) }
        return items
    }

    func required(_ object: JSONValue, _ key: String, _ path: String) throws(JSONError) -> JSONValue {
        guard let value = object[key] else { throw fail(path, "missing required field \"\(key)\"", object) }
        return value
    }

    func string(_ value: JSONValue, _ path: String) throws(JSONError) -> String {
        guard case .string(let s) = value.kind else { throw fail(path, "expected a string, found \(value.typeDescription)", value) }
        return s
    }

    func string(_ object: JSONValue, _ key: String, _ path: String) throws(JSONError) -> String {
        try string(try required(object, key, path), "\(path).\(key)")
    }

    func optionalString(_ object: JSONValue, _ key: String, _ path: String) throws(JSONError) -> String? {
        guard let value = object[key] else { return nil }
        if case .null = value.kind { return nil }
        return try string(value, "\(path).\(key)")
    }

    func strings(_ object: JSONValue, _ key: String, _ path: String) throws(JSONError) -> [String] {
        guard let value = object[key] else { return [] }
        var result: [String] = []
        for (i, item) in try array(value, "\(path).\(key)").enumerated() {
            result.append(try string(item, "\(path).\(key)[\(i)]"))
        }
        return result
    }

    func int(_ value: JSONValue, _ path: String) throws(JSONError) -> Int {
        guard case .number(let text) = value.kind, let n = Int(text) else {
            throw fail(path, "expected an integer, found \(value.typeDescription)", value)
        }
        return n
    }

    func optionalInt(_ object: JSONValue, _ key: String, _ path: String, default fallback: Int) throws(JSONError) -> Int {
        guard let value = object[key] else { return fallback }
        return try int(value, "\(path).\(key)")
    }

    func bool(_ value: JSONValue, _ path: String) throws(JSONError) -> Bool {
        guard case .bool(let b) = value.kind else { throw fail(path, "expected true or false, found \(value.typeDescription)", value) }
        return b
    }

    func direction(_ object: JSONValue, _ key: String, _ path: String) throws(JSONError) -> TextDirection? {
        guard let text = try optionalString(object, key, path) else { return nil }
        guard let direction = TextDirection(rawValue: text) else {
            throw fail("\(path).\(key)", "expected \"ltr\", \"rtl\" or \"auto\", found \"\(text)\"", object[key]!)
        }
        return direction
    }

    func pairs(_ object: JSONValue, _ key: String, _ path: String) throws(JSONError) -> [KeyValue] {
        guard let value = object[key] else { return [] }
        var result: [KeyValue] = []
        for (i, item) in try array(value, "\(path).\(key)").enumerated() {
            let itemPath = "\(path).\(key)[\(i)]"
            let pair = try array(item, itemPath)
            guard pair.count == 2 else { throw fail(itemPath, "expected a pair [key, value]", item) }
            result.append(KeyValue(try string(pair[0], itemPath + "[0]"), try string(pair[1], itemPath + "[1]")))
        }
        return result
    }

    func document(_ value: JSONValue) throws(JSONError) -> Document {
        let root = try object(value, "document")
        guard let versionValue = root["warraq-ast"] else {
            throw fail("document", "missing \"warraq-ast\": this is not warraq AST JSON (expected {\"warraq-ast\": \"\(ASTJSON.version)\", …})", root)
        }
        try ASTJSON.checkVersion(try string(versionValue, "warraq-ast"), offset: versionValue.offset)
        var document = Document()
        if let m = root["metadata"] { document.metadata = try metadata(try object(m, "metadata")) }
        document.blocks = try blocks(try required(root, "blocks", "document"), "blocks", depth: 1)
        return document
    }

    func metadata(_ m: JSONValue) throws(JSONError) -> Metadata {
        let p = "metadata"
        return Metadata(
            title: try optionalString(m, "title", p), subtitle: try optionalString(m, "subtitle", p),
            authors: try strings(m, "authors", p), published: try optionalString(m, "published", p),
            modified: try optionalString(m, "modified", p), language: try optionalString(m, "language", p),
            direction: try direction(m, "direction", p), sourceURL: try optionalString(m, "sourceURL", p),
            canonicalURL: try optionalString(m, "canonicalURL", p), publisher: try optionalString(m, "publisher", p),
            description: try optionalString(m, "description", p), keywords: try strings(m, "keywords", p),
            image: try optionalString(m, "image", p), imageCaption: try optionalString(m, "imageCaption", p),
            extra: try pairs(m, "extra", p))
    }

    func attributes(_ node: JSONValue, _ path: String) throws(JSONError) -> Attributes {
        guard let value = node["attributes"] else { return .empty }
        let a = try object(value, "\(path).attributes")
        let p = "\(path).attributes"
        return Attributes(
            id: try optionalString(a, "id", p), classes: try strings(a, "classes", p),
            language: try optionalString(a, "lang", p), direction: try direction(a, "dir", p), pairs: try pairs(a, "pairs", p))
    }

    func span(_ node: JSONValue, _ path: String) throws(JSONError) -> SourceSpan? {
        guard let value = node["span"] else { return nil }
        let s = try object(value, "\(path).span")
        let p = "\(path).span"
        func field(_ key: String) throws(JSONError) -> Int { try int(try required(s, key, p), "\(p).\(key)") }
        return SourceSpan(
            start: SourcePosition(line: try field("line"), column: try field("column"), offset: try field("offset")),
            end: SourcePosition(line: try field("endLine"), column: try field("endColumn"), offset: try field("endOffset")))
    }

    func type(_ node: JSONValue, _ path: String) throws(JSONError) -> String {
        try string(try required(node, "type", path), "\(path).type")
    }

    /// The nodes of an array at `depth`, read by `element`; an error past the depth limit.
    func nodes<T>(
        _ value: JSONValue, _ path: String, depth: Int, _ element: (JSONValue, String) throws(JSONError) -> T
    ) throws(JSONError) -> [T] {
        let items = try array(value, path)
        if depth > limit, !items.isEmpty { throw fail(path, DepthLimitExceeded(limit: limit).description, value) }
        var result: [T] = []
        result.reserveCapacity(items.count)
        for (i, item) in items.enumerated() { result.append(try element(item, "\(path)[\(i)]")) }
        return result
    }

    func blocks(_ value: JSONValue, _ path: String, depth: Int) throws(JSONError) -> [Block] {
        try nodes(value, path, depth: depth) { (item, itemPath) throws(JSONError) in try block(item, itemPath, depth: depth) }
    }

    func inlines(_ value: JSONValue, _ path: String, depth: Int) throws(JSONError) -> [Inline] {
        try nodes(value, path, depth: depth) { (item, itemPath) throws(JSONError) in try inline(item, itemPath, depth: depth) }
    }

    func image(_ node: JSONValue, _ path: String, depth: Int) throws(JSONError) -> Image {
        Image(
            source: try string(node, "source", path), title: try optionalString(node, "title", path),
            description: node["description"] == nil ? [] : try inlines(node["description"]!, "\(path).description", depth: depth))
    }

    func block(_ value: JSONValue, _ path: String, depth: Int) throws(JSONError) -> Block {
        let node = try object(value, path)
        let type = try type(node, path)
        let kind: Block.Kind
        switch type {
        case "heading":
            let levelValue = try required(node, "level", path)
            let level = try int(levelValue, "\(path).level")
            guard (1...6).contains(level) else { throw fail("\(path).level", "a heading level is 1 to 6, found \(level)", levelValue) }
            kind = .heading(level: level, content: try inlines(try required(node, "content", path), "\(path).content", depth: depth + 1))
        case "paragraph":
            kind = .paragraph(try inlines(try required(node, "content", path), "\(path).content", depth: depth + 1))
        case "blockQuote":
            kind = .blockQuote(try blocks(try required(node, "blocks", path), "\(path).blocks", depth: depth + 1))
        case "division":
            kind = .division(try blocks(try required(node, "blocks", path), "\(path).blocks", depth: depth + 1))
        case "list":
            let ordered = node["ordered"] == nil ? false : try bool(node["ordered"]!, "\(path).ordered")
            let start = try optionalInt(node, "start", path, default: 1)
            var items: [[Block]] = []
            for (i, item) in try array(try required(node, "items", path), "\(path).items").enumerated() {
                items.append(try blocks(item, "\(path).items[\(i)]", depth: depth + 1))
            }
            kind = .list(ordered: ordered, start: start, items: items)
        case "codeBlock":
            kind = .codeBlock(language: try optionalString(node, "language", path), text: try string(node, "text", path))
        case "table":
            var table = Table()
            if let caption = node["caption"] { table.caption = try blocks(caption, "\(path).caption", depth: depth + 1) }
            if let head = node["head"] { table.head = try rows(head, "\(path).head", depth: depth + 1) }
            if let body = node["body"] { table.body = try rows(body, "\(path).body", depth: depth + 1) }
            kind = .table(table)
        case "figure":
            let imageNode = try object(try required(node, "image", path), "\(path).image")
            let image = try image(imageNode, "\(path).image", depth: depth + 1)
            let caption = node["caption"] == nil ? [] : try blocks(node["caption"]!, "\(path).caption", depth: depth + 1)
            kind = .figure(image: image, caption: caption)
        case "thematicBreak":
            kind = .thematicBreak
        case "raw":
            kind = .raw(format: try string(node, "format", path), text: try string(node, "text", path))
        default:
            throw fail("\(path).type", "unknown block type \"\(type)\" (known: \(Self.blockTypes.joined(separator: ", ")))", node["type"]!)
        }
        return Block(kind, attributes: try attributes(node, path), span: try span(node, path))
    }

    func rows(_ value: JSONValue, _ path: String, depth: Int) throws(JSONError) -> [TableRow] {
        var result: [TableRow] = []
        for (r, rowValue) in try array(value, path).enumerated() {
            let rowPath = "\(path)[\(r)]"
            let row = try object(rowValue, rowPath)
            var cells: [TableCell] = []
            for (c, cellValue) in try array(try required(row, "cells", rowPath), "\(rowPath).cells").enumerated() {
                let cellPath = "\(rowPath).cells[\(c)]"
                let cell = try object(cellValue, cellPath)
                let rowSpan = try optionalInt(cell, "rowSpan", cellPath, default: 1)
                let columnSpan = try optionalInt(cell, "columnSpan", cellPath, default: 1)
                guard rowSpan >= 1, columnSpan >= 1 else { throw fail(cellPath, "rowSpan and columnSpan must be 1 or more", cell) }
                var alignment: TableCell.Alignment? = nil
                if let text = try optionalString(cell, "alignment", cellPath) {
                    guard let a = TableCell.Alignment(rawValue: text) else {
                        throw fail("\(cellPath).alignment", "expected \"start\", \"center\" or \"end\", found \"\(text)\"", cell["alignment"]!)
                    }
                    alignment = a
                }
                cells.append(TableCell(
                    try blocks(try required(cell, "blocks", cellPath), "\(cellPath).blocks", depth: depth),
                    isHeader: cell["header"] == nil ? false : try bool(cell["header"]!, "\(cellPath).header"),
                    rowSpan: rowSpan, columnSpan: columnSpan, alignment: alignment,
                    attributes: try attributes(cell, cellPath)))
            }
            result.append(TableRow(cells: cells, attributes: try attributes(row, rowPath)))
        }
        return result
    }

    func inline(_ value: JSONValue, _ path: String, depth: Int) throws(JSONError) -> Inline {
        let node = try object(value, path)
        let type = try type(node, path)
        func content() throws(JSONError) -> [Inline] {
            try inlines(try required(node, "content", path), "\(path).content", depth: depth + 1)
        }
        let kind: Inline.Kind
        switch type {
        case "text": kind = .text(try string(node, "text", path))
        case "code": kind = .code(try string(node, "text", path))
        case "softBreak": kind = .softBreak
        case "lineBreak": kind = .lineBreak
        case "emphasis": kind = .emphasis(try content())
        case "strong": kind = .strong(try content())
        case "strikeout": kind = .strikeout(try content())
        case "superscript": kind = .superscript(try content())
        case "subscript": kind = .subscript(try content())
        case "span": kind = .span(try content())
        case "link":
            kind = .link(Link(target: try string(node, "target", path), title: try optionalString(node, "title", path)), try content())
        case "image":
            kind = .image(try image(node, path, depth: depth + 1))
        case "quoted":
            let text = try string(node, "quote", path)
            guard let quote = QuoteKind(rawValue: text) else {
                throw fail("\(path).quote", "expected \"single\" or \"double\", found \"\(text)\"", node["quote"]!)
            }
            kind = .quoted(quote, try content())
        case "entity":
            let e = try object(try required(node, "entity", path), "\(path).entity")
            let ep = "\(path).entity"
            var confidence: Double? = nil
            if let c = e["confidence"] {
                guard case .number(let text) = c.kind, let d = Double(text), d.isFinite, (0...1).contains(d) else {
                    throw fail("\(ep).confidence", "expected a number from 0 to 1, found \(c.typeDescription)", c)
                }
                confidence = d
            }
            let entity = Entity(
                kind: EntityKind(try string(e, "kind", ep)), normalized: try optionalString(e, "normalized", ep),
                reference: try optionalString(e, "reference", ep), source: try optionalString(e, "source", ep),
                confidence: confidence)
            kind = .entity(entity, try content())
        case "raw":
            kind = .raw(format: try string(node, "format", path), text: try string(node, "text", path))
        default:
            throw fail("\(path).type", "unknown inline type \"\(type)\" (known: \(Self.inlineTypes.joined(separator: ", ")))", node["type"]!)
        }
        return Inline(kind, attributes: try attributes(node, path), span: try span(node, path))
    }
}
