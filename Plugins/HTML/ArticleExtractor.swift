/// Finds a page's story and leaves out the rest (navigation, header and footer, sidebars,
/// related-article lists, share bars, comments, cookie and modal widgets, ads), in the manner
/// of Mozilla's Readability: paragraphs of text score their ancestors, the best-scoring
/// container wins, its siblings join when they score well or read as story paragraphs, and
/// what remains is cleaned by class and id vocabulary, link density and the shape of its
/// content. Works on the ``HTMLTree`` only.
struct ArticleExtractor {
    let tree: HTMLTree
    /// The article's title, to drop a heading that repeats it.
    var title: String?

    /// What was found: the nodes that make the story, in order, and the nodes inside them to
    /// leave out.
    struct Result {
        var roots: [Int]
        var removed: [Bool]
        /// The byline's text, when an element read as one (and was left out of the story).
        var byline: String?
        var textLength: Int
    }

    /// The passes, from the strictest; a pass that keeps too little text (under 500
    /// characters) is retried with the next, and the longest result is kept.
    struct Flags {
        var stripUnlikely = true
        var weightClasses = true
        var cleanConditionally = true
    }

    static let minimumText = 500

    /// What each element's class and id say, worked out once for every pass.
    struct Vocabulary {
        var unlikely: [Bool]
        var weight: [Int]
        var byline: [Bool]
        var share: [Bool]
        var dateline: [Bool]

        init(_ tree: HTMLTree) {
            let n = tree.nodes.count
            unlikely = [Bool](repeating: false, count: n)
            weight = [Int](repeating: 0, count: n)
            byline = [Bool](repeating: false, count: n)
            share = [Bool](repeating: false, count: n)
            dateline = [Bool](repeating: false, count: n)
            var match: [UInt8] = []
            match.reserveCapacity(256)
            for i in 0..<n where tree.nodes[i].kind == .element && !tree.nodes[i].attributes.isEmpty {
                // The attributes read here, in one pass over them.
                var cls = "", id = ""
                for (name, value) in tree.nodes[i].attributes {
                    switch name.utf8.count {
                    case 2 where name == "id": id = value
                    case 3 where name == "rel": if value == "author" { byline[i] = true }
                    case 5 where name == "class": cls = value
                    case 8 where name == "itemprop":
                        if value.holdsBytes("articleBody") { weight[i] += 25 }
                        if value.lowercased().holdsBytes("author") { byline[i] = true }
                    default: break
                    }
                }
                guard !cls.isEmpty || !id.isEmpty else { continue }
                // Class names are almost always ASCII: then lowercasing, and the words the
                // tests below look for, are plain byte work; other names go through String.
                let ascii = cls.utf8.allSatisfy { $0 < 0x80 } && id.utf8.allSatisfy { $0 < 0x80 }
                // The class, a space and the id, lowercase, in one array.
                // One array for every element, its room kept.
                match.removeAll(keepingCapacity: true)
                func appendLowered(_ s: String) {
                    if !ascii {
                        match.append(contentsOf: s.lowercased().utf8)
                        return
                    }
                    // Copied whole, then lowercased in place.
                    let start = match.count
                    match.append(contentsOf: s.utf8)
                    match.withUnsafeMutableBufferPointer { m in
                        for k in start..<m.count where m[k] >= 0x41 && m[k] <= 0x5A { m[k] += 32 }
                    }
                }
                appendLowered(cls)
                let split = match.count
                match.append(0x20)
                appendLowered(id)
                // Every word list in one pass: which occur in the class and id together,
                // which in the class alone and which in the id alone.
                let found = ArticleExtractor.vocabularyNeedles.find(in: match, split: split)
                unlikely[i] = found.whole.contains(.unlikely) && !found.whole.contains(.maybe)
                func weigh(_ value: String, _ bytes: ArraySlice<UInt8>, _ lists: WordLists) {
                    guard !value.isEmpty else { return }
                    let hid = ascii ? ArticleExtractor.hasWord(bytes, "hid", separators: [0x20]) : value.lowercased().split(separator: " ").contains("hid")
                    if lists.contains(.negative) || hid {
                        weight[i] -= 25
                    }
                    if lists.contains(.positive) { weight[i] += 25 }
                }
                weigh(cls, match[..<split], found.first)
                weigh(id, match[(split + 1)...], found.second)
                if found.whole.contains(.byline) { byline[i] = true }
                if ascii {
                    share[i] = ArticleExtractor.hasWord(match, "share", separators: [0x20, 0x2D, 0x5F])
                        || ArticleExtractor.hasWord(match, "sharedaddy", separators: [0x20, 0x2D, 0x5F])
                    dateline[i] = ArticleExtractor.isDateline(bytes: match)
                } else {
                    let text = String(decoding: match, as: UTF8.self)
                    share[i] = ArticleExtractor.isShare(text)
                    dateline[i] = ArticleExtractor.isDateline(text)
                }
            }
        }
    }

    /// True when `bytes` (ASCII) holds `word` as a whole word: between separators (those
    /// given, or with `lettersOnly` everything but ASCII letters) or the ends.
    static func hasWord(_ bytes: [UInt8], _ word: StaticString, separators: [UInt8] = [], lettersOnly: Bool = false) -> Bool {
        hasWord(bytes[...], word, separators: separators, lettersOnly: lettersOnly)
    }

