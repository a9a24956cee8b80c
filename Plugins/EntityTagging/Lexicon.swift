import WarraqKit

/// The rules' word lists, normalized as the text is and compiled into tries and hash sets.
struct Lexicon: Sendable {
    /// What a word can start.
    struct Trigger: OptionSet, Sendable {
        var rawValue: UInt32
        static let month = Trigger(rawValue: 1 << 0)
        static let hijriMonth = Trigger(rawValue: 1 << 1)
        static let weekday = Trigger(rawValue: 1 << 2)
        static let weekdayLead = Trigger(rawValue: 1 << 3)
        static let yearLead = Trigger(rawValue: 1 << 4)
        static let number = Trigger(rawValue: 1 << 5)
        static let title = Trigger(rawValue: 1 << 6)
        static let organizationHead = Trigger(rawValue: 1 << 7)
        static let placeHead = Trigger(rawValue: 1 << 8)
        static let facilityHead = Trigger(rawValue: 1 << 9)
        static let teamHead = Trigger(rawValue: 1 << 10)
        static let demonym = Trigger(rawValue: 1 << 11)
        static let speech = Trigger(rawValue: 1 << 12)
    }

    /// For the first word of every phrase the rules know, what it can start.
    var triggers = HashMap()
    /// The words of ``triggers`` as a bit filter small enough to stay in the nearest cache:
    /// most words start no rule, which one bit tells.
    var triggerFilter = BitFilter(expected: 0)

    /// What word `hash` can start.
    @inline(__always) func trigger(_ hash: UInt64) -> Trigger {
        guard triggerFilter.mayContain(hash), let f = triggers[hash] else { return [] }
        return Trigger(rawValue: UInt32(bitPattern: f))
    }

    /// What each common scalar normalizes to, for blocks that need no offset map.
    var scalarMap: ScalarMap

    struct Currency: Sendable {
        var code: String
        var adjectives: PhraseTrie<String>
    }

    var months = PhraseTrie<Int>()
    var ambiguousMonths: HashSet = []
    var hijriMonths = PhraseTrie<Int>()
    var hijriMarkers: HashSet = []
    var gregorianMarkers: HashSet = []
    var weekdays = PhraseTrie<Int>()
    var weekdayLeads: HashSet = []
    var today: UInt64 = 0
    var nextMarkers: HashSet = []
    var lastMarkers: HashSet = []
    var yearLeads: HashSet = []
    /// Number words: value and whether it multiplies (ألف, مليون).
    var numbers = PhraseTrie<(value: Double, scale: Bool)>()
    var percentWords = PhraseTrie<Bool>()
    var currencies = PhraseTrie<Currency>()
    var titles = PhraseTrie<Bool>()
    var organizationHeads = PhraseTrie<Bool>()
    var placeHeads = PhraseTrie<Bool>()
    var facilityHeads = PhraseTrie<Bool>()
    var teamHeads = PhraseTrie<Bool>()
    /// Nationalities used as nouns before a name (السويدي، الفرنسية).
    var demonyms: HashSet = []
    var particles: HashSet = []
    /// أبو before a given name makes a kunya (أبو أيوب).
    var kunyas: HashSet = []
    /// The adjectives that stand for news agencies in a credit: (الفرنسية), (الألمانية).
    var agencies: HashSet = []
    var stopWords: HashSet = []
    var adjectives: HashSet = []
    /// الشرقية، الغربي …: part of a place name (الغوطة الشرقية).
    var directions: HashSet = []
    /// الأول، الثاني …: regnal numbers in names, never a short form of one.
    var ordinals: HashSet = []

    static let teamWords = ["منتخب", "فريق", "نادي", "لاعب", "لاعبو", "لاعبي", "مدرب", "جماهير", "مهاجم", "مدافع", "حارس"]

