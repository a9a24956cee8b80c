import DocumentModel
import WarraqKit

/// Tags one document: gazetteer names and rules in every paragraph and heading, then the
/// document-level pass that carries persons' names to their later, shorter mentions.
struct EntityTagger: Sendable {
    /// The gazetteers and the word lists by reference: a matcher per block then costs one
    /// reference count each, not one per table inside them.
    let gazetteers: Shared<Gazetteer>
    let lexicons: Shared<Lexicon>
    let settings: TaggerSettings

    var gazetteer: Gazetteer { _read { yield gazetteers.value } }
    var lexicon: Lexicon { _read { yield lexicons.value } }

    init(gazetteer: Gazetteer, lexicon: Lexicon, settings: TaggerSettings) {
        gazetteers = Shared(gazetteer)
        lexicons = Shared(lexicon)
        self.settings = settings
    }

    /// One paragraph or heading on its way through: what the document-level pass and the
    /// rewrite need of it, not its tokens and readings, which are prepared again in one
    /// reused buffer for the few blocks that the document-level pass looks at again.
    struct BlockWork {
        var original: InlineText
        var view: BlockView
        /// Its candidates, in the document's ``Findings/candidates``.
        var candidates: Range<Int>
        /// Where the indices of its kept candidates (``Candidate/keptIndices(_:)``, in text
        /// order) are in the document's ``Findings/kept``.
        var kept: Range<Int> = 0..<0
        /// Whether a word of the block starts a known given name.
        var hasGivenName = false
    }

    /// The candidates of every block, the entities the rules made for them
    /// (``Candidate/Origin/rule(_:)`` indexes the document's) and the indices of the kept ones,
    /// each in one array for the whole document, which the blocks' ranges index: no arrays of
    /// a block's own to allocate, grow and free. A block that the document-level pass changes
    /// gets new ranges at the ends of the arrays.
    struct Findings {
        var candidates: [Candidate] = []
        var entities: [Entity] = []
        var kept: [Int] = []
        /// Where resolving sorts a block's candidates (storage reused from block to block).
        var keys: [Candidate.ResolutionKey] = []
    }

    /// A person found in pass 1, with what the document-level pass needs of its words.
    struct PersonMention {
        /// The hashes of its words, the first as matched (without its proclitics, لل read as ال).
        var hashes: [UInt64]
        /// The key of its words as written (``key(_:_:)``), to count its full mentions.
        var key: UInt64
        var entity: Entity
        /// The normalized scalars of its last word, when it has more than one.
        var lastWord: [UInt32]
        /// Whether a gazetteer found it (its entity's source is `gazetteer:…`).
        var fromGazetteer: Bool
    }

    func tag(_ document: Document) throws -> Document {
        try tag(document, keepingPrepared: Self.keptScalars)
    }

