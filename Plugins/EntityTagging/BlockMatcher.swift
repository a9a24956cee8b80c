import DocumentModel

/// Finds candidate entities in one block's normalized text: gazetteer names and the rules.
struct BlockMatcher {
    let text: PreparedText
    let gazetteer: Gazetteer
    let lexicon: Lexicon
    let settings: TaggerSettings
    private var readingCache: [[Reading]?]
    var candidates: [Candidate] = []

    init(text: PreparedText, gazetteer: Gazetteer, lexicon: Lexicon, settings: TaggerSettings) {
        self.text = text
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self.settings = settings
        readingCache = Array(repeating: nil, count: text.tokens.count)
    }

    var tokens: [Token] { text.tokens }

    mutating func readings(_ i: Int) -> [Reading] {
        if let r = readingCache[i] { return r }
        let r = text.readings(of: i, proclitics: settings.proclitics)
        readingCache[i] = r
        return r
    }

    /// The longest phrase of `trie` at token `i`, proclitics allowed, the article kept.
    mutating func phrase<V>(_ trie: PhraseTrie<V>, at i: Int, proclitics: Bool = true) -> PhraseTrie<V>.Match? {
        guard i < tokens.count, !trie.isEmpty else { return nil }
        let r = proclitics ? readings(i) : [readings(i)[0]]
        return trie.longest(in: text, at: i, readings: r, accept: { _, reading in !reading.articleRemoved })
    }

    func isWord(_ i: Int) -> Bool { i < tokens.count && tokens[i].kind == .word }
    func hash(_ i: Int) -> UInt64 { tokens[i].hash }
    func isPunct(_ i: Int, _ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value else { return false }
        return text.isPunctuation(i, v)
    }

    /// The integer value of a number token made of digits only.
    func integer(_ i: Int) -> Int? {
        guard i < tokens.count, tokens[i].kind == .number else { return nil }
        var v = 0
        for s in text.scalars[tokens[i].start..<tokens[i].end] {
            guard let d = digit(s) else { return nil }
            v = v * 10 + d
            if v > 1_000_000_000 { return nil }
        }
        return v
    }

    func digitCount(_ i: Int) -> Int { tokens[i].end - tokens[i].start }

    func digit(_ s: UInt32) -> Int? {
        if (0x30...0x39).contains(s) { return Int(s - 0x30) }
        if (0x660...0x669).contains(s) { return Int(s - 0x660) }
        if (0x6F0...0x6F9).contains(s) { return Int(s - 0x6F0) }
        return nil
    }

    mutating func add(_ kind: EntityKind, from i: Int, offset: Int = 0, to j: Int, normalized: String?, reference: String? = nil, source: String, priority: Int) {
        guard settings.kinds.contains(kind) else { return }
        candidates.append(
            Candidate(
                start: tokens[i].start + offset, end: tokens[j].end,
                entity: Entity(kind: kind, normalized: normalized, reference: reference, source: source), priority: priority,
                firstToken: i, lastToken: j))
    }

    /// Runs the gazetteers and every rule the settings switch on over the whole text.
    mutating func run(extra: PhraseTrie<Entity>?) {
        for i in tokens.indices {
            switch tokens[i].kind {
            case .word:
                gazetteerNames(at: i)
                if let extra { propagated(extra, at: i) }
                if settings.rules.contains(.dates) { dates(at: i) }
                if settings.rules.contains(.numbers) { numberWords(at: i) }
                if settings.rules.contains(.persons) { persons(at: i) }
                if settings.rules.contains(.organizations) { organizations(at: i); teams(at: i) }
                if settings.rules.contains(.places) { places(at: i); facilities(at: i) }
            case .number:
                gazetteerNames(at: i)
                if settings.rules.contains(.dates) { numericDates(at: i); dates(at: i) }
                if settings.rules.contains(.times) { times(at: i) }
                if settings.rules.contains(.numbers) { numbers(at: i) }
            case .punctuation:
                if settings.rules.contains(.numbers) { numbers(at: i) }
            }
        }
    }

    // MARK: Gazetteers

    mutating func gazetteerNames(at i: Int) {
        guard !gazetteer.names.isEmpty else { return }
        let optional = settings.articleOptional
        let found = gazetteer.names.longest(in: text, at: i, readings: readings(i)) { entry, reading in
            !reading.articleRemoved || entry.articleOptional || optional
        }
        guard let m = found else { return }
        let e = m.value
        add(e.kind, from: i, offset: m.reading.entityOffset, to: m.end, normalized: e.canonical, reference: e.reference,
            source: "gazetteer:" + e.source, priority: Candidate.Priority.gazetteer)
    }

    mutating func propagated(_ trie: PhraseTrie<Entity>, at i: Int) {
        guard let m = trie.longest(in: text, at: i, readings: readings(i), accept: { _, r in !r.articleRemoved }) else { return }
        var e = m.value
        e.source = "propagation"
        add(e.kind, from: i, offset: m.reading.entityOffset, to: m.end, normalized: e.normalized, reference: e.reference,
            source: "propagation", priority: Candidate.Priority.propagated)
    }

    /// Whether a gazetteer place or organization starts at token `i`.
    mutating func gazetteerNameStarts(at i: Int) -> Bool {
        guard !gazetteer.names.isEmpty, i < tokens.count else { return false }
        return gazetteer.names.longest(in: text, at: i, readings: readings(i), accept: { e, r in !r.articleRemoved || e.articleOptional })
            .map { $0.value.kind != .person } ?? false
    }
}
