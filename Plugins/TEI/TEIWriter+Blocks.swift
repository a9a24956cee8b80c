import DocumentModel

/// Blocks: divisions and sections, paragraphs, quotes, lists, code, tables, figures.
///
/// TEI allows a `head` only at the start of a `div`, and after a nested `div` only further
/// `div`s. So headings are turned into sections: each heading opens a `div` that runs to the
/// next heading of its level or higher, with the heading as its `head`; and once a `div` has
/// been written, each later run of other blocks goes into a `div` of its own. Inside a quote,
/// a list item, a table cell or a caption, where TEI allows no `div` or `head`, a heading is
/// an `<ab type="head">` and a division is written as its blocks (its language and
/// direction passed on to them).
extension TEIWriter {
    /// The content of a `div`: the blocks, sectioned by their headings.
    mutating func writeDivisionContent(_ blocks: ArraySlice<Block>) {
        // Heading levels are read once, by index: matching `Block.Kind` inside these loops'
        // conditions crashed the Swift 6.3 optimizer's ownership verifier in release builds.
        let blocks = Array(blocks)
        let levels = blocks.map(Self.headingLevel(of:))
        var start = 0
        // A first heading that no later heading outranks is the head of this div.
        if let level = levels.first ?? nil, !levels.dropFirst().contains(where: { $0.map { $0 <= level } ?? false }),
            let content = Self.headingContent(of: blocks[0])
        {
            xml.start("head", attributes(blocks[0].attributes), content: .mixed)
            writeInlines(content)
            xml.end()
            start = 1
        }

        var afterDivision = false
        var run: [Block] = []
        var index = start
        while index < blocks.count {
            let block = blocks[index]
            if let level = levels[index] {
                var end = index + 1
                while end < blocks.count, !(levels[end].map { $0 <= level } ?? false) { end += 1 }
                writeRun(&run)
                xml.start("div", content: .elements)
                writeDivisionContent(blocks[index..<end])
                xml.end()
                afterDivision = true
                index = end
            } else if let children = Self.divisionChildren(of: block) {
                writeRun(&run)
                xml.start("div", attributes(block.attributes), content: .elements)
                writeDivisionContent(children[...])
                xml.end()
                afterDivision = true
                index += 1
            } else {
                if afterDivision {
                    run.append(block)
                } else {
                    writeBlock(block)
                }
                index += 1
            }
        }
        writeRun(&run)
    }

    @inline(never)
    static func headingLevel(of block: Block) -> Int? {
        if case .heading(let level, _) = block.kind { return level }
        return nil
    }

    @inline(never)
    static func headingContent(of block: Block) -> [Inline]? {
        if case .heading(_, let content) = block.kind { return content }
        return nil
    }

    @inline(never)
    static func divisionChildren(of block: Block) -> [Block]? {
        if case .division(let children) = block.kind { return children }
        return nil
    }

    /// Blocks that follow a `div` inside a `div`, in a `div` of their own.
    private mutating func writeRun(_ run: inout [Block]) {
        guard !run.isEmpty else { return }
        xml.start("div", content: .elements)
        for block in run { writeBlock(block) }
        xml.end()
        run.removeAll()
    }

    /// One block where TEI allows paragraph-level content (in a `div`, a `quote`, an `item`,
    /// a `cell`, a `figure`, a `note`).
    mutating func writeBlock(_ block: Block) {
        switch block.kind {
        case .heading(_, let content):
            xml.start("ab", attributes(block.attributes, [("type", "head")]), content: .mixed)
            writeInlines(content)
            xml.end()
        case .paragraph(let content):
            xml.start("p", attributes(block.attributes), content: .mixed)
            writeInlines(content)
            xml.end()
        case .blockQuote(let blocks):
            xml.start("quote", attributes(block.attributes), content: .elements)
            for child in blocks { writeBlock(child) }
            xml.end()
        case .list(let ordered, let start, let items):
            guard !items.isEmpty else {
                losses.note(.emptyList)
                return
            }
            xml.start("list", attributes(block.attributes, rend: ordered ? ["numbered"] : []), content: .elements)
            for (offset, item) in items.enumerated() {
                // The number of each item when an ordered list does not start at 1.
                let number = ordered && start != 1 ? [("n", String(start + offset))] : []
                writeBlocksAsContent(item, of: "item", number)
            }
            xml.end()
        case .codeBlock(let language, let text):
            xml.start("ab", attributes(block.attributes, [("type", "code"), ("xml:space", "preserve")]), content: .mixed)
            xml.element("code", language.flatMap(TEIValues.token).map { [("lang", $0)] } ?? [], text: text)
            xml.end()
        case .table(let table):
            writeTable(table, block.attributes)
        case .figure(let image, let caption):
            xml.start("figure", attributes(block.attributes), content: .elements)
            for child in caption { writeCaption(child, inTable: false) }
            writeGraphic(image)
            xml.end()
        case .thematicBreak:
            xml.start("milestone", attributes(block.attributes, [("unit", "section")]), content: .elements)
            xml.end()
        case .division(let blocks):
            let a = block.attributes
            if a.id != nil || !a.classes.isEmpty || !a.pairs.isEmpty { losses.note(.liftedDivision) }
            for var child in blocks {
                child.attributes.language = child.attributes.language ?? a.language
                child.attributes.direction = child.attributes.direction ?? a.direction
                writeBlock(child)
            }
        case .raw(let format, let text):
            writeRaw(format: format, text: text, asBlock: true)
        }
    }

