import DocumentModel

extension BlockMatcher {
    /// Whether word `i` can never be part of a name: a function word, a title, a head word,
    /// a month, a weekday, a number word or an adjective of nationality.
    mutating func isNameBreaker(_ i: Int) -> Bool {
        guard isWord(i) else { return true }
        let h = hash(i)
        if lexicon.stopWords.contains(h) || lexicon.adjectives.contains(h) { return true }
        let plain = readings(i).prefix(1)
        // One by one: an array of the three tries would be allocated at every call.
        if lexicon.titles.longest(in: text, at: i, readings: plain) != nil { return true }
        if lexicon.organizationHeads.longest(in: text, at: i, readings: plain) != nil { return true }
        if lexicon.placeHeads.longest(in: text, at: i, readings: plain) != nil { return true }
        if lexicon.months.longest(in: text, at: i, readings: plain) != nil { return true }
        if lexicon.weekdays.longest(in: text, at: i, readings: plain) != nil { return true }
        if lexicon.numbers.longest(in: text, at: i, readings: plain) != nil { return true }
        // The present tense: يفعل، تفعل، يتفعل، يستفعل (not a given name such as يونس).
        let w = text.scalars[tokens[i].start..<tokens[i].end]
        let yeh: UInt32 = 0x064A, teh: UInt32 = 0x062A, seen: UInt32 = 0x0633
        if let f = w.first, f == yeh || f == teh, !isFirstName(i) {
            let second = w.dropFirst().first
            if w.count == 4 || (w.count == 5 && (second == teh || second == seen)) || (w.count == 6 && second == seen) { return true }
        }
        return false
    }

    func isFirstName(_ i: Int) -> Bool {
        isWord(i) && gazetteer.firstNames.step(0, hash(i)).flatMap { gazetteer.firstNames.value(at: $0) } != nil
    }

    /// Where a name that starts at word `j` ends. After given names (more given names, or
    /// particles such as دي، بن، أبو with the word after them) comes one family name, which may
    /// carry the article (عادل الجبير); a name that does not start with a given name goes on
    /// only through particles (دي ميستورا، بن لادن). A word with a conjunction or a
    /// preposition attached, a function word or punctuation ends it.
    mutating func nameEnd(from j: Int, firstIsGiven: Bool) -> Int {
        var last = j
        var count = 1
        var given = firstIsGiven
        var k = j + 1
        while k < tokens.count, count < 5, isWord(k), tokens[k].spaceBefore {
            if isNameBreaker(k) { break }
            let h = hash(k)
            if lexicon.particles.contains(h) {
                guard k + 1 < tokens.count, isWord(k + 1), tokens[k + 1].spaceBefore, !isNameBreaker(k + 1),
                    tokens[k + 1].end - tokens[k + 1].start >= 2
                else { break }
                last = k + 1
                count += 2
                // سعد بن أبي وقاص: a particle after a particle takes the word after it too.
                if lexicon.particles.contains(hash(k + 1)), k + 2 < tokens.count, isWord(k + 2), tokens[k + 2].spaceBefore,
                    !isNameBreaker(k + 2), tokens[k + 2].end - tokens[k + 2].start >= 2
                {
                    last = k + 2
                    count += 1
                    k += 1
                }
                // محمد بن سلمان بن عبد العزيز: a given name after a particle can lead on.
                given = isFirstName(k + 1)
                k += 2
                continue
            }
            guard given else { break }
            let first = text.scalars[tokens[k].start]
            let isGiven = isFirstName(k)
            if !isGiven, first == Letter.waw || first == Letter.feh { break }
            if text.isDefinite(k) && !text.hasArticle(k) { break }  // بال، لل، وال…
            if tokens[k].end - tokens[k].start < 2 { break }
            last = k
            count += 1
            k += 1
            // Another given name may lead on (محمد جواد ظريف); anything else is the family name.
            if !(isGiven && !text.hasArticle(k - 1)) { break }
            given = true
        }
        // A name does not run into a place or an organization the gazetteers know.
        var end = last
        var p = j + 1
        while p <= last {
            if gazetteerNameStarts(at: p) && !isFirstName(p) {
                end = p - 1
                break
            }
            p += 1
        }
        return end
    }

    /// The prepositions that join a title to its object (موفد الأمم المتحدة إلى سوريا).
    static let titlePrepositions = PreparedText.words(["الى", "في", "لدى"])

