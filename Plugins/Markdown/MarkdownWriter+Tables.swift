import DocumentModel

extension MarkdownWriter {
    /// A GFM pipe table when it can hold the table, else an HTML `<table>` whose cells hold
    /// Markdown (each between blank lines, which CommonMark reads inside HTML blocks).
    ///
    /// - Parameter direction: the table block's direction, if it has one, for column alignment.
    mutating func table(_ table: Table, direction: TextDirection?) -> [Chunk] {
        let rows = table.head + table.body
        let columns = rows.map { $0.cells.reduce(0) { $0 + max(1, $1.columnSpan) } }.max() ?? 0
        if columns == 0 { return chunks(table.caption) }
        if let problem = pipeTableProblem(table) {
            report.htmlTables[problem, default: 0] += 1
            return [htmlTable(table)]
        }
        // GFM has no captions: the caption follows the table, as a figure's follows its image.
        let rightToLeft = (direction ?? self.direction) == .rightToLeft
        return [pipeTable(table, columns: columns, rightToLeft: rightToLeft)] + chunks(table.caption)
    }

    /// Why a pipe table cannot hold `table`, or nil when it can.
    private func pipeTableProblem(_ table: Table) -> String? {
        if flavor == .commonmark { return "CommonMark has no tables (-O flavor=gfm writes pipe tables)" }
        if table.head.count > 1 { return "a GFM table has one header row" }
        let cells = (table.head + table.body).flatMap(\.cells)
        if cells.contains(where: { $0.rowSpan > 1 || $0.columnSpan > 1 }) { return "GFM tables cannot span rows or columns" }
        let plain = cells.allSatisfy { cell in
            if cell.blocks.isEmpty { return true }
            if cell.blocks.count == 1, case .paragraph = cell.blocks[0].kind { return true }
            return false
        }
        return plain ? nil : "a GFM table cell holds one paragraph, not other blocks"
    }

    private mutating func pipeTable(_ table: Table, columns: Int, rightToLeft: Bool) -> Chunk {
        func row(_ cells: [TableCell]) -> String {
            var texts: [String] = []
            for cell in cells {
                if case .paragraph(let content)? = cell.blocks.first?.kind {
                    texts.append(inlines(content, mode: .tableCell))
                } else {
                    texts.append("")
                }
            }
            texts += Array(repeating: "", count: columns - texts.count)
            return "| " + texts.joined(separator: " | ") + " |"
        }
        var lines = [row(table.head.first?.cells ?? [])]
        var delimiters: [String] = []
        for column in 0..<columns {
            var alignment = table.head.first.flatMap { column < $0.cells.count ? $0.cells[column].alignment : nil }
            if alignment == nil {
                let given = Set(table.body.compactMap { column < $0.cells.count ? $0.cells[column].alignment : nil })
                if given.count == 1 { alignment = given.first }
            }
            // GFM alignment is physical (left, right); warraq's is logical (start, end).
            switch alignment {
            case nil: delimiters.append("---")
            case .center?: delimiters.append(":---:")
            case .start?: delimiters.append(rightToLeft ? "---:" : ":---")
            case .end?: delimiters.append(rightToLeft ? ":---" : "---:")
            }
        }
        lines.append("| " + delimiters.joined(separator: " | ") + " |")
        for body in table.body { lines.append(row(body.cells)) }
        return Chunk(lines: lines, kind: .other)
    }

    private mutating func htmlTable(_ table: Table) -> Chunk {
        var lines = ["<table>"]
        let caption = joined(chunks(table.caption), tight: false)
        if !caption.isEmpty { lines += ["<caption>", ""] + caption + ["", "</caption>"] }
        for (tag, rows) in [("thead", table.head), ("tbody", table.body)] where !rows.isEmpty {
            lines.append("<\(tag)>")
            for row in rows {
                lines.append("<tr>")
                for cell in row.cells {
                    let name = cell.isHeader ? "th" : "td"
                    var open = "<" + name
                    if cell.rowSpan > 1 { open += " rowspan=\"\(cell.rowSpan)\"" }
                    if cell.columnSpan > 1 { open += " colspan=\"\(cell.columnSpan)\"" }
                    if let alignment = cell.alignment { open += " style=\"text-align: \(alignment.rawValue)\"" }
                    open += ">"
                    let content = joined(chunks(cell.blocks), tight: false)
                    if content.isEmpty {
                        lines.append(open + "</\(name)>")
                    } else {
                        lines += [open, ""] + content + ["", "</\(name)>"]
                    }
                }
                lines.append("</tr>")
            }
            lines.append("</\(tag)>")
        }
        lines.append("</table>")
        return Chunk(lines: lines, kind: .several)
    }
}
