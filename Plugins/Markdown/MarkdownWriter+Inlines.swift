import DocumentModel

extension MarkdownWriter {
    /// Where inlines are written: a paragraph may span lines; a heading and a pipe-table cell
    /// are one line (soft breaks become spaces, line breaks `<br>`).
    enum InlineMode: Equatable { case paragraph, heading, tableCell }

    /// One piece of a run of inlines, before text is escaped and wrappers choose their form.
    enum Token {
        /// Text, escaped when written.
        case text(String)
        /// Markdown or HTML, written as it is.
        case markup(String)
        /// The content of a code span; code spans side by side are merged, since their
        /// backtick runs would run together.
        case code(String)
        case softBreak
        case lineBreak
        /// The start and end of wrapper number `n` (emphasis, strong, …).
        case open(Int)
        case close(Int)

        var isBreak: Bool {
            switch self {
            case .softBreak, .lineBreak: true
            default: false
            }
        }
    }

    /// Emphasis, strong, strikeout, superscript or subscript: written with its Markdown
    /// delimiter when CommonMark will read it back as the same thing, else as HTML tags.
    struct Wrapper {
        /// The HTML element (`em`, `strong`, `del`, `sup`, `sub`).
        var tag: String
        /// The Markdown delimiter (`*`, `**`, `~~`), or nil when there is none in this flavor.
        var delimiter: String?
        /// The choice: true for the delimiter, false for HTML, nil while undecided.
        var markdown: Bool?
    }

    /// The Markdown of a run of inlines: one line for headings and cells, lines separated by
    /// `\n` for a paragraph; empty when nothing visible is left.
    mutating func inlines(_ content: [Inline], mode: InlineMode) -> String {
        var tokens: [Token] = []
        var wrappers: [Wrapper] = []
        flatten(content, mode: mode, inLink: false, tokens: &tokens, wrappers: &wrappers)
        if mode != .paragraph {
            tokens = tokens.map { if case .softBreak = $0 { .text(" ") } else { $0 } }
        }
        tokens = Self.liftingWhitespace(Self.mergingText(tokens))
        tokens = Self.mergingText(Self.normalizingLines(Self.mergingText(tokens)))
        if mode != .paragraph {
            tokens = tokens.map { if case .lineBreak = $0 { .markup("<br>") } else { $0 } }
        }
        return render(tokens, wrappers: &wrappers, mode: mode)
    }

    // MARK: - Flattening