    static func hasWord(_ bytes: ArraySlice<UInt8>, _ word: StaticString, separators: [UInt8] = [], lettersOnly: Bool = false) -> Bool {
        word.withUTF8Buffer { w in
            func isSeparator(_ b: UInt8) -> Bool {
                lettersOnly ? !((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) : separators.contains(b)
            }
            var start = bytes.startIndex
            let n = bytes.endIndex
            while start <= n {
                var end = start
                while end < n && !isSeparator(bytes[end]) { end += 1 }
                if end - start == w.count && bytes[start..<end].elementsEqual(w) { return true }
                start = end + 1
            }
            return false
        }
    }

    /// The words of ``isDateline(_:)``.
    static let datelineWords: [StaticString] = ["date", "time", "timestamp", "pubdate", "dateline", "published", "updated", "datetime"]

    /// ``datelineWords`` as strings, for class names that are not ASCII.
    static let datelineWordSet = Set(datelineWords.map(\.description))

    /// The shortest and longest of ``datelineWords``: a word of another length is none of them.
    static let datelineWordLengths: ClosedRange<Int> =
        datelineWords.map(\.utf8CodeUnitCount).min()!...datelineWords.map(\.utf8CodeUnitCount).max()!

    /// The word lists the vocabulary looks for in class names and ids.
    struct WordLists: OptionSet {
        let rawValue: UInt8
        static let unlikely = WordLists(rawValue: 1), maybe = WordLists(rawValue: 2), byline = WordLists(rawValue: 4)
        static let negative = WordLists(rawValue: 8), positive = WordLists(rawValue: 16)
    }

    /// Lowercase byte strings of several lists, to find which lists have a word in a text in
    /// one pass over it: an Aho–Corasick automaton, one table step a byte.
    struct Needles {
        /// The class of each byte: its own for a byte some word holds, 0 for the others.
        private var classOf = [UInt8](repeating: 0, count: 256)
        private var classes = 1
        /// The next state of each state for each class, state by state.
        private var next: [Int32] = []
        /// The lists with a word that ends at each state.
        private var found: [WordLists] = []

        init(_ lists: [(words: [String], list: WordLists)]) {
            let words = lists.flatMap { entry in entry.words.filter { !$0.isEmpty }.map { (Array($0.utf8), entry.list) } }
            for (bytes, _) in words {
                // A word never holds the separator between class and id (see `find`).
                precondition(!bytes.contains(0x20), "a word of the vocabulary holds a space")
                for b in bytes where classOf[Int(b)] == 0 {
                    classOf[Int(b)] = UInt8(classes)
                    classes += 1
                }
            }
            // The trie of the words.
            var children: [[Int32]] = [[Int32](repeating: -1, count: classes)]
            found = [WordLists()]
            for (bytes, list) in words {
                var state = 0
                for b in bytes {
                    let c = Int(classOf[Int(b)])
                    if children[state][c] < 0 {
                        children[state][c] = Int32(children.count)
                        children.append([Int32](repeating: -1, count: classes))
                        found.append(WordLists())
                    }
                    state = Int(children[state][c])
                }
                found[state].insert(list)
            }
            // Failure links, breadth first, folded into the table; each state finds what the
            // states it falls back to find.
            var fail = [Int](repeating: 0, count: children.count)
            var queue: [Int] = []
            for c in 0..<classes {
                if children[0][c] >= 0 { queue.append(Int(children[0][c])) } else { children[0][c] = 0 }
            }
            var head = 0
            while head < queue.count {
                let state = queue[head]
                head += 1
                found[state].formUnion(found[fail[state]])
                for c in 0..<classes {
                    let child = children[state][c]
                    if child >= 0 {
                        fail[Int(child)] = Int(children[fail[state]][c])
                        queue.append(Int(child))
                    } else {
                        children[state][c] = children[fail[state]][c]
                    }
                }
            }
            next = children.flatMap { $0 }
        }

        /// The lists with a word in `haystack`, and those with a word inside its first `split`
        /// bytes, and inside the rest after the byte at `split` (a separator: no word holds
        /// it, so no word found crosses it).
        func find(in haystack: [UInt8], split: Int) -> (whole: WordLists, first: WordLists, second: WordLists) {
            var whole = WordLists(), first = WordLists(), second = WordLists()
            haystack.withUnsafeBufferPointer { h in
                classOf.withUnsafeBufferPointer { classOf in
                    next.withUnsafeBufferPointer { next in
                        found.withUnsafeBufferPointer { found in
                            var state = 0
                            for i in 0..<h.count {
                                state = Int(next[state &* classes &+ Int(classOf[Int(h[i])])])
                                let lists = found[state]
                                guard !lists.isEmpty else { continue }
                                whole.formUnion(lists)
                                if i < split { first.formUnion(lists) } else if i > split { second.formUnion(lists) }
                            }
                        }
                    }
                }
            }
            return (whole, first, second)
        }
    }

    static let vocabularyNeedles = Needles([
        (unlikelyWords, .unlikely), (maybeWords, .maybe), (bylineWords, .byline), (negativeWords, .negative), (positiveWords, .positive),
    ])


    func extract() -> Result {
        let vocabulary = Vocabulary(tree)
        let ownText = Measures.ownText(tree)
        var dataTables = [Bool](repeating: false, count: tree.nodes.count)
        for i in tree.nodes.indices where tree.nodes[i].name == "table" { dataTables[i] = isDataTable(i) }
        var flags = Flags()
        var attempts: [Result] = []
        for pass in 0..<4 {
            let result = attempt(flags, dataTables: dataTables, vocabulary: vocabulary, ownText: ownText)
            if result.textLength >= Self.minimumText { return result }
            attempts.append(result)
            switch pass {
            case 0: flags.stripUnlikely = false
            case 1: flags.weightClasses = false
            case 2: flags.cleanConditionally = false
            default: break
            }
        }
        return attempts.max(by: { $0.textLength < $1.textLength })!
    }

    // MARK: - Per-node measures

    private func attempt(_ flags: Flags, dataTables: [Bool], vocabulary: Vocabulary, ownText: [(length: Int, commas: Int)]) -> Result {
        let nodes = tree.nodes
        let count = nodes.count
        var removed = [Bool](repeating: false, count: count)
        var byline: String? = nil
        var removeTitleHeading = title != nil
        guard let body = tree.first("body") else {
            return Result(roots: [], removed: removed, byline: nil, textLength: 0)
        }

        // 1. Leave out what is never story: hidden elements, scripts, unlikely candidates.
        var insideRemoved = [Bool](repeating: false, count: count)
        // The body's descendants, in document order, come right after it.
        let bodyEnd = tree.subtreeEnd(body)
        for i in 1..<count {
            let node = nodes[i]
            if insideRemoved[node.parent] || removed[node.parent] { insideRemoved[i] = true; continue }
            guard node.kind == .element else { continue }
            let name = node.name
            if node.is(.invisible) || !isProbablyVisible(node) {
                removed[i] = true
                continue
            }
            if node.attribute("aria-modal") == "true" && node.attribute("role") == "dialog" { removed[i] = true; continue }
            if i < body || i >= bodyEnd { continue }
            if byline == nil, vocabulary.byline[i] {
                let text = tree.text(of: i, limit: 100)
                if !text.isEmpty && text.count < 100 {
                    byline = text
                    removed[i] = true
                    continue
                }
            }
            if removeTitleHeading, name == "h1" || name == "h2", let title,
                Self.similarity(title, tree.text(of: i, limit: 1000)) > 0.75
            {
                removed[i] = true
                removeTitleHeading = false
                continue
            }
            if flags.stripUnlikely {
                if name != "body" && name != "a" && name != "article" && name != "main"
                    && vocabulary.unlikely[i] && !tree.hasAncestor(i, named: "table") && !tree.hasAncestor(i, named: "code")
                {
                    removed[i] = true
                    continue
                }
                if let role = node.attribute("role")?.lowercased(), Self.unlikelyRoles.contains(role) {
                    removed[i] = true
                    continue
                }
                if Self.boilerplateElements.contains(name) {
                    removed[i] = true
                    continue
                }
            }
        }
        for i in 0..<count where insideRemoved[i] { removed[i] = true }

        // 2. Measures, bottom up: text length, link text, commas, element children.
        var measures = Measures(tree: tree, removed: removed, dataTables: dataTables, ownText: ownText)

        // Elements with no text and no images go.
        for i in body..<count where !removed[i] && nodes[i].kind == .element && nodes[i].flags.contains(.goesWhenEmpty) {
            if measures.textLength[i] == 0 && !measures.hasMedia[i] { removed[i] = true }
        }

        // 3. Score paragraphs into their ancestors.
        var score = [Double](repeating: 0, count: count)
        var initialized = [Bool](repeating: false, count: count)
        var candidates: [Int] = []
        func initialize(_ i: Int) {
            guard !initialized[i] else { return }
            initialized[i] = true
            candidates.append(i)
            var s = 0.0
            switch nodes[i].name {
            case "div", "article": s = 5
            case "pre", "td", "blockquote": s = 3
            case "address", "ol", "ul", "dl", "dd", "dt", "li", "form": s = -3
            case "h1", "h2", "h3", "h4", "h5", "h6", "th": s = -5
            default: break
            }
            if flags.weightClasses { s += Double(vocabulary.weight[i]) }
            score[i] = s
        }
        func addScore(from start: Int, textLength: Int, commas: Int, startLevel: Int) {
            guard textLength >= 25 else { return }
            let contentScore = 1.0 + Double(commas) + Double(min(textLength / 100, 3))
            var ancestor = start
            var level = startLevel
            while ancestor > 0 && level < 5 {
                guard nodes[ancestor].kind == .element, nodes[ancestor].parent >= 0 else { break }
                if nodes[ancestor].name == "html" { break }
                initialize(ancestor)
                let divider = level == 0 ? 1.0 : level == 1 ? 2.0 : Double(level) * 3
                score[ancestor] += contentScore / divider
                ancestor = nodes[ancestor].parent
                level += 1
            }
        }
        var isParagraph = [Bool](repeating: false, count: count)
        for i in body..<count where !removed[i] && nodes[i].kind == .element {
            let tag = nodes[i].flags
            var scored = tag.contains(.scored)
            if tag.contains(.div) {
                if !measures.hasBlockChild[i] {
                    scored = true
                    isParagraph[i] = true
                } else {
                    // Runs of text directly in a div with block children read as paragraphs.
                    var runLength = 0, runCommas = 0
                    for c in nodes[i].children + [-1] {
                        if c >= 0 && !removed[c] && (nodes[c].kind == .text || !nodes[c].is(.block)) {
                            runLength += measures.textLength[c]
                            runCommas += measures.commas[c]
                        } else {
                            addScore(from: i, textLength: runLength, commas: runCommas, startLevel: 0)
                            runLength = 0
                            runCommas = 0
                        }
                    }
                }
            }
            if tag.contains(.paragraph) { isParagraph[i] = true }
            if scored {
                addScore(from: nodes[i].parent, textLength: measures.textLength[i], commas: measures.commas[i], startLevel: 0)
            }
        }
        for c in candidates {
            score[c] *= 1 - measures.linkDensity(c)
        }
        let top = candidates.sorted { score[$0] > score[$1] }.prefix(5)

        // 4. The top candidate, and the container that holds its peers.
        var roots: [Int]
        if var best = top.first, best != body {
            let alternatives = top.dropFirst().filter { score[$0] / score[best] >= 0.75 }
            if alternatives.count >= 3 {
                let ancestorSets = alternatives.map { Set(ancestors(of: $0)) }
                var parent = nodes[best].parent
                while parent > 0 && parent != body {
                    if ancestorSets.filter({ $0.contains(parent) }).count >= 3 {
                        best = parent
                        break
                    }
                    parent = nodes[parent].parent
                }
            }
            initialize(best)
            var parent = nodes[best].parent
            var lastScore = score[best]
            let threshold = lastScore / 3
            while parent > 0 && parent != body && nodes[parent].name != "html" {
                if !initialized[parent] { parent = nodes[parent].parent; continue }
                if score[parent] < threshold { break }
                if score[parent] > lastScore {
                    best = parent
                    break
                }
                lastScore = score[parent]
                parent = nodes[parent].parent
            }
            parent = nodes[best].parent
            while parent > 0 && parent != body && measures.elementChildren(parent) == 1 {
                best = parent
                parent = nodes[best].parent
            }
            initialize(best)

            // 5. Siblings that belong to the story.
            let threshold2 = max(10, score[best] * 0.2)
            let bestClass = nodes[best].attribute("class") ?? ""
            roots = []
            for sibling in nodes[parent].children where !removed[sibling] && nodes[sibling].kind == .element {
                if sibling == best { roots.append(sibling); continue }
                var bonus = 0.0
                if !bestClass.isEmpty && nodes[sibling].attribute("class") == bestClass { bonus += score[best] * 0.2 }
                if initialized[sibling] && score[sibling] + bonus >= threshold2 {
                    roots.append(sibling)
                } else if isParagraph[sibling] {
                    let density = measures.linkDensity(sibling)
                    let length = measures.textLength[sibling]
                    if length > 80 && density < 0.25 {
                        roots.append(sibling)
                    } else if length < 80 && length > 0 && density == 0 && Self.hasSentenceEnd(tree.text(of: sibling)) {
                        roots.append(sibling)
                    }
                }
            }
        } else {
            roots = nodes[body].children.filter { !removed[$0] }
        }

        // 6. Clean what was chosen.
        clean(roots, &removed, &measures, flags, isParagraph: isParagraph, vocabulary: vocabulary)
        var length = 0
        for r in roots where !removed[r] { length += measures.visibleLength(r, removed) }
        return Result(roots: roots.filter { !removed[$0] }, removed: removed, byline: byline, textLength: length)
    }

    private func ancestors(of i: Int) -> [Int] {
        var out: [Int] = []
        var k = tree.nodes[i].parent
        while k > 0 {
            out.append(k)
            k = tree.nodes[k].parent
        }
        return out
    }

    // MARK: - Cleaning

    private func clean(
        _ roots: [Int], _ removed: inout [Bool], _ measures: inout Measures, _ flags: Flags, isParagraph: [Bool], vocabulary: Vocabulary
    ) {
        let nodes = tree.nodes
        var inside: [Int] = []
        for r in roots {
            tree.walk(r) { k in
                if removed[k] { return false }
                if nodes[k].kind == .element { inside.append(k) }
                return true
            }
        }
        func remove(_ k: Int) {
            removed[k] = true
        }
        // Forms, embeds, footers, asides, buttons and other widgets; share bars.
        for k in inside {
            let node = nodes[k]
            switch node.name {
            case "form", "fieldset", "object", "embed", "footer", "link", "aside", "iframe", "input", "textarea", "select",
                "button", "nav":
                if node.name == "form" || node.name == "fieldset" {
                    if flags.cleanConditionally && shouldRemoveConditionally(k, removed, &measures, flags, vocabulary) { remove(k) }
                } else {
                    remove(k)
                }
                continue
            default: break
            }
            if vocabulary.share[k] && measures.textLength[k] < 500 { remove(k); continue }
            if (node.name == "h1" || node.name == "h2") && flags.weightClasses && vocabulary.weight[k] < 0 { remove(k); continue }
        }
        measures.recompute(removed)
        // Tables, lists and divisions by the shape of their content; innermost first.
        if flags.cleanConditionally {
            for k in inside.reversed() where !removed[k] && !isRemovedAbove(k, removed) {
                // A div of text alone reads as a paragraph, not a container.
                if isParagraph[k] { continue }
                switch nodes[k].name {
                case "table", "ul", "div":
                    if shouldRemoveConditionally(k, removed, &measures, flags, vocabulary) { remove(k); measures.recompute(removed, from: k) }
                default: break
                }
            }
        }
        // Headings that announce lists of other stories ("Read also", "اقرأ أيضا"), with their list.
        for k in inside where !removed[k] && measures.textLength[k] < 250 {
            let name = nodes[k].name
            // What would be done first, and the text (which costs most) last.
            let short = measures.textLength[k] < 40 && name != "li"
            guard short || measures.linkDensity(k) > 0.3 else { continue }
            guard ["h2", "h3", "h4", "h5", "h6", "strong", "b", "p", "div", "li"].contains(name) else { continue }
            guard startsWithBoilerplateHeading(k, removed) else { continue }
            if short {
                remove(k)
                if let next = nextElementSibling(k, removed), measures.linkDensity(next) > 0.5 { remove(next) }
            } else if measures.linkDensity(k) > 0.3 {
                // "Read also: <a link to another story>" inside the story.
                remove(k)
            }
        }
        // Datelines: a short element named for a date that holds one ("Updated 30 April 2016").
        for k in inside where !removed[k] && measures.textLength[k] > 0 && measures.textLength[k] < 100 {
            guard vocabulary.dateline[k] else { continue }
            if DateParsing.iso8601(tree.text(of: k, limit: 120)) != nil { remove(k) }
        }
        // Paragraphs left empty.
        for k in inside where !removed[k] && nodes[k].name == "p" {
            if measures.textLength[k] == 0 && !measures.hasMedia[k] { remove(k) }
        }
    }

    /// True when the text of `k` (what is not removed), lowercased, starts with one of
    /// ``boilerplateHeadings``: as `text.lowercased().hasPrefix(heading)`, but only the first
    /// characters are gathered and lowercased (lowercasing maps each character on its own,
    /// so the first characters of the lowercased text are the lowercased first characters).
    func startsWithBoilerplateHeading(_ k: Int, _ removed: [Bool]) -> Bool {
        let wanted = Self.longestBoilerplateHeading
        // The text's start: more than 4 scalars a character.
        let (head, complete) = tree.textPrefix(of: k, scalars: 4 * (wanted + 1), skipping: { removed[$0] })
        // Most texts fail at their first character: a letter no heading starts with.
        guard let firstCharacter = head.first else { return false }
        let bytes = head.utf8
        let firstByte = bytes[bytes.startIndex]
        if firstByte < 0x80 && (bytes.count == 1 || bytes[bytes.index(after: bytes.startIndex)] < 0x80) {
            // An ASCII character standing alone (white space is collapsed: no CR LF pair).
            let lower = firstByte >= 0x41 && firstByte <= 0x5A ? firstByte + 32 : firstByte
            guard Self.boilerplateHeadingStarts.contains(Character(Unicode.Scalar(lower))) else { return false }
        } else if !head.dropFirst().isEmpty {
            // A character follows the first, so the first is whole.
            guard let lower = String(firstCharacter).lowercased().first, Self.boilerplateHeadingStarts.contains(lower) else { return false }
        }
        let first = head.prefix(wanted + 1)
        let text: String
        if first.count > wanted {
            // The first `wanted` characters are whole: a character follows them.
            text = String(first.dropLast()).lowercased()
        } else {
            // The whole text is shorter (or its characters are unusually long): all of it.
            text = (complete ? head : tree.text(of: k, skipping: { removed[$0] })).lowercased()
        }
        return Self.boilerplateHeadings.contains(where: { text.hasPrefix($0) })
    }

    /// The first characters of ``boilerplateHeadings``.
    static let boilerplateHeadingStarts = Set(boilerplateHeadings.compactMap(\.first))

    /// The length of the longest of ``boilerplateHeadings``, in characters.
    static let longestBoilerplateHeading = boilerplateHeadings.map(\.count).max() ?? 0

    private func isRemovedAbove(_ k: Int, _ removed: [Bool]) -> Bool {
        var p = tree.nodes[k].parent
        while p > 0 {
            if removed[p] { return true }
            p = tree.nodes[p].parent
        }
        return false
    }

    private func nextElementSibling(_ k: Int, _ removed: [Bool]) -> Int? {
        let siblings = tree.nodes[tree.nodes[k].parent].children
        guard let at = siblings.firstIndex(of: k) else { return nil }
        return siblings[(at + 1)...].first { tree.nodes[$0].kind == .element && !removed[$0] }
    }

    /// Readability's conditional cleaning: a container goes when its content is mostly links,
    /// lists, images or form fields rather than paragraphs.
    private func shouldRemoveConditionally(
        _ k: Int, _ removed: [Bool], _ measures: inout Measures, _ flags: Flags, _ vocabulary: Vocabulary
    ) -> Bool {
        let node = tree.nodes[k]
        if node.name == "table" && measures.dataTables[k] { return false }
        var ancestor = node.parent
        while ancestor > 0 {
            if tree.nodes[ancestor].name == "table" && measures.dataTables[ancestor] { return false }
            if tree.nodes[ancestor].name == "code" { return false }
            ancestor = tree.nodes[ancestor].parent
        }
        let textLength = measures.textLength[k]
        var isList = node.name == "ul" || node.name == "ol"
        let counts = measures.counts[k]
        let listText = counts.listText, headingText = counts.headingText, textishText = counts.textishText
        let embeds = counts.embeds
        let hasDataTable = counts.dataTables > 0
        if hasDataTable { return false }
        if !isList && textLength > 0 { isList = Double(listText) / Double(textLength) > 0.9 }
        let weight = flags.weightClasses ? vocabulary.weight[k] : 0
        if weight < 0 { return true }
        guard measures.commas[k] < 10 else { return false }
        let p = counts.p
        let img = counts.img
        let li = counts.li - 100
        let input = counts.input
        let headingDensity = textLength > 0 ? Double(headingText) / Double(textLength) : 0
        let linkDensity = measures.linkDensity(k)
        let textDensity = textLength > 0 ? Double(textishText) / Double(textLength) : 0
        let isFigureChild = tree.hasAncestor(k, named: "figure")
        let text = textLength > 0 && textLength < 20 ? tree.text(of: k, skipping: { removed[$0] }).lowercased() : ""
        if !text.isEmpty && Self.adWords.contains(text) { return true }
        var remove =
            (!isFigureChild && img > 1 && Double(p) / Double(img) < 0.5)
            || (!isList && li > p)
            || (input > p / 3)
            || (!isList && !isFigureChild && headingDensity < 0.9 && textLength < 25 && (img == 0 || img > 2) && linkDensity > 0)
            || (!isList && weight < 25 && linkDensity > 0.2)
            || (weight >= 25 && linkDensity > 0.5)
            || ((embeds == 1 && textLength < 75) || embeds > 1)
            || (img == 0 && textDensity == 0)
        if isList && remove {
            // A plain list of images stays.
            let children = node.children.filter { tree.nodes[$0].kind == .element && !removed[$0] }
            if children.allSatisfy({ measures.elementChildren($0) <= 1 }) && img == counts.li { remove = false }
        }
        return remove
    }

    private func isDataTable(_ k: Int) -> Bool {
        let node = tree.nodes[k]
        if node.attribute("role") == "presentation" || node.attribute("datatable") == "0" { return false }
        if node.attribute("summary") != nil { return true }
        var rows = 0, columns = 0, nested = false, headers = false
        tree.walk(k) { c in
            let n = tree.nodes[c]
            if c != k && n.name == "table" { nested = true; return false }
            switch n.name {
            case "caption", "col", "colgroup", "tfoot", "thead", "th": headers = true
            case "tr":
                rows += 1
                columns = max(columns, n.children.filter { ["td", "th"].contains(tree.nodes[$0].name) }.count)
            default: break
            }
            return true
        }
        if headers { return true }
        if nested { return false }
        return rows >= 10 || columns > 4 || rows * columns > 10
    }

    // MARK: - Vocabulary

    private func isProbablyVisible(_ node: HTMLTree.Node) -> Bool {
        if node.attributes.isEmpty { return true }
        if node.attribute("hidden") != nil { return false }
        if let style = node.attribute("style"), Self.hidesByStyle(style) { return false }
        if node.attribute("aria-hidden") == "true" && !(node.attribute("class") ?? "").holdsBytes("fallback-image") { return false }
        return true
    }

    /// Whether a `style` says `display: none` or `visibility: hidden` (spaces and case aside).
    static func hidesByStyle(_ style: String) -> Bool {
        let squeezed: String
        if style.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII: lowercased and without spaces, byte by byte.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(style.utf8.count)
            for b in style.utf8 where b != 0x20 { bytes.append(b >= 0x41 && b <= 0x5A ? b + 32 : b) }
            squeezed = String(decoding: bytes, as: UTF8.self)
        } else {
            squeezed = style.lowercased().filter { $0 != " " }
        }
        return squeezed.holdsBytes("display:none") || squeezed.holdsBytes("visibility:hidden")
    }