    /// Persons: a known given name followed by a family name, and a title or role followed
    /// by a name.
    mutating func persons(at i: Int) {
        // A given name that is also a title (أمير) before a definite word is the title (أمير البلاد).
        if !isTitleWord(i), let given = phrase(gazetteer.firstNames, at: i) {
            var end = nameEnd(from: given.end, firstIsGiven: true)
            if end == given.end { end = ordinalEnd(after: end) }
            // A given name that is also a function word once normalized (علي and على) needs
            // another given name or a particle after it.
            if given.start == given.end, lexicon.stopWords.contains(given.reading.hash) || lexicon.stopWords.contains(hash(i)),
                !(isFirstName(i + 1) || (i + 1 < tokens.count && lexicon.particles.contains(hash(i + 1))))
            {
                end = given.end
            }
            if end > given.end {
                // After أبو, the kunya is the name's start (أبو أيوب المصري).
                if given.reading.entityOffset == 0, i > 0, isWord(i - 1), tokens[i].spaceBefore, lexicon.kunyas.contains(hash(i - 1)) {
                    add(.person, from: i - 1, to: end, normalized: nil, source: "rule:given-name", priority: Candidate.Priority.context)
                } else {
                    add(.person, from: i, offset: given.reading.entityOffset, to: end, normalized: nil, source: "rule:given-name",
                        priority: Candidate.Priority.context)
                }
                return
            }
        }
        if demonymPerson(at: i) { return }
        guard let title = phrase(lexicon.titles, at: i) else { return }
        // Skip what qualifies the title: adjectives and definite words (وزير الخارجية
        // الأميركي), and a preposition with its object (موفد الأمم المتحدة إلى سوريا).
        var j = title.end + 1
        var skipped = 0
        while j < tokens.count, skipped < 6, isWord(j) {
            if lexicon.adjectives.contains(hash(j)) || text.isDefinite(j) {
                j += 1
                skipped += 1
            } else if text.token(tokens[j], isOneOf: Self.titlePrepositions), j + 1 < tokens.count, isWord(j + 1) {
                j += 2
                skipped += 2
            } else {
                break
            }
        }
        guard j < tokens.count, isWord(j), !text.isDefinite(j), tokens[j].end - tokens[j].start >= 3, !isNameBreaker(j),
            !gazetteerNameStarts(at: j), !gazetteerPersonStarts(at: j)
        else { return }
        let first = text.scalars[tokens[j].start]
        if (first == Letter.waw || first == Letter.feh) && !isFirstName(j) { return }
        // A title without the article takes a complement (رئيس بعثة، مدير شركة): the word
        // right after it is a name only when it is a known given name.
        let definiteTitle = text.isDefinite(i) && !title.reading.articleRemoved
        if !definiteTitle && j == title.end + 1 && givenNameEnd(at: j) == nil { return }
        let end = givenNameEnd(at: j).map { nameEnd(from: $0, firstIsGiven: true) } ?? introducedNameEnd(from: j)
        add(.person, from: j, to: end, normalized: nil, source: "rule:title", priority: Candidate.Priority.context)
    }

    /// A known given name standing alone ("قال محمد"), or after أبو (a kunya, "أبو أيوب"),
    /// when the word is no common word: not a function word, an adjective, a title or a
    /// nationality, and never written with the article in the document (`takesArticle`:
    /// كريم beside الكريم is the adjective). Its priority is the lowest, so any longer or
    /// surer name over it wins.
    mutating func loneGivenName(at i: Int, takesArticle: (Int) -> Bool) {
        guard isWord(i), tokens[i].end - tokens[i].start >= 3, !text.isDefinite(i),
            let m = gazetteer.firstNames.longest(in: text, at: i, readings: readings(i).prefix(1))
        else { return }
        for k in i...m.end {
            let h = hash(k)
            if lexicon.stopWords.contains(h) || lexicon.particles.contains(h) || lexicon.ordinals.contains(h)
                || lexicon.adjectives.contains(h) || lexicon.demonyms.contains(h) || takesArticle(k)
            {
                return
            }
        }
        if isNameBreaker(i) || gazetteerNameStarts(at: i) { return }
        if isTitleWord(i) || lexicon.hijriMonths.longest(in: text, at: i, readings: readings(i).prefix(1)) != nil
        {
            return
        }
        let start = i > 0 && isWord(i - 1) && tokens[i].spaceBefore && lexicon.kunyas.contains(hash(i - 1)) ? i - 1 : i
        add(.person, from: start, to: ordinalEnd(after: m.end), normalized: nil, source: "rule:given-name-alone",
            priority: Candidate.Priority.propagated)
    }