    /// ``tag(_:)``, the second pass keeping up to `keptScalars` scalars of the first pass's
    /// prepared texts (the tests try every limit: the entities are the same).
    func tag(_ document: Document, keepingPrepared keptScalars: Int) throws -> Document {
        var settings = self.settings
        if settings.referenceDate == nil {
            settings.referenceDate = (document.metadata.published ?? document.metadata.modified).flatMap(TaggerSettings.parseDate)
        }
        let propagation = settings.rules.contains(.propagation)
        // Pass 1: every block's own candidates, paragraphs and headings in the order the
        // rewrite below meets them (leaves keep their order whether a walk is pre- or post-order).
        var work: [BlockWork] = []
        var findings = Findings()
        var persons: [PersonMention] = []
        // How often each word occurs in the document.
        var frequency = HashMap()
        var text = PreparedText()
        // Taken once: reading `gazetteer` at each word copies the struct to the stack.
        let words = gazetteers.value
        let entries = words.names.values
        // Each block's prepared text, kept for the second pass while they are few (as in any
        // article), so that it need not prepare them again; past `keptScalars` scalars in
        // all, the second pass prepares the rest again, so that a very large document's
        // memory does not grow with them (nor its time with copying them).
        var prepared: [PreparedText?] = []
        var preparedScalars = 0
        func analyseBlock(_ content: [Inline]) {
            var w = analyse(content, settings: settings, into: &text, &findings)
            w.kept = resolve(w.candidates, w.original.barriers, w.view, in: &findings)
            if propagation {
                preparedScalars += text.scalars.count
                prepared.append(preparedScalars <= keptScalars ? text : nil)
                for t in text.tokens where t.kind == .word {
                    frequency.add(t.hash)
                    if !w.hasGivenName && words.firstNames.starts(with: t.hash) { w.hasGivenName = true }
                }
                for k in findings.kept[w.kept] where findings.candidates[k].isPerson {
                    persons.append(mention(findings.candidates[k], Self.entity(of: findings.candidates[k], entries, findings.entities, persons), in: text))
                }
            }
            work.append(w)
        }
        for top in document.blocks {
            if let content = Self.content(of: top) {
                analyseBlock(content)
                continue
            }
            // The few blocks with children: theirs in order, through a stack.
            var stack: [Block] = top.childBlocks.reversed()
            while let block = stack.popLast() {
                if let content = Self.content(of: block) {
                    analyseBlock(content)
                } else {
                    stack.append(contentsOf: block.childBlocks.reversed())
                }
            }
        }
        // Pass 2: names found once, found again.
        if propagation {
            let names = documentNames(persons, frequency: frequency)
            let alone = settings.rules.contains(.persons) && !gazetteer.firstNames.isEmpty
            if !names.isEmpty || alone {
                // What the pass finds in one block, in storage reused from block to block.
                var found = Findings()
                for i in work.indices {
                    guard !names.isEmpty || work[i].hasGivenName else { continue }
                    if let kept = prepared[i] {
                        text = kept
                    } else {
                        prepare(work[i].original.string, work[i].view, settings: settings, into: &text)
                    }
                    // Only blocks with a word a name or a given name can start with need a matcher.
                    let withNames = !names.isEmpty && text.tokens.indices.contains { t in
                        text.tokens[t].kind == .word && text.preparedReadings(t).contains { names.starts(with: $0.hash) }
                    }
                    let withGiven = alone && work[i].hasGivenName
                    guard withNames || withGiven else { continue }
                    found.candidates.removeAll(keepingCapacity: true)
                    found.entities.removeAll(keepingCapacity: true)
                    propagated(names, withNames: withNames, withGiven: withGiven, in: text, frequency: frequency, settings: settings, into: &found)
                    // Most of what this pass finds is already there, found surer or longer: then
                    // resolving again would keep what it kept.
                    if !found.candidates.isEmpty
                        && !(work[i].original.barriers.isEmpty
                            && Candidate.keepsItsChoice(of: findings.candidates, kept: findings.kept[work[i].kept], against: found.candidates[...]))
                    {
                        // The block's candidates, then this pass's (their rules' entities after the
                        // document's), at the end of the document's.
                        let own = Array(findings.candidates[work[i].candidates])
                        let start = findings.candidates.count
                        let base = Int32(findings.entities.count)
                        findings.candidates += own
                        findings.candidates += found.candidates.lazy.map { c in
                            guard case .rule(let e) = c.origin else { return c }
                            var moved = c
                            moved.origin = .rule(base + e)
                            return moved
                        }
                        findings.entities += found.entities
                        work[i].candidates = start..<findings.candidates.count
                        work[i].kept = resolve(work[i].candidates, work[i].original.barriers, work[i].view, in: &findings)
                    }
                }
            }
        }
        // Rewrite, in the same order. Blocks without entities, and every inline list, are
        // kept as they are: no new arrays for them.
        var next = 0
        // The paragraph or heading that pass 1 met next, with its entities; nil when it has none.
        func rewritten(_ block: Block, _ content: [Inline]) -> Block? {
            let w = next
            next += 1
            guard !work[w].kept.isEmpty else { return nil }
            let view = work[w].view
            let spans = findings.kept[work[w].kept].map { k in
                let c = findings.candidates[k]
                var range = view.originalRange(of: c.start..<c.end)
                // What matching ignored right after the name (the tatweel of هـ, diacritics,
                // invisible controls) stays with it.
                let next = view.originalStart(of: c.end)
                if next > range.upperBound { range = range.lowerBound..<next }
                return InlineWrapper.Span(range: range, entity: k)
            }
            let wrapped = InlineWrapper.wrap(content, base: 0, spans: spans) { k in
                Self.entity(of: findings.candidates[k], entries, findings.entities, persons)
            }
            var copy = block
            switch block.kind {
            case .paragraph: copy.kind = .paragraph(wrapped)
            case .heading(let level, _): copy.kind = .heading(level: level, content: wrapped)
            default: break
            }
            return copy
        }
        // A top-level paragraph or heading whose inlines are all leaves (most are one text) is
        // rewritten here; any other block goes through the document model's edit, which walks
        // its children in pass 1's order and checks how deep they go (a top-level block's leaf
        // inlines are never too deep).
        var blocks = document.blocks
        var changed = false
        for (i, block) in document.blocks.enumerated() {
            if let content = Self.content(of: block), content.allSatisfy({ $0.children.isEmpty }) {
                guard let new = rewritten(block, content) else { continue }
                blocks[i] = new
                changed = true
            } else {
                var edits = false
                let edited = try Document(blocks: [block]).edited(
                    blocks: { block in
                        guard let content = Self.content(of: block), let new = rewritten(block, content) else { return .keep }
                        edits = true
                        return .replace(new)
                    }, inlines: { _ in .keep })
                guard edits else { continue }
                blocks[i] = edited.blocks[0]
                changed = true
            }
        }
        guard changed else { return document }
        var result = document
        result.blocks = blocks
        return result
    }

