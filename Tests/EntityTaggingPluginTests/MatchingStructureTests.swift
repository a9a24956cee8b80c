import DocumentModel
import Foundation
import Testing
import TestSupport
import WarraqKit

@testable import EntityTaggingPlugin

/// The tagger's tables against simple reference implementations, on random input: the edge
/// table against a dictionary, the trie's longest match (through proclitics) against trying
/// every phrase, the first-word filter for hashes it holds, the gazetteer's byte path for
/// names against normalizing the name as a string, and resolving overlaps against taking the
/// candidates in turn.
@Suite("tag-entities matching structures")
struct MatchingStructureTests {
    /// A deterministic generator.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    @Test func theEdgeTableAgreesWithADictionary() {
        var random = Random(state: 0x1234_5678_9ABC_DEF1)
        var table = EdgeTable()
        var reference: [Pair: Int32] = [:]
        var counts = HashMap()
        var referenceCounts: [UInt64: Int32] = [:]
        for k in 0..<20_000 {
            // Few nodes and few tokens, so that keys repeat and probe runs collide.
            let node = Int32(random.below(50))
            let token = UInt64(random.below(400)) &* 0x9E37_79B9_7F4A_7C15
            let (child, inserted) = table.findOrInsert(node, token, Int32(k))
            if let known = reference[Pair(node: node, token: token)] {
                #expect(!inserted && child == known)
            } else {
                #expect(inserted && child == Int32(k))
                reference[Pair(node: node, token: token)] = Int32(k)
            }
            counts.add(token, Int32(node))
            referenceCounts[token, default: 0] += Int32(node)
        }
        #expect(table.count == reference.count)
        for (pair, child) in reference { #expect(table.find(pair.node, pair.token) == child) }
        for _ in 0..<2_000 {
            let node = Int32(50 + random.below(50))
            #expect(table.find(node, random.next()) == nil)
        }
        #expect(counts.count == referenceCounts.count)
        for (token, total) in referenceCounts { #expect(counts[token] == total) }
        var seen = 0
        table.forEach { node, token, child in
            seen += 1
            #expect(reference[Pair(node: node, token: token)] == child)
        }
        #expect(seen == reference.count)
        let keys = Set((0..<500).map { _ in UInt64(random.below(2_000)) })
        let set = HashSet(keys)
        #expect(set.count == keys.count)
        for k in UInt64(0)..<2_000 { #expect(set.contains(k) == keys.contains(k)) }
    }

    struct Pair: Hashable {
        var node: Int32
        var token: UInt64
    }

    /// Words of a small alphabet, so that texts meet the phrases often; some begin with و, ب,
    /// ل or ال, as names and the words around them do.
    static let letters: [Character] = ["ا", "ب", "ت", "د", "ر", "س", "ل", "م", "ن", "و", "ي", "ك", "ف"]

    static func word(_ random: inout Random) -> String {
        let length = 2 + random.below(4)
        return String((0..<length).map { _ in letters[random.below(letters.count)] })
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func theLongestMatchAgreesWithTryingEveryPhrase(seed: UInt64) {
        var random = Random(state: 0x9E37_79B9_7F4A_7C15 ^ seed)
        var vocabulary: [String] = (0..<60).map { _ in Self.word(&random) }
        vocabulary += vocabulary.prefix(15).map { "ال" + $0 }
        var trie = PhraseTrie<Int>()
        var reference: [[UInt64]: Int] = [:]
        var phrases: [[String]] = []
        for k in 0..<300 {
            // Half the phrases go in after the filter of first words is built, which must learn them.
            if k == 150 { trie.buildBitFilter() }
            let words = (0..<(1 + random.below(3))).map { _ in vocabulary[random.below(vocabulary.count)] }
            phrases.append(words)
            let hashes = words.map { TokenHash.of($0) }
            let added = trie.insert(hashes, k)
            #expect(added == (reference[hashes] == nil))
            if reference[hashes] == nil { reference[hashes] = k }
        }
        #expect(trie.count == reference.count)
        let clitics = ["", "", "", "و", "ف", "ب", "ل", "ال", "وال", "بال", "لل", "وب", "كال"]
        var matches = 0, longer = 0, throughClitics = 0
        for _ in 0..<40 {
            // Random words, and phrases of the trie (often cut short) behind a proclitic.
            var words: [String] = []
            while words.count < 5 + random.below(25) {
                if random.below(3) == 0 {
                    var phrase = phrases[random.below(phrases.count)]
                    if random.below(3) == 0 { phrase = Array(phrase.prefix(1 + random.below(phrase.count))) }
                    phrase[0] = clitics[random.below(clitics.count)] + phrase[0]
                    words += phrase
                } else {
                    words.append(clitics[random.below(clitics.count)] + vocabulary[random.below(vocabulary.count)])
                }
            }
            var text = PreparedText(normalized: words.joined(separator: random.below(4) == 0 ? " ، " : " "))
            text.prepareReadings(proclitics: true)
            for i in text.tokens.indices {
                let readings = text.preparedReadings(i)
                let found = trie.longest(in: text, at: i, readings: readings)
                // The reference: every reading, every end; the longest, then the fewest letters
                // stripped, then the first reading.
                var best: (end: Int, reading: Reading, value: Int)? = nil
                for r in readings {
                    var key = [r.hash]
                    for end in i..<text.tokens.count {
                        if end > i { key.append(text.tokens[end].hash) }
                        guard let v = reference[key] else { continue }
                        if let b = best, b.end > end || (b.end == end && b.reading.stripped <= r.stripped) { continue }
                        best = (end, r, v)
                    }
                }
                if let found {
                    matches += 1
                    if found.end > i { longer += 1 }
                    if found.reading.stripped > 0 { throughClitics += 1 }
                }
                #expect(found?.end == best?.end)
                #expect(found?.value == best?.value)
                #expect(found?.reading.hash == best?.reading.hash)
                #expect(found?.reading.stripped == best?.reading.stripped)
                let starts = readings.contains { trie.starts(with: $0.hash) }
                #expect(starts == readings.contains { r in reference.keys.contains { $0.first == r.hash } })
            }
        }
        // The texts meet phrases of several words and phrases behind proclitics.
        #expect(matches > 100 && longer > 20 && throughClitics > 20, "\(matches) matches, \(longer) longer, \(throughClitics) through proclitics")
        var firsts = Set<UInt64>()
        trie.forEachFirstToken { #expect(firsts.insert($0).inserted) }
        #expect(firsts == Set(reference.keys.map { $0[0] }))
    }

    @Test func theBitFilterHoldsEveryHashItWasGiven() {
        var random = Random(state: 42)
        for expected in [0, 10, 5_000, 100_000] {
            var filter = BitFilter(expected: expected)
            let held = (0..<expected).map { _ in random.next() }
            for h in held { filter.insert(h) }
            #expect(held.allSatisfy { filter.mayContain($0) })
            // Sized at about eight bits a hash, it lets few others through.
            let others = (0..<10_000).map { _ in random.next() }
            let passed = others.filter { filter.mayContain($0) }.count
            #expect(passed < 2_000, "\(passed) of 10,000 hashes not held passed a filter for \(expected)")
        }
    }

    @Test func namesReadFromTheirBytesHashAsTheirNormalizedText() throws {
        // Names that take the byte path (letters, hamzas, alef maksura, teh marbuta, Latin
        // letters, digits, hyphens, spaces at either end) and names that do not (diacritics,
        // tatweel, Persian letters, presentation forms, "(ال)").
        var random = Random(state: 7)
        let pieces = [
            "حلب", "أسامة", "إدلب", "آمال", "مستشفى", "القاهرة", "مؤتمر", "رئيس", "IBM", "Dell", "G-20", "٢٠١٦", "2016", "أُسامة", "مـحمد",
            "پاریس", "ﻻ", "ﷲ", "كِتاب", "ابو-ظبي", "شارع 5", "ال", "ى", "x",
        ]
        var lines = ["# random names"]
        var names: [String] = []
        for k in 0..<400 {
            var name = (0..<(1 + random.below(3))).map { _ in pieces[random.below(pieces.count)] }.joined(separator: " ")
            if random.below(10) == 0 { name = " " + name + " " }
            if random.below(12) == 0 { name = "(ال)" + name }
            names.append(name)
            lines.append("\(name)\t\(["person", "place", "organization"][k % 3])")
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gazetteer-\(UUID().uuidString).tsv")
        try Data(lines.joined(separator: "\n").utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let normalization = TaggerSettings.defaultNormalization
        let gazetteer = try Gazetteer.load([url.path], normalization: normalization, articleOptional: false)
        for name in names {
            var trimmed = Gazetteer.trimmed(name)
            let optional = trimmed.hasPrefix("(ال)")
            if optional { trimmed.removeFirst(4) }
            let hashes = PreparedText(normalized: normalization.apply(to: trimmed, trim: true)).tokens.map(\.hash)
            var node: Int32? = 0
            for h in hashes { node = node.flatMap { gazetteer.names.step($0, h) } }
            let entry = node.flatMap { gazetteer.names.value(at: $0) }
            #expect(entry != nil, "\(name) is not found under the hashes of its normalized text")
            #expect(gazetteer.start(hashes[0]) & Gazetteer.Start.name != 0)
        }
    }

    @Test func addedCandidatesThatCannotWinLeaveTheChoiceAsItWas() {
        var random = Random(state: 99)
        func candidate() -> Candidate {
            let first = random.below(12)
            let last = first + random.below(3)
            let start = first * 5 + random.below(2)
            let end = last * 5 + 4 - random.below(2)
            return Candidate(
                start: start, end: end, origin: .rule(0), priority: random.below(4), firstToken: first, lastToken: last, isPerson: true)
        }
        var unchanged = 0, changed = 0
        for _ in 0..<3_000 {
            let candidates = (0..<(1 + random.below(8))).map { _ in candidate() }
            let added = (0..<(1 + random.below(3))).map { _ in candidate() }
            let kept = Candidate.resolve(candidates)
            let again = Candidate.resolve(candidates + added)
            let same = again.map { [$0.start, $0.end, $0.priority] } == kept.map { [$0.start, $0.end, $0.priority] }
            if Candidate.keepsItsChoice(kept, against: added) {
                #expect(same, "an added candidate changed the choice")
                unchanged += 1
            } else if !same {
                changed += 1
            }
        }
        // Both cases occur, so that the test says something.
        #expect(unchanged > 300 && changed > 300, "\(unchanged) kept their choice, \(changed) changed")
    }

    @Test func resolvingASliceAgreesWithTryingEveryCandidateInTurn() {
        var random = Random(state: 0xC0FF_EE00_1234_5678)
        // What resolving means, done plainly: every candidate in the order of more words, a
        // higher priority, an earlier start, more letters, then its place; each one that is
        // not empty and overlaps none taken so far is taken; those taken, in text order.
        func reference(_ candidates: ArraySlice<Candidate>) -> [Int] {
            if candidates.count <= 1 { return Array(candidates.indices) }
            let order = candidates.indices.sorted { a, b in
                let x = candidates[a], y = candidates[b]
                let xw = x.lastToken - x.firstToken, yw = y.lastToken - y.firstToken
                if xw != yw { return xw > yw }
                if x.priority != y.priority { return x.priority > y.priority }
                if x.start != y.start { return x.start < y.start }
                if x.end - x.start != y.end - y.start { return x.end - x.start > y.end - y.start }
                return a < b
            }
            var taken: [Int] = []
            for k in order where candidates[k].end > candidates[k].start {
                let c = candidates[k]
                if !taken.contains(where: { candidates[$0].start < c.end && c.start < candidates[$0].end }) { taken.append(k) }
            }
            return taken.sorted { candidates[$0].start < candidates[$1].start }
        }
        // One document's candidates, resolved a block (a slice) at a time with one storage for
        // the keys, as the tagger does.
        var all: [Candidate] = []
        var blocks: [Range<Int>] = []
        for _ in 0..<2_000 {
            let start = all.count
            for _ in 0..<random.below(10) {
                let first = random.below(15)
                let last = first + random.below(4)
                all.append(
                    Candidate(
                        start: first * 6 + random.below(3), end: last * 6 + 5 - random.below(7), origin: .gazetteer(0),
                        priority: random.below(5), firstToken: first, lastToken: last, isPerson: false))
            }
            blocks.append(start..<all.count)
        }
        var kept: [Int] = []
        var keys: [Candidate.ResolutionKey] = []
        var several = 0
        for block in blocks {
            let from = kept.count
            Candidate.appendKeptIndices(all[block], to: &kept, keys: &keys)
            let expected = reference(all[block])
            #expect(Array(kept[from...]) == expected)
            #expect(Candidate.keptIndices(all[block]) == expected)
            if expected.count > 1 { several += 1 }
        }
        #expect(several > 500, "only \(several) blocks kept more than one candidate")
    }

    @Test func preparedReadingsAgreeWithListingEachTokensReadings() {
        var random = Random(state: 0x00DD_BA11)
        // Words with every proclitic and the article, so that tokens get the most readings.
        let fronts = ["", "و", "ف", "ب", "ل", "ك", "وب", "فل", "ال", "وال", "بال", "لل", "ولل", "كال", "فبال"]
        let stems = ["حلب", "عراق", "لبنان", "كيري", "الامم", "بيروت", "12", "،", "ا", "لا"]
        var text = PreparedText()
        var most = 0
        for _ in 0..<400 {
            // Longer and shorter texts in turn through one prepared text, whose storage is reused.
            let words = (0..<(1 + random.below(30))).map { _ in fronts[random.below(fronts.count)] + stems[random.below(stems.count)] }
            text.prepare(normalized: words.joined(separator: " "))
            for proclitics in [true, false] {
                text.prepareReadings(proclitics: proclitics)
                for i in text.tokens.indices {
                    var listed: [Reading] = []
                    text.appendReadings(of: i, proclitics: proclitics, to: &listed)
                    let prepared = Array(text.preparedReadings(i))
                    #expect(prepared.map(\.hash) == listed.map(\.hash))
                    #expect(prepared.map(\.entityOffset) == listed.map(\.entityOffset))
                    #expect(prepared.map(\.stripped) == listed.map(\.stripped))
                    #expect(prepared.map(\.articleRemoved) == listed.map(\.articleRemoved))
                    most = max(most, listed.count)
                }
            }
        }
        #expect(most >= 4, "no word had many readings")
    }

    @Test func aTokensWordListCheckAgreesWithComparingStrings() {
        var random = Random(state: 0x5EED)
        let pool = ["الى", "في", "لدى", "مساء", "مساءا", "ليلا", "صباحا", "فيه", "ال", "لد", "الي", "إلى", "فى", "في\u{651}", "ف", "12", "،"]
        let lists = [["الى", "في", "لدى"], ["مساء", "مساءا", "ليلا", "عصرا"], ["صباحا", "فجرا", "ظهرا"], []]
        var hits = 0
        for _ in 0..<500 {
            let words = (0..<(1 + random.below(6))).map { _ in pool[random.below(pool.count)] }
            let text = PreparedText(normalized: words.joined(separator: " "))
            let list = lists[random.below(lists.count)]
            let scalars = PreparedText.words(list)
            for token in text.tokens {
                let expected = list.contains(text.text(of: token))
                #expect(text.token(token, isOneOf: scalars) == expected, "\(text.text(of: token)) in \(list)")
                if expected { hits += 1 }
            }
        }
        #expect(hits > 100)
    }

    /// The rule bits are written out as constants: each rule still has a bit of its own, the
    /// option named after it switches that bit, and `all` holds every rule.
    @Test func eachRuleHasABitOfItsOwn() throws {
        var seen = TaggerSettings.Rules()
        for rule in TaggerSettings.Rule.allCases {
            let bit = rule.flag
            #expect(bit.rawValue != 0 && bit.rawValue & (bit.rawValue - 1) == 0, "\(rule) is one bit")
            #expect(seen.isDisjoint(with: bit), "\(rule) shares its bit")
            seen.formUnion(bit)
            let settings = try TaggerSettings(OptionValues([rule.rawValue: .bool(false)]))
            #expect(settings.rules == TaggerSettings.Rules.all.subtracting(bit), "\(rule) off")
        }
        #expect(seen == TaggerSettings.Rules.all)
    }
}