    /// Whether word `i` is a one-word title as it stands or with the article (أمير, الأمير).
    func isTitleWord(_ i: Int) -> Bool {
        guard isWord(i) else { return false }
        func isTitle(_ h: UInt64) -> Bool { lexicon.titles.step(0, h).flatMap { lexicon.titles.value(at: $0) } != nil }
        if isTitle(hash(i)) { return true }
        var h = TokenHash.add(TokenHash.add(TokenHash.seed, Letter.alef), Letter.lam)
        for s in text.scalars[tokens[i].start..<tokens[i].end] { h = TokenHash.add(h, s) }
        return isTitle(h)
    }

    /// A sovereign's ordinal after a name (عبد الله الثاني، محمد السادس) belongs to it.
    func ordinalEnd(after end: Int) -> Int {
        let k = end + 1
        guard k < tokens.count, isWord(k), tokens[k].spaceBefore, text.hasArticle(k), lexicon.ordinals.contains(hash(k)) else { return end }
        return k
    }

    /// Where a given name (عبد الله is two words) starting at word `j` ends, if one does.
    mutating func givenNameEnd(at j: Int) -> Int? {
        gazetteer.firstNames.longest(in: text, at: j, readings: readings(j).prefix(1)).map(\.end)
    }

    /// A name that a title or a nationality introduces and that starts with no known given
    /// name: up to three words, none a function word, none with a conjunction or preposition
    /// attached, none definite unless after a particle.
    mutating func introducedNameEnd(from j: Int) -> Int {
        var last = nameEnd(from: j, firstIsGiven: false)
        var k = last + 1
        while k < tokens.count, k - j < 3, isWord(k), tokens[k].spaceBefore, !isNameBreaker(k), !text.isDefinite(k),
            tokens[k].end - tokens[k].start >= 3, !gazetteerNameStarts(at: k)
        {
            let first = text.scalars[tokens[k].start]
            if first == Letter.waw || first == Letter.feh || first == Letter.beh || first == Letter.lam || first == Letter.kaf { break }
            last = k
            k += 1
        }
        return last
    }

    /// A nationality used as a noun before a name: "السويدي غوران اريكسون", "على الفرنسي ارنو
    /// كليمان". After a definite noun the nationality is its adjective (الجيش السوري قصف) and
    /// no name follows.
    mutating func demonymPerson(at i: Int) -> Bool {
        guard isWord(i), lexicon.demonyms.contains(hash(i)) else { return false }
        // After a definite noun the nationality is its adjective (الجيش السوري قصف); after
        // another adjective (نجمه السابق الفرنسي) it is still a noun.
        if i > 0, isWord(i - 1), text.isDefinite(i - 1) && !lexicon.adjectives.contains(hash(i - 1))
            || lexicon.titles.longest(in: text, at: i - 1, readings: readings(i - 1).prefix(1)) != nil
        {
            return false
        }
        let j = i + 1
        guard j < tokens.count, isWord(j), tokens[j].spaceBefore, !text.isDefinite(j), tokens[j].end - tokens[j].start >= 3,
            !isNameBreaker(j), !gazetteerNameStarts(at: j), !gazetteerPersonStarts(at: j)
        else { return false }
        let first = text.scalars[tokens[j].start]
        if (first == Letter.waw || first == Letter.feh || first == Letter.beh || first == Letter.lam) && !isFirstName(j) { return false }
        let given = givenNameEnd(at: j)
        let end = given.map { nameEnd(from: $0, firstIsGiven: true) } ?? introducedNameEnd(from: j)
        // One unknown word alone after a nationality is too often a verb or a noun.
        guard end > j || given != nil || gazetteer.names.step(0, hash(j)) != nil else { return false }
        add(.person, from: j, to: end, normalized: nil, source: "rule:nationality", priority: Candidate.Priority.context)
        return true
    }