    /// The entity of a candidate: its gazetteer entry's (of `entries`, the gazetteer's names'
    /// values), the one a rule made (of `entities`, the document's), or a person's of `persons`
    /// named again. (Static, and given the arrays it reads: a method would copy the tagger,
    /// and reading the entries through the gazetteer goes through its accessors, at each entity.)
    static func entity(of c: Candidate, _ entries: [GazetteerEntry], _ entities: [Entity], _ persons: [PersonMention]) -> Entity {
        switch c.origin {
        case .gazetteer(let slot):
            // The fields read in place: the entity is the only copy of the entry's strings.
            let e = Int(slot)
            return Entity(kind: entries[e].kind, normalized: entries[e].canonical, reference: entries[e].reference, source: entries[e].source)
        case .rule(let e):
            return entities[Int(e)]
        case .propagation(let p):
            // One copy of the person's entity, made the propagated one in place.
            var entity = persons[Int(p)].entity
            entity.source = "propagation"
            entity.confidence = nil
            return entity
        }
    }

    /// The document-level pass's candidates in one block, added to `found`: the names found
    /// elsewhere (`names` holds indices into the document's persons), and given names standing
    /// alone, with the entities the rules made for them.
    func propagated(
        _ names: PhraseTrie<Int32>, withNames: Bool, withGiven: Bool, in text: PreparedText, frequency: HashMap, settings: TaggerSettings,
        into found: inout Findings
    ) {
        var matcher = BlockMatcher(text: text, gazetteers: gazetteers, lexicons: lexicons, settings: settings)
        swap(&matcher.candidates, &found.candidates)
        swap(&matcher.entities, &found.entities)
        defer {
            swap(&matcher.candidates, &found.candidates)
            swap(&matcher.entities, &found.entities)
        }
        let firstNames = gazetteers.value.firstNames
        if withNames {
            for t in text.tokens.indices where text.tokens[t].kind == .word { matcher.propagated(names, at: t) }
        }
        if withGiven {
            for t in text.tokens.indices where text.tokens[t].kind == .word && firstNames.starts(with: text.tokens[t].hash) {
                matcher.loneGivenName(at: t) { k in
                    let word = text.scalars[text.tokens[k].start..<text.tokens[k].end]
                    return takesArticle(word, frequency) || isVerb(word, frequency)
                }
            }
        }
    }

    static func content(of block: Block) -> [Inline]? {
        switch block.kind {
        case .paragraph(let c), .heading(_, let c): c
        default: nil
        }
    }

    /// Pass 1 for one block: its normalized view, its text prepared in `text` (whose storage
    /// is reused from block to block), and the candidates of the gazetteers and the rules,
    /// added to `findings`.
    func analyse(_ content: [Inline], settings: TaggerSettings, into text: inout PreparedText, _ findings: inout Findings) -> BlockWork {
        let original = InlineText(content)
        let view: BlockView
        if text.prepare(identity: original.string, map: lexicon.scalarMap) {
            view = .identity(count: text.scalars.count)
        } else {
            let mapped = settings.normalization.view(of: original.string, trim: false)
            view = .mapped(mapped)
            text.prepare(normalized: mapped.text)
        }
        text.prepareReadings(proclitics: settings.proclitics)
        let first = findings.candidates.count
        addCandidates(in: text, settings: settings, to: &findings)
        return BlockWork(original: original, view: view, candidates: first..<findings.candidates.count)
    }

    /// How many scalars of prepared text the second pass may keep from the first: about
    /// 130,000, a long article's worth.
    static let keptScalars = 1 << 17