    static func isShare(_ match: String) -> Bool {
        for word in match.split(whereSeparator: { $0 == " " || $0 == "-" }) {
            let parts = word.split(separator: "_")
            if parts.contains("share") || parts.contains("sharedaddy") { return true }
        }
        return false
    }

    /// ``isDateline(_:)`` of `match` (lowercase UTF-8): an ASCII one looked at as bytes.
    static func isDateline(bytes match: [UInt8]) -> Bool {
        guard match.allSatisfy({ $0 < 0x80 }) else { return isDateline(String(decoding: match, as: UTF8.self)) }
        // Each word (a run of letters) once, against the words of its length.
        return match.withUnsafeBufferPointer { m in
            func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
            let n = m.count
            var start = 0
            while start < n {
                while start < n && !isLetter(m[start]) { start += 1 }
                var end = start
                while end < n && isLetter(m[end]) { end += 1 }
                let length = end - start
                if datelineWordLengths.contains(length) {
                    for word in datelineWords where word.utf8CodeUnitCount == length {
                        let same = word.withUTF8Buffer { w in
                            var k = 0
                            while k < length && m[start + k] == w[k] { k += 1 }
                            return k == length
                        }
                        if same { return true }
                    }
                }
                start = end
            }
            return false
        }
    }

    /// True for a class or id that names a date or time (`date`, `post-date`, `timestamp`).
    static func isDateline(_ match: String) -> Bool {
        for word in match.split(whereSeparator: { !$0.isLetter }) {
            if datelineWordSet.contains(String(word)) { return true }
        }
        return false
    }

