internal import CGumbo
import DocumentModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses HTML5 with gumbo (spec-compliant: any byte sequence gives a document) into an
/// ``HTMLTree``. The only file that calls gumbo; the C tree is copied out at once and freed.
enum GumboParser {
    /// Parses `text`.
    ///
    /// - Parameters:
    ///   - baseOffset: added to byte offsets, so that they point into the input file (the
    ///     length of a byte-order mark when the text is the input's own UTF-8).
    ///   - cutScripts: cut the code of scripts and style sheets out before parsing, and give
    ///     gumbo long runs of text as short markers and runs of white space as a form feed
    ///     (see ``ScriptCutter`` and ``TextRuns``): the same tree but for the text of scripts
    ///     and style sheets, in a fraction of the time.
    static func parse(_ text: String, baseOffset: Int, cutScripts: Bool = true) -> HTMLTree {
        parseReportingRefusal(text, baseOffset: baseOffset, cutScripts: cutScripts).tree
    }

    /// ``parse(_:baseOffset:cutScripts:)``, and whether the tree made from markers and form
    /// feeds was refused (and the page parsed again with its text whole): for the tests, which
    /// check that it is not, on real pages.
    static func parseReportingRefusal(_ text: String, baseOffset: Int, cutScripts: Bool = true) -> (tree: HTMLTree, refused: Bool) {
        var source = text.isEmpty ? " " : text
        return source.withUTF8 { buffer -> (HTMLTree, Bool) in
            let none = TextRuns(page: buffer, ranges: [])
            guard cutScripts else { return (parse(buffer, baseOffset: baseOffset, map: ScriptCutter.PositionMap(), runs: none)!, false) }
            let scan = ScriptCutter.scanForGumbo(buffer)
            if !scan.runs.isEmpty || !scan.spaces.isEmpty {
                let (bytes, map, spaceOffsets) = ScriptCutter.apply(scan.cuts, runs: scan.runs, spaces: scan.spaces, to: buffer)
                let runs = TextRuns(page: buffer, ranges: scan.runs, inText: scan.runsInText, spaces: scan.spaces, spaceOffsets: spaceOffsets)
                if let tree = bytes.withUnsafeBufferPointer({ parse($0, baseOffset: baseOffset, map: map, runs: runs) }) { return (tree, false) }
                // A marker or a form feed did not come back as it went in: the text whole,
                // scripts still cut.
            }
            let refused = !scan.runs.isEmpty || !scan.spaces.isEmpty
            guard !scan.cuts.isEmpty else { return (parse(buffer, baseOffset: baseOffset, map: ScriptCutter.PositionMap(), runs: none)!, refused) }
            let (bytes, map, _) = ScriptCutter.apply(scan.cuts, to: buffer)
            return (bytes.withUnsafeBufferPointer { parse($0, baseOffset: baseOffset, map: map, runs: none)! }, refused)
        }
    }