    /// Prepares a block's text again, as ``analyse(_:settings:into:_:)`` prepared it.
    func prepare(_ string: String, _ view: BlockView, settings: TaggerSettings, into text: inout PreparedText) {
        switch view {
        case .identity:
            let done = text.prepare(identity: string, map: lexicon.scalarMap)
            assert(done, "a block mapped one for one once maps again")
        case .mapped(let mapped):
            text.prepare(normalized: mapped.text)
        }
        text.prepareReadings(proclitics: settings.proclitics)
    }

    /// Adds the gazetteers' and the rules' candidates in a prepared text to `findings`. (A
    /// function of its own, so that the matcher's hold on the text's storage ends with it.)
    func addCandidates(in text: PreparedText, settings: TaggerSettings, to findings: inout Findings) {
        var matcher = BlockMatcher(text: text, gazetteers: gazetteers, lexicons: lexicons, settings: settings)
        // The matcher appends to the document's arrays, handed over and back (not copied).
        swap(&matcher.candidates, &findings.candidates)
        swap(&matcher.entities, &findings.entities)
        matcher.run()
        swap(&matcher.candidates, &findings.candidates)
        swap(&matcher.entities, &findings.entities)
    }

    /// Resolves the block's candidates at `range` of the document's: the indices of those kept,
    /// without those that overlap code or an entity already in the text, appended to the
    /// document's kept ones; where they are there.
    func resolve(_ range: Range<Int>, _ barriers: [Range<Int>], _ view: BlockView, in findings: inout Findings) -> Range<Int> {
        let start = findings.kept.count
        if barriers.isEmpty {
            Candidate.appendKeptIndices(findings.candidates[range], to: &findings.kept, keys: &findings.keys)
        } else {
            let candidates = findings.candidates[range]
            let allowed = candidates.indices.filter { k in
                let r = view.originalRange(of: candidates[k].start..<candidates[k].end)
                return !barriers.contains { $0.overlaps(r) }
            }
            findings.kept += Candidate.keptIndices(allowed.map { candidates[$0] }[...]).map { allowed[$0] }
        }
        return start..<findings.kept.count
    }

    /// Whether the document also writes the word with the article (الجلسة beside جلسة): then it
    /// is a common noun, not a family name.
    /// A key for a candidate's words.
    static func key(_ text: PreparedText, _ c: Candidate) -> UInt64 {
        var h = TokenHash.seed
        for t in c.firstToken...c.lastToken { h = (h ^ text.tokens[t].hash) &* 0x0000_0100_0000_01b3 }
        return h
    }

    func takesArticle(_ word: ArraySlice<UInt32>, _ frequency: HashMap) -> Bool {
        guard word.count >= 2 else { return false }
        if word.first == Letter.alef && word.dropFirst().first == Letter.lam {
            // الوطن beside وطن
            return word.count >= 5 && frequency[TokenHash.of(word.dropFirst(2))] != nil
        }
        var h = TokenHash.add(TokenHash.add(TokenHash.seed, Letter.alef), Letter.lam)
        for s in word { h = TokenHash.add(h, s) }
        if frequency[h] != nil { return true }
        // بفوز beside الفوز or فوز: a preposition on a common word.
        if word.count >= 4, let f = word.first, f == Letter.beh || f == Letter.lam || f == Letter.kaf || f == Letter.waw || f == Letter.feh {
            let rest = word.dropFirst()
            var h3 = TokenHash.add(TokenHash.add(TokenHash.seed, Letter.alef), Letter.lam)
            for s in rest { h3 = TokenHash.add(h3, s) }
            if frequency[h3] != nil || frequency[TokenHash.of(rest)] != nil { return true }
        }
        if word.last == Letter.alef {
            var h2 = TokenHash.add(TokenHash.add(TokenHash.seed, Letter.alef), Letter.lam)
            for s in word.dropLast() { h2 = TokenHash.add(h2, s) }
            if frequency[h2] != nil { return true }
        }
        return false
    }

    /// Whether a word that looks like a present-tense verb (يزيد) is one: the document also
    /// writes it with the other person's prefix (تزيد beside يزيد).
    func isVerb(_ word: ArraySlice<UInt32>, _ frequency: HashMap) -> Bool {
        guard word.count >= 4, let first = word.first, first == Letter.yeh || first == Letter.teh else { return false }
        var h = TokenHash.add(TokenHash.seed, first == Letter.yeh ? Letter.teh : Letter.yeh)
        for s in word.dropFirst() { h = TokenHash.add(h, s) }
        return frequency[h] != nil
    }