    static func hasSentenceEnd(_ text: String) -> Bool {
        text.hasSuffix(".") || text.contains(". ") || text.hasSuffix("。") || text.hasSuffix("؟") || text.hasSuffix("!")
    }

    static let tagsToScore: Set<String> = ["section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"]

    static let unlikelyWords = [
        "-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community", "cover-wrap", "disqus", "extra",
        "footer", "gdpr", "header", "legends", "menu", "related", "remark", "replies", "rss", "shoutbox", "sidebar",
        "skyscraper", "social", "sponsor", "supplemental", "ad-break", "agegate", "pagination", "pager", "popup",
        "yom-remote",
        // News sites, Arabic ones included (their class names are English).
        "cookie", "consent", "modal", "newsletter", "most-read", "mostread", "most-popular", "read-also", "readalso",
        "taboola", "outbrain", "breadcrumb", "subscribe",
    ]
    static let maybeWords = ["and", "article", "body", "column", "content", "main", "mathjax", "shadow"]
    static let positiveWords = [
        "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "pagination", "post", "text", "blog",
        "story",
    ]
    static let negativeWords = [
        "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr", "masthead", "media", "meta",
        "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping",
        "tags", "widget",
    ]
    static let bylineWords = ["byline", "author", "dateline", "writtenby", "p-author", "writer", "reporter"]
    static let unlikelyRoles: Set<String> = ["menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"]
    /// Elements that are page furniture when they stand outside the story.
    static let boilerplateElements: Set<String> = ["nav", "aside", "footer", "dialog"]
    static let adWords: Set<String> = ["ad", "advertising", "advertisement", "publicité", "werbung", "إعلان", "اعلان"]
    /// How lists of other stories and widgets announce themselves.
    static let boilerplateHeadings = [
        "read also", "read more", "related", "more from", "more stories", "you may also like", "recommended",
        "most read", "most popular", "share this", "اقرأ أيضا", "اقرأ ايضا", "اقرأ أيضاً", "إقرأ أيضا", "إقرأ أيضاً", "اقرا ايضا",
        "مواضيع ذات صلة", "أخبار ذات صلة", "اخبار ذات صلة", "مقالات ذات صلة", "الأكثر قراءة", "الاكثر قراءة", "شارك",
    ]