    /// Facilities, whose generic word is part of the name: "مطار دمشق الدولي", "مسجد هوبان",
    /// "شارع الحمرا".
    mutating func facilities(at i: Int) {
        guard let head = phrase(lexicon.facilityHeads, at: i) else { return }
        if gazetteerNameStarts(at: i) { return }
        var last = head.end
        var k = head.end + 1
        while k < tokens.count, k - head.end <= 3, isWord(k), tokens[k].spaceBefore, !lexicon.stopWords.contains(hash(k)) {
            if k == head.end + 1 {
                // The first word of the name: a place, a person or any word that is not a function word.
                if isNameBreaker(k) && !text.hasArticle(k) { break }
                last = k
            } else if text.hasArticle(k), !lexicon.demonyms.contains(hash(k)) {
                last = k  // الدولي، الكبير
            } else {
                break
            }
            k += 1
        }
        guard last > head.end else { return }
        add(.place, from: i, offset: head.reading.entityOffset, to: last, normalized: nil, source: "rule:facility",
            priority: Candidate.Priority.context)
    }

    /// Organizations: a head word (وزارة، حزب، جبهة، المرصد …) and the name that follows.
    mutating func organizations(at i: Int) {
        guard let head = phrase(lexicon.organizationHeads, at: i) else { return }
        // The gazetteers know this one: they say where it ends.
        if gazetteerNameStarts(at: i) { return }
        let start = tokens[i].start + head.reading.entityOffset
        let definiteHead = text.scalars[start] == Letter.alef && text.scalars[start + 1] == Letter.lam
        var last = head.end
        var k = head.end + 1
        var added = 0
        while k < tokens.count, added < 5, isWord(k), tokens[k].spaceBefore {
            let h = hash(k)
            if lexicon.stopWords.contains(h) || lexicon.titles.longest(in: text, at: k, readings: readings(k).prefix(1)) != nil
                || isFirstName(k)
            {
                break
            }
            if text.hasArticle(k) {
                last = k
            } else if added == 0 && !definiteHead && k + 1 < tokens.count && text.hasArticle(k + 1) && !isNameBreaker(k) {
                // وزارة شؤون اللاجئين
                last = k + 1
                k += 1
                added += 1
            } else if added > 0, text.isDefinite(k), text.scalars[tokens[k].start] == Letter.lam {
                // لحقوق الإنسان: لل… inside a name
                last = k
            } else if added > 0, text.scalars[tokens[k].start] == Letter.lam, k + 1 < tokens.count, text.hasArticle(k + 1),
                !isNameBreaker(k)
            {
                last = k + 1
                k += 1
                added += 1
            } else {
                break
            }
            added += 1
            k += 1
        }
        guard last > head.end else { return }
        // A name of two words is often a description (مجلس الإدارة، المنظمة الدولية): it counts
        // when a nationality or a known place makes it specific (هيئة المعارضة السورية).
        if last - i < 2 {
            var specific = false
            for k in (head.end + 1)...last where lexicon.demonyms.contains(hash(k)) || gazetteerNameStarts(at: k) { specific = true }
            guard specific else { return }
        }
        add(.organization, from: i, offset: head.reading.entityOffset, to: last, normalized: nil, source: "rule:organization",
            priority: Candidate.Priority.context)
    }

    /// Places: a head word (مدينة، محافظة، حي، ريف …) and the name that follows.
    mutating func places(at i: Int) {
        guard let head = phrase(lexicon.placeHeads, at: i) else { return }
        var j = head.end + 1
        while j < tokens.count, isWord(j), lexicon.adjectives.contains(hash(j)) { j += 1 }  // العاصمة السورية دمشق
        guard j < tokens.count, isWord(j), tokens[j].spaceBefore, tokens[j].end - tokens[j].start >= 3, !isNameBreaker(j) else { return }
        let first = text.scalars[tokens[j].start]
        if first == Letter.waw || (text.isDefinite(j) && !text.hasArticle(j)) { return }
        var last = j
        if text.hasArticle(j), j + 1 < tokens.count, isWord(j + 1), text.hasArticle(j + 1), tokens[j + 1].spaceBefore,
            lexicon.directions.contains(hash(j + 1))
        {
            last = j + 1
        }
        add(.place, from: j, to: last, normalized: nil, source: "rule:place", priority: Candidate.Priority.context)
    }
}

