extension Block {
    /// The blocks directly inside this one, in document order: a quote's or a division's
    /// blocks; every list item's blocks, item after item; a table's caption, then each cell's
    /// blocks row by row; a figure's caption.
    public var childBlocks: [Block] {
        switch kind {
        case .blockQuote(let blocks), .division(let blocks):
            return blocks
        case .list(_, _, let items):
            return items.flatMap { $0 }
        case .table(let table):
            var result = table.caption
            for row in table.head + table.body {
                for cell in row.cells { result += cell.blocks }
            }
            return result
        case .figure(_, let caption):
            return caption
        case .heading, .paragraph, .codeBlock, .thematicBreak, .raw:
            return []
        }
    }

    /// The inlines directly inside this one: a heading's or paragraph's content, a figure's
    /// image description.
    public var childInlines: [Inline] {
        switch kind {
        case .heading(_, let content), .paragraph(let content):
            return content
        case .figure(let image, _):
            return image.description
        default:
            return []
        }
    }

    /// Whether the block's kind can hold blocks or inlines (code blocks, thematic breaks and
    /// raw blocks cannot).
    public var hasChildren: Bool {
        switch kind {
        case .codeBlock, .thematicBreak, .raw: false
        default: true
        }
    }

    /// A copy with every list of child blocks passed through `blocks` and every list of child
    /// inlines through `inlines`, one list at a time (each list item, each cell separately).
    public func mapChildren(
        blocks: ([Block]) throws -> [Block],
        inlines: ([Inline]) throws -> [Inline]
    ) rethrows -> Block {
        var copy = self
        switch kind {
        case .heading(let level, let content):
            copy.kind = .heading(level: level, content: try inlines(content))
        case .paragraph(let content):
            copy.kind = .paragraph(try inlines(content))
        case .blockQuote(let children):
            copy.kind = .blockQuote(try blocks(children))
        case .division(let children):
            copy.kind = .division(try blocks(children))
        case .list(let ordered, let start, let items):
            copy.kind = .list(ordered: ordered, start: start, items: try items.map(blocks))
        case .table(var table):
            table.caption = try blocks(table.caption)
            func mapRows(_ rows: [TableRow]) throws -> [TableRow] {
                try rows.map { row in
                    var row = row
                    row.cells = try row.cells.map { cell in
                        var cell = cell
                        cell.blocks = try blocks(cell.blocks)
                        return cell
                    }
                    return row
                }
            }
            table.head = try mapRows(table.head)
            table.body = try mapRows(table.body)
            copy.kind = .table(table)
        case .figure(var image, let caption):
            image.description = try inlines(image.description)
            copy.kind = .figure(image: image, caption: try blocks(caption))
        case .codeBlock, .thematicBreak, .raw:
            break
        }
        return copy
    }
}