    /// How alike two texts are, by their words: the share of `b`'s words that are `a`'s too.
    static func similarity(_ a: String, _ b: String) -> Double {
        let wa = Set(a.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }))
        let wb = b.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        guard !wa.isEmpty, !wb.isEmpty else { return 0 }
        let unique = wb.filter { !wa.contains($0) }
        let distance = Double(unique.joined(separator: " ").count) / Double(wb.joined(separator: " ").count)
        return 1 - distance
    }
}

/// Text length, link text, commas and children of every node, summed bottom up over what
/// has not been removed.
struct Measures {
    let tree: HTMLTree
    var textLength: [Int]
    var linkLength: [Double]
    var commas: [Int]
    var hasMedia: [Bool]
    var hasBlockChild: [Bool]
    /// What the conditional cleaning weighs, over each node's descendants.
    var counts: [Counts]
    /// Which tables hold data (not layout).
    let dataTables: [Bool]

    struct Counts {
        var p = 0, img = 0, li = 0, input = 0, embeds = 0, dataTables = 0
        var listText = 0, headingText = 0, textishText = 0

        static func += (a: inout Counts, b: Counts) {
            a.p += b.p; a.img += b.img; a.li += b.li; a.input += b.input; a.embeds += b.embeds; a.dataTables += b.dataTables
            a.listText += b.listText; a.headingText += b.headingText; a.textishText += b.textishText
        }