    private mutating func flatten(
        _ inlines: [Inline], mode: InlineMode, inLink: Bool, tokens: inout [Token], wrappers: inout [Wrapper]
    ) {
        func markup(_ string: String) -> Token {
            // In a pipe table every `|` must be escaped, even inside code and URLs.
            if mode == .tableCell { return .markup(string.replacing("|", with: "\\|")) }
            return .markup(string)
        }
        func wrap(_ wrapper: Wrapper, _ children: [Inline]) {
            var wrapper = wrapper
            if wrapper.delimiter == nil { wrapper.markdown = false }
            let n = wrappers.count
            wrappers.append(wrapper)
            tokens.append(.open(n))
            flatten(children, mode: mode, inLink: inLink, tokens: &tokens, wrappers: &wrappers)
            tokens.append(.close(n))
        }
        for inline in inlines {
            switch inline.kind {
            case .text(let string):
                for (i, part) in clean(string).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    if i > 0 { tokens.append(.softBreak) }
                    if !part.isEmpty { tokens.append(.text(String(part))) }
                }
            case .softBreak:
                tokens.append(.softBreak)
            case .lineBreak:
                tokens.append(.lineBreak)
            case .emphasis(let children):
                wrap(Wrapper(tag: "em", delimiter: "*"), children)
            case .strong(let children):
                wrap(Wrapper(tag: "strong", delimiter: "**"), children)
            case .strikeout(let children):
                if flavor == .commonmark { report.strikeoutsAsHTML += 1 }
                wrap(Wrapper(tag: "del", delimiter: flavor == .gfm ? "~~" : nil), children)
            case .superscript(let children):
                wrap(Wrapper(tag: "sup"), children)
            case .subscript(let children):
                wrap(Wrapper(tag: "sub"), children)
            case .code(let code):
                let oneLine = String(String.UnicodeScalarView(clean(code).unicodeScalars.map { $0 == "\n" ? " " : $0 }))
                if !oneLine.isEmpty { tokens.append(.code(oneLine)) }
            case .link(let link, let children):
                if inLink {
                    report.linksInLinks += 1
                    flatten(children, mode: mode, inLink: true, tokens: &tokens, wrappers: &wrappers)
                } else {
                    tokens.append(.markup("["))
                    flatten(children, mode: mode, inLink: true, tokens: &tokens, wrappers: &wrappers)
                    tokens.append(markup("](" + target(link.target, link.title) + ")"))
                }
            case .image(let image):
                tokens.append(.markup("!["))
                flatten(image.description, mode: mode, inLink: inLink, tokens: &tokens, wrappers: &wrappers)
                tokens.append(markup("](" + target(image.source, image.title) + ")"))
            case .quoted(let kind, let children):
                tokens.append(.text(kind == .double ? "\u{201C}" : "\u{2018}"))
                flatten(children, mode: mode, inLink: inLink, tokens: &tokens, wrappers: &wrappers)
                tokens.append(.text(kind == .double ? "\u{201D}" : "\u{2019}"))
            case .span(let children):
                flatten(children, mode: mode, inLink: inLink, tokens: &tokens, wrappers: &wrappers)
            case .entity(let entity, let children):
                guard entities == .spans else {
                    flatten(children, mode: mode, inLink: inLink, tokens: &tokens, wrappers: &wrappers)
                    break
                }
                let start = tokens.count
                tokens.append(.markup("["))
                flatten(children, mode: mode, inLink: inLink, tokens: &tokens, wrappers: &wrappers)
                let written = tokens[(start + 1)...].contains { token in
                    switch token {
                    case .open, .close: false
                    default: true
                    }
                }
                if !written {
                    tokens.removeSubrange(start...)
                } else {
                    tokens.append(.markup("]{." + Self.className(entity.kind) + "}"))
                }
            case .raw(let format, let text):
                switch format.lowercased() {
                case "markdown", "html":
                    var raw = clean(text)
                    if mode != .paragraph { raw = String(String.UnicodeScalarView(raw.unicodeScalars.map { $0 == "\n" ? " " : $0 })) }
                    if !raw.isEmpty { tokens.append(markup(raw)) }
                default:
                    report.droppedRaw[format, default: 0] += 1
                }
            }
        }
    }

    /// `(destination "title")` without the parentheses.
    private mutating func target(_ url: String, _ title: String?) -> String {
        var result = MarkdownEscaping.destination(url)
        if let title { result += " " + MarkdownEscaping.title(clean(title)) }
        return result
    }

    /// An entity kind as a class name for pandoc's `{.kind}`: letters, digits and `-`.
    static func className(_ kind: EntityKind) -> String {
        let scalars = kind.rawValue.unicodeScalars.map { c -> Unicode.Scalar in
            c == "-" || c.properties.isAlphabetic || c.properties.numericType != nil ? c : "-"
        }
        return scalars.isEmpty ? "entity" : String(String.UnicodeScalarView(scalars))
    }

    // MARK: - Whitespace and lines

    /// Merges text with text and code with code.
    static func mergingText(_ tokens: [Token]) -> [Token] {
        var result: [Token] = []
        result.reserveCapacity(tokens.count)
        for token in tokens {
            if case .text(let next) = token, case .text(let previous)? = result.last {
                result[result.count - 1] = .text(previous + next)
            } else if case .code(let next) = token, case .code(let previous)? = result.last {
                result[result.count - 1] = .code(previous + next)
            } else {
                result.append(token)
            }
        }
        return result
    }

    /// Moves white space and breaks at the edges of a wrapper's content outside it (CommonMark
    /// does not read `* a*` as emphasis) and drops wrappers left with nothing inside.
    static func liftingWhitespace(_ tokens: [Token]) -> [Token] {
        var out: [Token] = []
        out.reserveCapacity(tokens.count)
        for token in tokens {
            switch token {
            case .close(let n):
                var moved: [Token] = []
                while let last = out.last {
                    if last.isBreak {
                        moved.insert(out.removeLast(), at: 0)
                    } else if case .text(let text) = last, let (head, tail) = splitTrailingWhitespace(text) {
                        out.removeLast()
                        moved.insert(.text(tail), at: 0)
                        if !head.isEmpty {
                            out.append(.text(head))
                            break
                        }
                    } else {
                        break
                    }
                }
                if case .open(n)? = out.last {
                    out.removeLast()
                } else {
                    out.append(.close(n))
                }
                out += moved
            case .text(let text):
                guard case .open? = out.last, let (head, tail) = splitLeadingWhitespace(text) else {
                    out.append(token)
                    break
                }
                insertBeforeOpenings(.text(head), in: &out)
                if !tail.isEmpty { out.append(.text(tail)) }
            case .softBreak, .lineBreak:
                if case .open? = out.last {
                    insertBeforeOpenings(token, in: &out)
                } else {
                    out.append(token)
                }
            case .markup, .code, .open:
                out.append(token)
            }
        }
        return out
    }

    private static func insertBeforeOpenings(_ token: Token, in out: inout [Token]) {
        var index = out.count
        while index > 0, case .open = out[index - 1] { index -= 1 }
        out.insert(token, at: index)
    }

    /// Unicode white space, as CommonMark's flanking rules see it.
    private static func isWhitespace(_ c: Unicode.Scalar) -> Bool { FlankingClass(c) == .whitespace }

    /// The leading white space and the rest, or nil when there is none.
    private static func splitLeadingWhitespace(_ text: String) -> (String, String)? {
        let scalars = text.unicodeScalars
        let end = scalars.firstIndex(where: { !isWhitespace($0) }) ?? scalars.endIndex
        guard end != scalars.startIndex else { return nil }
        return (String(scalars[..<end]), String(scalars[end...]))
    }

    /// The text before its trailing white space and that white space, or nil when there is none.
    private static func splitTrailingWhitespace(_ text: String) -> (String, String)? {
        let scalars = text.unicodeScalars
        let start = scalars.lastIndex(where: { !isWhitespace($0) }).map { scalars.index(after: $0) } ?? scalars.startIndex
        guard start != scalars.endIndex else { return nil }
        return (String(scalars[..<start]), String(scalars[start...]))
    }

    /// Drops spaces and tabs at the start and end of each line (CommonMark would strip them,
    /// or read them as indentation or a hard break), runs of breaks that would leave a blank
    /// line (keeping forced line breaks), and breaks at either end.
    static func normalizingLines(_ tokens: [Token]) -> [Token] {
        var tokens = tokens
        while true {
            var changed = false
            var trimmed: [Token] = []
            trimmed.reserveCapacity(tokens.count)
            for (i, token) in tokens.enumerated() {
                guard case .text(let text) = token else {
                    trimmed.append(token)
                    continue
                }
                let atStart = i == 0 || tokens[i - 1].isBreak
                let atEnd = i == tokens.count - 1 || tokens[i + 1].isBreak
                var scalars = Substring(text).unicodeScalars[...]
                if atStart { while let c = scalars.first, c == " " || c == "\t" { scalars.removeFirst() } }
                if atEnd { while let c = scalars.last, c == " " || c == "\t" { scalars.removeLast() } }
                if scalars.count != text.unicodeScalars.count { changed = true }
                if !scalars.isEmpty { trimmed.append(.text(String(scalars))) }
            }
            var collapsed: [Token] = []
            collapsed.reserveCapacity(trimmed.count)
            var i = 0
            while i < trimmed.count {
                guard trimmed[i].isBreak else {
                    collapsed.append(trimmed[i])
                    i += 1
                    continue
                }
                var run: [Token] = []
                while i < trimmed.count, trimmed[i].isBreak {
                    run.append(trimmed[i])
                    i += 1
                }
                let hard = run.filter { if case .lineBreak = $0 { true } else { false } }
                let kept = hard.isEmpty ? [Token.softBreak] : hard
                if kept.count != run.count { changed = true }
                // Breaks at either end show nothing; CommonMark reads a trailing `\` as text.
                if collapsed.isEmpty || i == trimmed.count {
                    changed = true
                } else {
                    collapsed += kept
                }
            }
            tokens = collapsed
            if !changed { return tokens }
        }
    }

    // MARK: - Writing

    /// Escapes the text, chooses each wrapper's form and joins the pieces.
    private func render(_ tokens: [Token], wrappers: inout [Wrapper], mode: InlineMode) -> String {
        // Text and code first: how text is escaped depends on the line, not on the wrappers.
        var texts: [String?] = Array(repeating: nil, count: tokens.count)
        for (i, token) in tokens.enumerated() {
            if case .code(let code) = token {
                let span = MarkdownEscaping.codeSpan(code)!
                // In a pipe table every `|` must be escaped, even inside code.
                texts[i] = mode == .tableCell ? span.replacing("|", with: "\\|") : span
                continue
            }
            guard case .text(let text) = token else { continue }
            var atLineStart = i == 0 || tokens[i - 1].isBreak
            if i > 0, case .markup(let previous) = tokens[i - 1], previous.hasSuffix("\n") { atLineStart = true }
            var next: Unicode.Scalar?
            if i + 1 < tokens.count, case .markup(let following) = tokens[i + 1] { next = following.unicodeScalars.first }
            texts[i] = MarkdownEscaping.text(
                text, .init(gfm: flavor == .gfm || mode == .tableCell, atLineStart: atLineStart, inHeading: mode == .heading, next: next))
        }

        /// The token as it is written, an undecided wrapper as its HTML tag.
        func written(_ i: Int) -> String {
            switch tokens[i] {
            case .text, .code: return texts[i]!
            case .markup(let s): return s
            case .softBreak: return "\n"
            case .lineBreak: return "\\\n"
            case .open(let n): return wrappers[n].markdown == true ? wrappers[n].delimiter! : "<" + wrappers[n].tag + ">"
            case .close(let n): return wrappers[n].markdown == true ? wrappers[n].delimiter! : "</" + wrappers[n].tag + ">"
            }
        }
        // With its strikethrough extension, cmark-gfm looks past `~` for the characters that
        // decide flanking; plain CommonMark does not. The choice must hold for both readings.
        func before(_ i: Int, skipping: Unicode.Scalar?) -> FlankingClass {
            var j = i - 1
            while j >= 0 {
                if let c = written(j).unicodeScalars.reversed().first(where: { $0 != skipping }) { return FlankingClass(c) }
                j -= 1
            }
            return .whitespace
        }
        func after(_ i: Int, skipping: Unicode.Scalar?) -> FlankingClass {
            var j = i + 1
            while j < tokens.count {
                if let c = written(j).unicodeScalars.first(where: { $0 != skipping }) { return FlankingClass(c) }
                j += 1
            }
            return .whitespace
        }
        func canOpen(_ i: Int) -> Bool {
            [nil, "~"].allSatisfy { skip in FlankingClass.leftFlanking(before(i, skipping: skip), after(i, skipping: skip)) }
        }
        func canClose(_ i: Int) -> Bool {
            [nil, "~"].allSatisfy { skip in FlankingClass.rightFlanking(before(i, skipping: skip), after(i, skipping: skip)) }
        }
        func mightClose(_ i: Int) -> Bool {
            [nil, "~"].contains { skip in FlankingClass.mightBeRightFlanking(before(i, skipping: skip), after(i, skipping: skip)) }
        }
        /// Whether token `i` is a delimiter already written in Markdown of `family` (or of any
        /// family, for `~`).
        func touchesDelimiter(_ i: Int, _ family: Unicode.Scalar) -> Bool {
            guard i >= 0 && i < tokens.count else { return false }
            switch tokens[i] {
            case .open(let n), .close(let n):
                // A `~~` beside a decided `*` would change what that `*` sees past the tildes.
                return wrappers[n].markdown == true && (family == "~" || wrappers[n].delimiter!.unicodeScalars.first == family)
            default:
                return false
            }
        }

        var closeAt = Array(repeating: -1, count: wrappers.count)
        for (i, token) in tokens.enumerated() { if case .close(let n) = token { closeAt[n] = i } }

        // Decide wrappers outermost and leftmost first. One still undecided counts as HTML
        // (`<`, `>`: punctuation, like a delimiter), and one that touches a delimiter run of its
        // own character takes HTML, so later choices cannot undo earlier ones.
        var openMarkdown: [Unicode.Scalar: Int] = [:]
        for (i, token) in tokens.enumerated() {
            switch token {
            case .open(let n):
                if wrappers[n].markdown == nil, let delimiter = wrappers[n].delimiter {
                    let family = delimiter.unicodeScalars.first!
                    let c = closeAt[n]
                    var ok = !touchesDelimiter(i - 1, family) && !touchesDelimiter(i + 1, family)
                        && !touchesDelimiter(c - 1, family) && !touchesDelimiter(c + 1, family)
                    ok = ok && canOpen(i) && canClose(c)
                    // An opening run that could also close would close an enclosing one of its kind.
                    if ok && openMarkdown[family, default: 0] > 0 && mightClose(i) { ok = false }
                    wrappers[n].markdown = ok
                }
                if wrappers[n].markdown == true { openMarkdown[wrappers[n].delimiter!.unicodeScalars.first!, default: 0] += 1 }
            case .close(let n):
                if wrappers[n].markdown == true { openMarkdown[wrappers[n].delimiter!.unicodeScalars.first!]! -= 1 }
            default:
                break
            }
        }

        var out = ""
        for (i, token) in tokens.enumerated() {
            switch token {
            case .text, .code: out += texts[i]!
            case .markup(let s): out += s
            case .softBreak: out += "\n"
            case .lineBreak: out += "\\\n"
            case .open(let n): out += wrappers[n].markdown == true ? wrappers[n].delimiter! : "<" + wrappers[n].tag + ">"
            case .close(let n): out += wrappers[n].markdown == true ? wrappers[n].delimiter! : "</" + wrappers[n].tag + ">"
            }
        }
        return out
    }
}
