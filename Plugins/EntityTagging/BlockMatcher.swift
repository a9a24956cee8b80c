import DocumentModel

/// Finds candidate entities in one block's normalized text: gazetteer names and the rules.
struct BlockMatcher {
    let text: PreparedText
    let gazetteers: Shared<Gazetteer>
    let lexicons: Shared<Lexicon>
    let settings: TaggerSettings
    var candidates: [Candidate] = []
    /// The entities the rules made, which their candidates (``Candidate/Origin/rule(_:)``) index.
    var entities: [Entity] = []

    init(text: PreparedText, gazetteers: Shared<Gazetteer>, lexicons: Shared<Lexicon>, settings: TaggerSettings) {
        self.text = text
        self.gazetteers = gazetteers
        self.lexicons = lexicons
        self.settings = settings
    }

    var gazetteer: Gazetteer { _read { yield gazetteers.value } }
    var lexicon: Lexicon { _read { yield lexicons.value } }

    var tokens: [Token] { text.tokens }

    /// Token `i`'s readings (the text's readings must have been prepared).
    @inline(__always) func readings(_ i: Int) -> ArraySlice<Reading> { text.preparedReadings(i) }

    /// The longest phrase of `trie` at token `i`, proclitics allowed, the article kept.
    func phrase<V>(_ trie: PhraseTrie<V>, at i: Int, proclitics: Bool = true) -> PhraseTrie<V>.Match? {
        guard i < tokens.count, !trie.isEmpty else { return nil }
        let r = proclitics ? readings(i) : readings(i).prefix(1)
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
        guard settings.tags(kind) else { return }
        entities.append(Entity(kind: kind, normalized: normalized, reference: reference, source: source))
        candidates.append(
            Candidate(
                start: tokens[i].start + offset, end: tokens[j].end, origin: .rule(Int32(entities.count - 1)), priority: priority,
                firstToken: i, lastToken: j, isPerson: kind == .person))
    }

    /// Runs the gazetteers and every rule the settings switch on over the whole text. A
    /// rule runs at a word only when one of the word's readings can start it, which one
    /// look-up in the lexicon's trigger table tells.
    mutating func run() {
        // The gazetteer borrowed from the shared box: reading it through `gazetteer` at each
        // word copied the whole struct (its table references, 152 bytes) to the stack each
        // time, and taking a copy once a block still retained and released each table.
        let shared = gazetteers
        run(words: shared.value)
    }

    private mutating func run(words: borrowing Gazetteer) {
        let rules = settings.rules
        let dateTriggers: Lexicon.Trigger = [.month, .hijriMonth, .weekday, .weekdayLead, .yearLead]
        if rules.contains(.organizations) { dateline() }
        for i in tokens.indices {
            switch tokens[i].kind {
            case .word:
                var t: Lexicon.Trigger = []
                var inGazetteer = false
                var given = false
                for r in readings(i) {
                    t.formUnion(lexicon.trigger(r.hash))
                    let starts = words.start(r.hash)
                    if starts & Gazetteer.Start.name != 0 { inGazetteer = true }
                    if !r.articleRemoved && starts & Gazetteer.Start.firstName != 0 { given = true }
                }
                if inGazetteer { gazetteerNames(at: i) }
                if rules.contains(.dates) && !t.isDisjoint(with: dateTriggers) { dates(at: i) }
                if rules.contains(.numbers) && t.contains(.number) { numberWords(at: i) }
                if rules.contains(.persons) && (given || t.contains(.title) || t.contains(.demonym)) { persons(at: i) }
                if rules.contains(.persons) && t.contains(.speech) { speaker(at: i) }
                if rules.contains(.organizations) {
                    if t.contains(.organizationHead) { organizations(at: i) }
                    if t.contains(.teamHead) { teams(at: i) }
                }
                if rules.contains(.places) {
                    if t.contains(.placeHead) { places(at: i) }
                    if t.contains(.facilityHead) { facilities(at: i) }
                }
            case .number:
                gazetteerNames(at: i)
                if settings.rules.contains(.dates) { numericDates(at: i); dates(at: i) }
                if settings.rules.contains(.times) { times(at: i) }
                if settings.rules.contains(.numbers) { numbers(at: i) }
            case .punctuation:
                if settings.rules.contains(.numbers) { numbers(at: i) }
                if rules.contains(.organizations) { credit(at: i) }
            }
        }
    }

    // MARK: Gazetteers

    mutating func gazetteerNames(at i: Int) {
        guard !gazetteer.names.isEmpty else { return }
        let optional = settings.articleOptional
        let found = gazetteer.names.longestSlot(in: text, at: i, readings: readings(i)) { slot, reading in
            !reading.articleRemoved || optional || gazetteer.names.values[Int(slot)].articleOptional
        }
        guard let m = found, settings.tags(gazetteer.names.values[Int(m.slot)].kind) else { return }
        // The entry stays where it is: the candidate names it by its index.
        candidates.append(
            Candidate(
                start: tokens[i].start + m.reading.entityOffset, end: tokens[m.end].end, origin: .gazetteer(m.slot),
                priority: Candidate.Priority.gazetteer, firstToken: i, lastToken: m.end,
                isPerson: gazetteer.names.values[Int(m.slot)].kind == .person))
    }

    /// A person of the document named again at token `i`: `trie` holds each person's
    /// index among the document's persons (whose entities are all persons).
    mutating func propagated(_ trie: PhraseTrie<Int32>, at i: Int) {
        guard readings(i).contains(where: { trie.starts(with: $0.hash) }), settings.tags(.person),
            let m = trie.longest(in: text, at: i, readings: readings(i), accept: { _, r in !r.articleRemoved })
        else { return }
        candidates.append(
            Candidate(
                start: tokens[i].start + m.reading.entityOffset, end: tokens[m.end].end, origin: .propagation(m.value),
                priority: Candidate.Priority.propagated, firstToken: i, lastToken: m.end, isPerson: true))
    }

    /// Whether a gazetteer person starts at token `i`: a title or a nationality before a
    /// known name leaves the name to the gazetteer, which knows where it ends (الرئيس شيراك
    /// استنكروا is شيراك, not شيراك استنكروا).
    func gazetteerPersonStarts(at i: Int) -> Bool {
        guard !gazetteer.names.isEmpty, i < tokens.count else { return false }
        return gazetteer.names.longestSlot(in: text, at: i, readings: readings(i).prefix(1), accept: { _, _ in true })
            .map { gazetteer.names.values[Int($0.slot)].kind == .person } ?? false
    }

    /// Whether a gazetteer place or organization starts at token `i`.
    mutating func gazetteerNameStarts(at i: Int) -> Bool {
        guard !gazetteer.names.isEmpty, i < tokens.count else { return false }
        return gazetteer.names.longestSlot(in: text, at: i, readings: readings(i)) { slot, r in
            !r.articleRemoved || gazetteer.names.values[Int(slot)].articleOptional
        }
            .map { gazetteer.names.values[Int($0.slot)].kind != .person } ?? false
    }
}

/// A value shared by reference and never changed: handing it on costs one reference count.
final class Shared<Value: Sendable>: Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