        static func -= (a: inout Counts, b: Counts) {
            a.p -= b.p; a.img -= b.img; a.li -= b.li; a.input -= b.input; a.embeds -= b.embeds; a.dataTables -= b.dataTables
            a.listText -= b.listText; a.headingText -= b.headingText; a.textishText -= b.textishText
        }
    }

    static let textishElements: Set<String> = ["span", "li", "td", "blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul"]

    /// Each text node's own length (white space runs counted as one) and commas, which do not
    /// change from pass to pass: ``ArticleExtractor/extract()`` counts them once.
    let ownText: [(length: Int, commas: Int)]

    init(tree: HTMLTree, removed: [Bool], dataTables: [Bool], ownText: [(length: Int, commas: Int)]) {
        self.dataTables = dataTables
        self.tree = tree
        self.ownText = ownText
        let n = tree.nodes.count
        textLength = [Int](repeating: 0, count: n)
        linkLength = [Double](repeating: 0, count: n)
        commas = [Int](repeating: 0, count: n)
        hasMedia = [Bool](repeating: false, count: n)
        hasBlockChild = [Bool](repeating: false, count: n)
        counts = [Counts](repeating: Counts(), count: n)
        recompute(removed)
    }

    /// The length and commas of every text node (zero for other nodes): white space runs count
    /// as one character, and commas are those of ``commaScalars``.
    static func ownText(_ tree: HTMLTree) -> [(length: Int, commas: Int)] {
        var result = [(length: Int, commas: Int)](repeating: (0, 0), count: tree.nodes.count)
        for i in tree.nodes.indices where tree.nodes[i].kind == .text {
            var length = 0, c = 0
            var space = true
            tree.nodes[i].text.withUTF8Bytes { bytes in
                var k = 0
                let n = bytes.count
                while k < n {
                    let b = bytes[k]
                    if b < 0x80 {
                        k += 1
                        if HTMLTree.isSpace(b) {
                            if !space { length += 1 }
                            space = true
                        } else {
                            length += 1
                            space = false
                            if b == 0x2C { c += 1 }
                        }
                        continue
                    }
                    // A scalar of two to four bytes: never white space; a comma or not.
                    let width = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                    var value = UInt32(b & (0xFF >> (width + 1)))
                    for j in 1..<width where k + j < n { value = value << 6 | UInt32(bytes[k + j] & 0x3F) }
                    length += 1
                    space = false
                    if Measures.isComma(value) { c += 1 }
                    k += width
                }
            }
            result[i] = (length, c)
        }
        return result
    }