extension BlockMatcher {
    /// A dateline's source: a paragraph that starts with places, a dash or a colon, and a
    /// name the gazetteers know followed by a colon names the newspaper or agency that sends
    /// the story ("دبي - الخليج :", "بغداد : الشرق الاوسط"), an organization there whatever
    /// the name is elsewhere.
    mutating func dateline() {
        guard !gazetteer.names.isEmpty else { return }
        var i = 0
        let listed: (GazetteerEntry, Reading) -> Bool = { e, r in r.stripped == 0 || r.articleRemoved && r.stripped == 2 && e.articleOptional }
        while i < tokens.count, isWord(i), let m = gazetteer.names.longest(in: text, at: i, readings: readings(i), accept: listed), m.value.kind == .place {
            i = m.end + 1
        }
        guard i > 0, i + 1 < tokens.count, text.isPunctuation(i, 0x2D) || text.isPunctuation(i, 0x3A) else { return }
        let j = i + 1
        guard isWord(j) else { return }
        if let m = gazetteer.names.longest(in: text, at: j, readings: readings(j), accept: listed),
            m.value.kind == .place || m.value.kind == .organization, text.isPunctuation(m.end + 1, 0x3A)
        {
            add(.organization, from: j, to: m.end, normalized: nil, source: "rule:dateline", priority: Candidate.Priority.gazetteer + 1)
        } else if text.hasArticle(j), text.isPunctuation(j + 1, 0x3A), !isNameBreaker(j) {
            // One definite word: a newspaper's name ("الدوحة - الراية :").
            add(.organization, from: j, to: j, normalized: nil, source: "rule:dateline", priority: Candidate.Priority.gazetteer + 1)
        }
    }

    /// A credit in brackets: "( الفرنسية )" is the French agency, as "( الألمانية )" is the
    /// German one. Only the agencies' adjectives, and only alone between brackets (or before a
    /// dash, "( الفرنسية - أرشيف )").
    mutating func credit(at i: Int) {
        let j = i + 1
        guard text.isPunctuation(i, 0x28), j + 1 < tokens.count, isWord(j), lexicon.agencies.contains(hash(j)),
            text.isPunctuation(j + 1, 0x29) || text.isPunctuation(j + 1, 0x2D)
        else { return }
        add(.organization, from: j, to: j, normalized: nil, source: "rule:credit", priority: Candidate.Priority.gazetteer + 1)
    }
}

extension BlockMatcher {
    /// A country or a city after منتخب، فريق، نادي is a team: "منتخب انجلترا", "فريق برشلونة".
    mutating func teams(at i: Int) {
        guard i + 1 < tokens.count, phrase(lexicon.teamHeads, at: i) != nil, !gazetteer.names.isEmpty else { return }
        let j = i + 1
        guard let m = gazetteer.names.longest(in: text, at: j, readings: readings(j).prefix(1)), m.value.kind == .place else { return }
        add(.organization, from: j, to: m.end, normalized: m.value.canonical, source: "rule:team", priority: Candidate.Priority.gazetteer + 1)
    }
}

extension BlockMatcher {
    /// The subject of a verb of saying, when it is a name followed by a comma or a role:
    /// "وقال بيرنار انغو، رئيس …", "واضاف دان غيلرمان ان …" (two or three unknown words, none a
    /// function word, a known common word or definite).
    mutating func speaker(at i: Int) {
        let j = i + 1
        guard j + 1 < tokens.count, isWord(j), isWord(j + 1), tokens[j].spaceBefore, tokens[j + 1].spaceBefore else { return }
        var last = j - 1
        var k = j
        while k < tokens.count, k - j < 3, isWord(k), tokens[k].spaceBefore, !isNameBreaker(k), !text.isDefinite(k),
            tokens[k].end - tokens[k].start >= 3, !gazetteerNameStarts(at: k), !gazetteer.names.starts(with: hash(k))
        {
            let first = text.scalars[tokens[k].start]
            if first == Letter.waw || first == Letter.feh || first == Letter.beh || first == Letter.lam || first == Letter.kaf { break }
            last = k
            k += 1
        }
        guard last >= j + 1 else { return }  // two words at least
        // What follows: a comma, or a role.
        let after = last + 1
        guard after < tokens.count else { return }
        let followsComma = isPunct(after, ",") || isPunct(after, "،")
        let followsRole = isWord(after) && lexicon.titles.longest(in: text, at: after, readings: readings(after).prefix(1)) != nil
        guard followsComma || followsRole else { return }
        add(.person, from: j, to: last, normalized: nil, source: "rule:speaker", priority: Candidate.Priority.context - 1)
    }
}