    /// Parses `buffer` (not empty), whose positions `map` maps onto the input and whose
    /// markers and form feeds stand for `runs`; nil when a marker does not come back whole and
    /// once, or a form feed does not come back where its run was.
    static func parse(
        _ buffer: UnsafeBufferPointer<UInt8>, baseOffset: Int, map: ScriptCutter.PositionMap, runs: TextRuns,
        arena useArena: Bool = true
    ) -> HTMLTree? {
        var options = kGumboDefaultOptions
        options.tab_stop = 1
        // Parse errors are not reported; recording them costs memory on hostile input.
        options.max_errors = 0
        // Gumbo's memory from an arena, freed at once after the copy (see ``GumboArena``).
        let arena = useArena && buffer.count <= GumboArena.largestPage ? GumboArena() : nil
        if let arena { options = arena.options(options) }
        guard let base = buffer.baseAddress,
            let output = gumbo_parse_with_options(&options, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), buffer.count)
        else {
            return HTMLTree(nodes: [HTMLTree.Node(kind: .document, name: "", attributes: [], text: "", parent: -1, children: [], span: nil, depth: 0)])
        }
        defer {
            if let arena {
                withExtendedLifetime(arena) {}
            } else {
                gumbo_destroy_output(&options, output)
            }
        }
        return copy(output.pointee.document, given: UnsafeRawPointer(base), baseOffset: baseOffset, map: map, runs: runs)
    }

    /// The copy of gumbo's tree of the bytes at `given`.
    private static func copy(
        _ document: UnsafeMutablePointer<GumboNode>, given: UnsafeRawPointer, baseOffset: Int, map: ScriptCutter.PositionMap, runs: TextRuns
    ) -> HTMLTree? {
        // How many times each run came back: once each, or the tree is not the page's.
        var seen = [UInt8](repeating: 0, count: runs.ranges.count)
        var seenSpaces = [UInt8](repeating: 0, count: runs.spaces.count)
        let hasRuns = !runs.ranges.isEmpty, hasSpaces = !runs.spaces.isEmpty
        // Nodes come mostly in the page's order: the last run of white space and the last cut
        // looked up.
        var spaceHint = 0, positionHint = 0
        var nodes: [HTMLTree.Node] = []
        nodes.reserveCapacity(1024)
        var flattened = false
        // (C node, parent index); children are pushed in reverse to come out in order.
        var stack: [(UnsafeMutablePointer<GumboNode>, Int)] = [(document, -1)]
        while let (node, parent) = stack.popLast() {
            let depth = parent < 0 ? 0 : nodes[parent].depth + 1
            var attachTo = parent
            if depth > HTMLTree.maximumDepth {
                // Attach to the ancestor at the maximum depth.
                flattened = true
                while attachTo >= 0 && nodes[attachTo].depth >= HTMLTree.maximumDepth { attachTo = nodes[attachTo].parent }
            }
            let index = nodes.count
            let realDepth = attachTo < 0 ? 0 : nodes[attachTo].depth + 1
            var children: GumboVector? = nil
            switch node.pointee.type {
            case GUMBO_NODE_DOCUMENT:
                nodes.append(.init(kind: .document, name: "", attributes: [], text: "", parent: -1, children: [], span: nil, depth: 0))
                children = node.pointee.v.document.children
            case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE:
                let element = node.pointee.v.element
                var attributes: [(name: String, value: String)] = []
                attributes.reserveCapacity(Int(element.attributes.length))
                for k in 0..<Int(element.attributes.length) {
                    guard let raw = element.attributes.data[k] else { continue }
                    let attribute = raw.assumingMemoryBound(to: GumboAttribute.self).pointee
                    // As String(cString:) makes it, the length measured once.
                    let bytes = UnsafeRawBufferPointer(start: attribute.value, count: strlen(attribute.value))
                    let value: String
                    if hasRuns && TextRuns.holdsSentinel(bytes) {
                        guard let expanded = seen.withUnsafeMutableBufferPointer({ runs.expand(bytes, seen: $0) }) else { return nil }
                        value = String(decoding: expanded, as: UTF8.self)
                    } else {
                        value = String(decoding: bytes, as: UTF8.self)
                    }
                    attributes.append((attributeName(attribute.name), value))
                }
                var span: SourceSpan? = nil
                if node.pointee.parse_flags.rawValue & GUMBO_INSERTION_BY_PARSER.rawValue == 0 && element.start_pos.line > 0 {
                    let start = position(element.start_pos, baseOffset, map, &positionHint)
                    var end = start
                    if element.end_pos.line > 0 && element.end_pos.offset >= element.start_pos.offset {
                        end = position(element.end_pos, baseOffset, map, &positionHint)
                    }
                    span = SourceSpan(start: start, end: end)
                }
                let (name, flags) = tagName(element)
                // The children's indices, with room for all of them at once.
                var kids: [Int] = []
                kids.reserveCapacity(Int(element.children.length))
                nodes.append(.init(
                    kind: .element, name: name, attributes: attributes, text: "", parent: attachTo, children: kids,
                    span: span, depth: realDepth, flags: flags))
                children = element.children
            case GUMBO_NODE_TEXT, GUMBO_NODE_CDATA, GUMBO_NODE_WHITESPACE:
                let t = node.pointee.v.text
                var string = ""
                // The node's stretch of the bytes gumbo was given.
                let source: UnsafeRawBufferPointer? =
                    t.original_text.length > 0 ? t.original_text.data.map { UnsafeRawBufferPointer(start: $0, count: t.original_text.length) } : nil
                let sourceOffset = source.map { given.distance(to: $0.baseAddress!) } ?? 0
                // The first run of white space at or after the stretch: its form feeds are
                // that run and the ones after it, in order.
                let firstSpace = hasSpaces ? runs.firstSpace(atOrAfter: sourceOffset, hint: &spaceHint) : 0
                if let c = t.text {
                    let bytes = UnsafeRawBufferPointer(start: c, count: strlen(c))
                    let marked = hasRuns && TextRuns.holdsSentinel(bytes)
                    let spaced = hasSpaces && memchr(c, Int32(TextRuns.formFeed), bytes.count) != nil
                    if !marked && !spaced {
                        string = String(decoding: bytes, as: UTF8.self)
                    } else {
                        // Runs of the page stand here as form feeds and markers: their bytes go back.
                        var text: [UInt8]? = nil
                        if spaced {
                            guard let source else { return nil }
                            let expected = firstSpace..<runs.firstSpace(atOrAfter: sourceOffset + source.count, hint: &spaceHint)
                            text = runs.expandSpaces(bytes, runs: expected, seen: &seenSpaces)
                            guard text != nil else { return nil }
                        }
                        if marked {
                            text = seen.withUnsafeMutableBufferPointer { seen in
                                if let spacedText = text { return spacedText.withUnsafeBytes { runs.expand($0, seen: seen) } }
                                return runs.expand(bytes, seen: seen)
                            }
                        }
                        guard let text else { return nil }
                        string = String(decoding: text, as: UTF8.self)
                    }
                }
                let start = position(t.start_pos, baseOffset, map, &positionHint)
                var end = start
                if let source {
                    // The end: walk the source for its lines and columns, over the page's own
                    // bytes where the source holds form feeds and markers (its own runs, or
                    // the values of a tag the tree builder passed over).
                    var walk = LineCount.Walk(line: start.line, column: start.column)
                    if runs.isEmpty {
                        walk.add(source)
                    } else {
                        guard runs.forEachPiece(of: source, firstSpace: firstSpace, into: &walk, { $0.add($1) }) else { return nil }
                    }
                    end = SourcePosition(line: walk.line, column: walk.column, offset: start.offset + walk.length)
                }
                nodes.append(.init(
                    kind: .text, name: "", attributes: [], text: string, parent: attachTo, children: [],
                    span: t.start_pos.line > 0 ? SourceSpan(start: start, end: end) : nil, depth: realDepth))
            default:
                // Comments are dropped.
                continue
            }
            if attachTo >= 0 { nodes[attachTo].children.append(index) }
            if let vector = children, vector.length > 0 {
                var k = Int(vector.length)
                while k > 0 {
                    k -= 1
                    if let child = vector.data[k] { stack.append((child.assumingMemoryBound(to: GumboNode.self), index)) }
                }
            }
        }
        guard runs.cameBack(seen, spaces: seenSpaces) else { return nil }
        var tree = HTMLTree(nodes: nodes)
        tree.flattened = flattened
        return tree
    }

    private static func position(_ p: GumboSourcePosition, _ baseOffset: Int, _ map: ScriptCutter.PositionMap, _ hint: inout Int) -> SourcePosition {
        let (line, column, offset) = map.position(line: Int(p.line), column: Int(p.column), offset: Int(p.offset), hint: &hint)
        return SourcePosition(line: line, column: max(1, column), offset: offset + baseOffset)
    }

    /// An attribute's name: one of ``commonAttributes`` made once, or made from its bytes.
    private static func attributeName(_ name: UnsafePointer<CChar>) -> String {
        let length = strlen(name)
        if length < commonAttributes.count {
            for known in commonAttributes[length] where memcmp(known.bytes, name, length) == 0 { return known.name }
        }
        return String(cString: name)
    }

    /// The attribute names most pages use, by length.
    static let commonAttributes: [[(name: String, bytes: [CChar])]] = {
        let names = [
            "id", "class", "href", "src", "style", "alt", "title", "rel", "type", "name", "content", "property", "width", "height",
            "target", "lang", "dir", "role", "itemprop", "itemscope", "itemtype", "datetime", "charset", "http-equiv", "srcset",
            "sizes", "loading", "value", "action", "method", "for", "hidden", "aria-hidden", "aria-label", "tabindex", "onclick",
            "data-src", "data-id", "colspan", "rowspan", "border", "align", "valign", "cellpadding", "cellspacing", "media",
            "async", "defer", "crossorigin", "integrity", "frameborder", "allowfullscreen", "placeholder", "autocomplete",
        ]
        var table = [[(name: String, bytes: [CChar])]](repeating: [], count: 16)
        for name in names { table[name.utf8.count].append((name, name.utf8.map { CChar(bitPattern: $0) })) }
        return table
    }()

    /// The element's lowercase name and its flags: a known tag's from ``knownTags``, made
    /// once; another's from its original text.
    private static func tagName(_ element: GumboElement) -> (String, HTMLTree.Flags?) {
        if element.tag != GUMBO_TAG_UNKNOWN, Int(element.tag.rawValue) < knownTags.count, let known = knownTags[Int(element.tag.rawValue)] {
            return known
        }
        var piece = element.original_tag
        gumbo_tag_from_original_text(&piece)
        guard let data = piece.data, piece.length > 0 else { return ("unknown", nil) }
        let bytes = UnsafeRawBufferPointer(start: data, count: piece.length)
        return (String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }, as: UTF8.self), nil)
    }

    /// The name gumbo gives each tag it knows, with its flags, by tag number (nil for a
    /// tag without a name).
    static let knownTags: [(String, HTMLTree.Flags?)?] = (0..<GUMBO_TAG_LAST.rawValue).map { raw in
        guard let name = gumbo_normalized_tagname(GumboTag(rawValue: raw)) else { return nil }
        let s = String(cString: name)
        return s.isEmpty ? nil : (s, HTMLTree.Flags.of(s))
    }
}