    /// Counts again after removals.
    mutating func recompute(_ removed: [Bool]) {
        let nodes = tree.nodes
        var i = nodes.count - 1
        for k in 0..<nodes.count {
            textLength[k] = 0
            linkLength[k] = 0
            commas[k] = 0
            hasMedia[k] = false
            hasBlockChild[k] = false
            counts[k] = Counts()
        }
        while i > 0 {
            defer { i -= 1 }
            if removed[i] { continue }
            let kind = nodes[i].kind
            let flags = nodes[i].flags
            if kind == .text {
                textLength[i] = ownText[i].length
                commas[i] = ownText[i].commas
            } else if kind == .element {
                if flags.contains(.invisible) && !flags.contains(.embeddedMedia) {
                    textLength[i] = 0
                    linkLength[i] = 0
                    commas[i] = 0
                    continue
                }
                if nodes[i].name == "a" {
                    let href = nodes[i].attribute("href") ?? ""
                    linkLength[i] = Double(textLength[i]) * (href.hasPrefix("#") ? 0.3 : 1)
                }
                if flags.contains(.media) { hasMedia[i] = true }
                if flags.contains(.embeddedMedia) { textLength[i] = 0 }
            }
            let p = nodes[i].parent
            textLength[p] += textLength[i]
            linkLength[p] += linkLength[i]
            commas[p] += commas[i]
            if kind == .element {
                if flags.contains(.counted) || flags.contains(.textish) { counts[p] += ownCounts(i) }
                counts[p] += counts[i]
            }
            if hasMedia[i] { hasMedia[p] = true }
            if kind == .element && flags.contains(.divToParagraph) { hasBlockChild[p] = true }
            if hasBlockChild[i] && kind == .element && !flags.contains(.divToParagraph) {
                // A block inside an inline element counts for the container too.
                if !flags.contains(.block) { hasBlockChild[p] = true }
            }
        }
    }