    init(normalization: TextNormalization) {
        scalarMap = ScalarMap(normalization)
        func hashes(_ s: String) -> [UInt64] {
            PreparedText(normalized: normalization.apply(to: s, trim: true)).tokens.map(\.hash)
        }
        func set(_ words: [String]) -> HashSet { HashSet(words.compactMap { hashes($0).first }) }
        for (w, m) in ArabicWords.months { months.insert(hashes(w), m) }
        ambiguousMonths = set(Array(ArabicWords.ambiguousMonths))
        for (w, m) in ArabicWords.hijriMonths { hijriMonths.insert(hashes(w), m) }
        hijriMarkers = set(ArabicWords.hijriMarkers)
        gregorianMarkers = set(ArabicWords.gregorianMarkers)
        for (w, d) in ArabicWords.weekdays { weekdays.insert(hashes(w), d) }
        weekdayLeads = set(ArabicWords.weekdayLeads)
        today = hashes("اليوم")[0]
        nextMarkers = set(ArabicWords.nextMarkers)
        lastMarkers = set(ArabicWords.lastMarkers)
        yearLeads = set(ArabicWords.yearLeads)
        for (w, v) in ArabicWords.units { numbers.insert(hashes(w), (v, false)) }
        for (w, v) in ArabicWords.teens { numbers.insert(hashes(w), (v, false)) }
        for (w, v) in ArabicWords.scales { numbers.insert(hashes(w), (v, true)) }
        for w in ArabicWords.percentWords { percentWords.insert(hashes(w), true) }
        var byWord: [String: Currency] = [:]
        for c in ArabicWords.currencies {
            var adjectives = PhraseTrie<String>()
            for (a, code) in c.adjectives {
                adjectives.insert(hashes(a), code)
                // The feminine form, for ليرة سورية and the like, and the masculine for a feminine.
                if a.hasSuffix("ة") { adjectives.insert(hashes(String(a.dropLast())), code) } else { adjectives.insert(hashes(a + "ة"), code) }
            }
            let currency = Currency(code: c.code, adjectives: adjectives)
            byWord[c.word] = currency
            currencies.insert(hashes(c.word), currency)
        }
        for (form, word) in ArabicWords.currencyForms {
            if let c = byWord[word] { currencies.insert(hashes(form), c) }
        }
        // Titles with their feminine forms (الشاعر، الشاعرة), and the masculine of a feminine.
        var titleForms = ArabicWords.titles
        for t in ArabicWords.titles where !t.contains(" ") && t.count > 3 {
            titleForms.append(t.hasSuffix("ة") ? String(t.dropLast()) : t + "ة")
        }
        for w in titleForms { titles.insert(hashes(w), true) }
        for w in ArabicWords.organizationHeads { organizationHeads.insert(hashes(w), true) }
        for w in ArabicWords.placeHeads { placeHeads.insert(hashes(w), true) }
        for w in Self.teamWords { teamHeads.insert(hashes(w), true) }
        for w in ArabicWords.facilityHeads { facilityHeads.insert(hashes(w), true) }
        var demonymForms: [String] = []
        for d in ArabicWords.demonyms { demonymForms += [d, d + "ة"] }
        demonyms = set(demonymForms)
        particles = set(ArabicWords.nameParticles)
        kunyas = set(["أبو"])
        agencies = set(["الفرنسية", "الألمانية", "الإيطالية", "الأوروبية"])
        stopWords = set(ArabicWords.stopWords)
        var adjectiveForms: [String] = []
        for a in ArabicWords.adjectives {
            adjectiveForms.append(a)
            adjectiveForms.append(a + "ة")
            if a.hasSuffix("ي") { adjectiveForms.append(a + "ون"); adjectiveForms.append(a + "ين") }
        }
        adjectives = set(adjectiveForms)
        func mark(_ words: [String], _ t: Trigger) {
            for w in words {
                if let h = hashes(w).first { triggers.set(h, Int32(bitPattern: UInt32(triggers[h] ?? 0) | t.rawValue)) }
            }
        }
        mark(ArabicWords.months.map(\.0), .month)
        mark(ArabicWords.hijriMonths.map(\.0), .hijriMonth)
        mark(ArabicWords.weekdays.map(\.0), .weekday)
        mark(ArabicWords.weekdayLeads, .weekdayLead)
        mark(ArabicWords.yearLeads, .yearLead)
        mark(ArabicWords.units.map(\.0) + ArabicWords.teens.map(\.0) + ArabicWords.scales.map(\.0), .number)
        mark(titleForms, .title)
        mark(ArabicWords.organizationHeads, .organizationHead)
        mark(ArabicWords.placeHeads, .placeHead)
        mark(ArabicWords.facilityHeads, .facilityHead)
        mark(Self.teamWords, .teamHead)
        mark(ArabicWords.demonyms + ArabicWords.demonyms.map { $0 + "ة" }, .demonym)
        mark(["قال", "وقال", "فقال", "قالت", "وقالت", "أضاف", "وأضاف", "أكد", "وأكد", "أعلن", "وأعلن", "أوضح", "وأوضح", "صرح", "وصرح",
              "أشار", "وأشار", "يقول", "ويقول", "رأى", "ورأى", "اعتبر", "واعتبر", "أكدت", "أضافت", "أعلنت", "أوضحت"], .speech)
        for k in [\Lexicon.months, \.hijriMonths, \.weekdays] as [WritableKeyPath<Lexicon, PhraseTrie<Int>>] { self[keyPath: k].buildBitFilter() }
        for k in [\Lexicon.titles, \.organizationHeads, \.placeHeads, \.facilityHeads, \.teamHeads, \.percentWords] as [WritableKeyPath<Lexicon, PhraseTrie<Bool>>] {
            self[keyPath: k].buildBitFilter()
        }
        numbers.buildBitFilter()
        currencies.buildBitFilter()
        var filter = BitFilter(expected: triggers.count)
        triggers.forEach { key, _ in filter.insert(key) }
        triggerFilter = filter
        ordinals = set(ArabicWords.ordinals)
        directions = set(["الشرقي", "الشرقية", "الغربي", "الغربية", "الشمالي", "الشمالية", "الجنوبي", "الجنوبية", "الأوسط", "الوسطى", "الكبرى", "الصغرى"])
    }
}