    /// What the document-level pass needs of a kept person `c` of a block, whose entity is `entity`.
    func mention(_ c: Candidate, _ entity: Entity, in text: PreparedText) -> PersonMention {
        // The name's tokens, the first as matched (without its proclitics).
        let offset = c.start - text.tokens[c.firstToken].start
        var firstScalars = text.scalars[(text.tokens[c.firstToken].start + offset)..<text.tokens[c.firstToken].end]
        // لل read as ال.
        var firstHash = TokenHash.of(firstScalars)
        if firstScalars.count >= 3, firstScalars.first == Letter.lam, firstScalars.dropFirst().first == Letter.lam {
            firstScalars = firstScalars.dropFirst()
            var h = TokenHash.add(TokenHash.seed, Letter.alef)
            for s in firstScalars { h = TokenHash.add(h, s) }
            firstHash = h
        }
        var hashes: [UInt64] = []
        hashes.reserveCapacity(c.lastToken - c.firstToken + 1)
        hashes.append(firstHash)
        for t in c.firstToken..<c.lastToken { hashes.append(text.tokens[t + 1].hash) }
        var entity = entity
        if entity.normalized == nil { entity.normalized = text.text(from: c.firstToken, skip: offset, to: c.lastToken) }
        let last = text.tokens[c.lastToken]
        return PersonMention(
            hashes: hashes, key: Self.key(text, c), entity: entity,
            lastWord: c.firstToken < c.lastToken ? Array(text.scalars[last.start..<last.end]) : [],
            fromGazetteer: { if case .gazetteer = c.origin { true } else { false } }())
    }

    /// The persons found, with the shorter forms of persons' names: "كيري" for "جون كيري", "دي ميستورا" for
    /// "ستافان دي ميستورا"; each phrase leads to the index of its person in `persons`.
    func documentNames(_ persons: [PersonMention], frequency: HashMap) -> PhraseTrie<Int32> {
        var trie = PhraseTrie<Int32>()
        // How often each word occurs, and how often each person is named in full: a one-word
        // short form that is far more frequent than its person is a common word
        // (a given name followed by "أكثر" is not a reason to tag every "أكثر").
        var mentions = HashMap()
        for i in persons.indices where persons[i].hashes.count >= 2 { mentions.add(persons[i].key) }
        // A person named again with the same words, written the same way and found the same
        // way would only insert what the first of them inserted (the first value stays): it is
        // skipped, found through a hash of what decides its phrases and compared in full.
        var seen = HashMap()
        for index in persons.indices {
            let person = Int32(index)
            let key = persons[index].key
            let hashes = persons[index].hashes
            let fromGazetteer = persons[index].fromGazetteer
            var h = TokenHash.add(key, fromGazetteer ? 1 : 0)
            for w in hashes { h = (h ^ w) &* 0x0000_0100_0000_01b3 }
            for s in persons[index].lastWord { h = TokenHash.add(h, s) }
            if let first = seen[h] {
                let f = Int(first)
                if persons[f].key == key && persons[f].fromGazetteer == fromGazetteer && persons[f].hashes == hashes
                    && persons[f].lastWord == persons[index].lastWord
                {
                    continue
                }
            } else {
                seen.set(h, person)
            }
            let full = Int(mentions[key] ?? 1)
            // A one-word name guessed from a title is not sure enough to spread.
            guard hashes.count >= 2 || fromGazetteer else { continue }
            trie.insert(hashes, person)
            guard hashes.count >= 2 else { continue }
            for k in 1..<hashes.count {
                let tail = Array(hashes[k...])
                if lexicon.particles.contains(tail[0]) && tail.count < 2 { continue }
                if lexicon.stopWords.contains(tail[0]) { continue }
                if tail.count == 1 {
                    let word = persons[index].lastWord[...]
                    if word.count < 3 || lexicon.stopWords.contains(tail[0]) || lexicon.particles.contains(tail[0])
                        || lexicon.ordinals.contains(tail[0])
                        || gazetteer.firstNames.step(0, tail[0]).flatMap({ gazetteer.firstNames.value(at: $0) }) != nil
                        || Int(frequency[tail[0]] ?? 0) > 4 * full + 8 || takesArticle(word, frequency)
                    {
                        continue
                    }
                }
                trie.insert(tail, person)
            }
        }
        return trie
    }
}