    /// What an element adds to its ancestors' counts by itself.
    func ownCounts(_ i: Int) -> Counts {
        var c = Counts()
        let flags = tree.nodes[i].flags
        if flags.contains(.textish) { c.textishText = textLength[i] }
        // Most elements are none of those counted: their flags say so without the name.
        guard flags.contains(.counted) else { return c }
        switch tree.nodes[i].name {
        case "p": c.p = 1
        case "img": c.img = 1
        case "li": c.li = 1
        case "input": c.input = 1
        case "object", "embed", "iframe": c.embeds = 1
        case "ul", "ol": c.listText = textLength[i]
        case "h1", "h2", "h3", "h4", "h5", "h6": c.headingText = textLength[i]
        case "table": if dataTables[i] { c.dataTables = 1 }
        default: break
        }
        return c
    }

    /// Counts again after removing `k`: its ancestors lose what it held.
    mutating func recompute(_ removed: [Bool], from k: Int) {
        let t = textLength[k], l = linkLength[k], c = commas[k]
        var lost = counts[k]
        lost += ownCounts(k)
        var p = tree.nodes[k].parent
        while p >= 0 {
            textLength[p] -= t
            linkLength[p] -= l
            commas[p] -= c
            counts[p] -= lost
            p = tree.nodes[p].parent
        }
        textLength[k] = 0
        linkLength[k] = 0
        commas[k] = 0
    }

    func linkDensity(_ i: Int) -> Double {
        textLength[i] > 0 ? linkLength[i] / Double(textLength[i]) : 0
    }

    func elementChildren(_ i: Int) -> Int {
        tree.nodes[i].children.filter { tree.nodes[$0].kind == .element }.count
    }

    func visibleLength(_ i: Int, _ removed: [Bool]) -> Int { removed[i] ? 0 : textLength[i] }

    /// Elements that keep a `div` from reading as a paragraph.
    static let divToParagraphElements: Set<String> = ["blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul"]
    static let commaScalars: Set<UInt32> = [0x2C, 0x60C, 0xFE50, 0xFE10, 0xFE11, 0x2E41, 0x2E34, 0x2E32, 0xFF0C]

    /// True for a scalar of ``commaScalars``, without hashing it.
    static func isComma(_ value: UInt32) -> Bool {
        switch value {
        case 0x2C, 0x60C, 0xFE50, 0xFE10, 0xFE11, 0x2E41, 0x2E34, 0x2E32, 0xFF0C: return true
        default: return false
        }
    }
}