    /// An `item` or a `cell`: empty, a lone plain paragraph's text directly, or blocks.
    private mutating func writeBlocksAsContent(_ blocks: [Block], of element: String, _ attributes: [(String, String)]) {
        if blocks.count == 1, case .paragraph(let content) = blocks[0].kind, blocks[0].attributes.isEmpty {
            xml.start(element, attributes, content: .mixed)
            writeInlines(content)
            xml.end()
        } else {
            xml.start(element, attributes, content: .elements)
            for block in blocks { writeBlock(block) }
            xml.end()
        }
    }

    /// A caption block: paragraphs and headings are `head`s; other blocks are written as they
    /// are in a figure, and in a `<note type="caption">` in a table (which takes no others).
    private mutating func writeCaption(_ block: Block, inTable: Bool) {
        switch block.kind {
        case .paragraph(let content), .heading(_, let content):
            xml.start("head", attributes(block.attributes), content: .mixed)
            writeInlines(content)
            xml.end()
        default:
            if inTable { xml.start("note", [("type", "caption")], content: .elements) }
            writeBlock(block)
            if inTable { xml.end() }
        }
    }

    /// A `table` of `row`s and `cell`s: header cells (and the rows of the head) have
    /// `role="label"`, spans are `rows` and `cols`, alignment a `rend` word.
    private mutating func writeTable(_ table: Table, _ tableAttributes: Attributes) {
        let rows = (table.head.map { ($0, true) } + table.body.map { ($0, false) }).filter { row, _ in
            if row.cells.isEmpty { losses.note(.emptyRow) }
            return !row.cells.isEmpty
        }
        guard !rows.isEmpty else {
            losses.note(.emptyTable)
            for block in table.caption { writeBlock(block) }
            return
        }
        xml.start("table", attributes(tableAttributes), content: .elements)
        for block in table.caption { writeCaption(block, inTable: true) }
        for (row, isHead) in rows {
            xml.start("row", attributes(row.attributes, isHead ? [("role", "label")] : []), content: .elements)
            for cell in row.cells {
                var specific: [(String, String)] = []
                if cell.isHeader { specific.append(("role", "label")) }
                if cell.rowSpan > 1 { specific.append(("rows", String(cell.rowSpan))) }
                if cell.columnSpan > 1 { specific.append(("cols", String(cell.columnSpan))) }
                let alignment = cell.alignment.map { ["align-" + $0.rawValue] } ?? []
                writeBlocksAsContent(cell.blocks, of: "cell", attributes(cell.attributes, specific, rend: alignment))
            }
            xml.end()
        }
        xml.end()
    }

    /// An image's `graphic` (its title as `desc`), then its description as `figDesc`.
    mutating func writeGraphic(_ image: Image) {
        xml.start("graphic", [("url", TEIValues.uri(image.source))], content: .elements)
        if let title = nonEmpty(image.title) { xml.element("desc", text: title) }
        xml.end()
        if !image.description.isEmpty {
            xml.start("figDesc", content: .mixed)
            writeInlines(image.description, inImageDescription: true)
            xml.end()
        }
    }

    /// Raw text: TEI that is well-formed XML goes in as it is; TEI that is not is written as
    /// text (in an `ab` where a block is due); other formats are left out. Each with a warning
    /// but the first.
    mutating func writeRaw(format: String, text: String, asBlock: Bool) {
        guard format.lowercased() == "tei" else {
            losses.noteDroppedRaw(format: format)
            return
        }
        if let problem = XMLFragment.problem(in: text) {
            losses.note(.rawNotXML, example: problem)
            if asBlock {
                xml.element("ab", text: text)
            } else {
                xml.text(text)
            }
        } else {
            xml.raw(text)
        }
    }
}

extension Block {
    /// The level of a heading; nil for other blocks.
    var headingLevel: Int? {
        if case .heading(let level, _) = kind { return level }
        return nil
    }
}
