import DocumentModel
import Testing
import WarraqKit

@testable import EntityTaggingPlugin

@Suite("tag-entities rules")
struct RuleTests {
    typealias Found = Tagging.Found

    func dates(_ text: String, _ raw: [String: String] = [:], published: String? = nil) throws -> [Found] {
        try Tagging.entities(text, raw, metadata: Metadata(published: published, language: "ar")).filter { $0.kind == .date }
    }

    @Test(arguments: [
        ("في 29 ابريل 2016 قتل", "29 ابريل 2016", "2016-04-29"),
        ("في 29 أبريل/نيسان 2016 قتل", "29 أبريل/نيسان 2016", "2016-04-29"),
        ("منذ 3 كانون الثاني 2015 وهو", "3 كانون الثاني 2015", "2015-01-03"),
        ("يوم 31 كانون الأول 1999", "31 كانون الأول 1999", "1999-12-31"),
        ("في 15 جانفي 2014 بالجزائر", "15 جانفي 2014", "2014-01-15"),
        ("في 4 جويلية 2013", "4 جويلية 2013", "2013-07-04"),
        ("في 20 أوت 2012", "20 أوت 2012", "2012-08-20"),
        ("في تشرين الأول/أكتوبر 2011", "تشرين الأول/أكتوبر 2011", "2011-10"),
        ("في فيفري الماضي", "فيفري", "--02"),
        ("هدنة في شباط/فبراير بين", "شباط/فبراير", "--02"),
        ("منذ 22 نيسان/ابريل قتل", "22 نيسان/ابريل", "--04-22"),
        ("بتاريخ 29/4/2016 صدر", "29/4/2016", "2016-04-29"),
        ("بتاريخ 2016-04-29 صدر", "2016-04-29", "2016-04-29"),
        ("بتاريخ 29.04.2016 صدر", "29.04.2016", "2016-04-29"),
        ("بتاريخ ٢٩/٤/٢٠١٦ صدر", "٢٩/٤/٢٠١٦", "2016-04-29"),
        ("في عام 2016 كان", "عام 2016", "2016"),
        ("في 1 رمضان 1437 هـ", "1 رمضان 1437 هـ", "2016-06-07"),
        ("في محرم 1437 هـ", "محرم 1437 هـ", "2015-10-15/2015-11-13"),
        ("عام 1437 هـ", "عام 1437 هـ", "2015-10-15/2016-10-02"),
    ])
    func datesAreISO8601(_ text: String, _ covered: String, _ value: String) throws {
        let found = try dates(text)
        #expect(found == [Found(kind: .date, text: covered, normalized: value)], "\(found)")
    }

    @Test func ambiguousMonthNamesNeedADayAYearOrAPair() throws {
        #expect(try dates("مارس الضغط على الحكومة").isEmpty)
        #expect(try dates("توفي الاب عن عمر").isEmpty)
        #expect(try dates("في 5 آب 2014").map(\.normalized) == ["2014-08-05"])
        #expect(try !dates("في 30 شباط 2015").contains { $0.text.hasPrefix("30") })  // no such day
    }

    @Test func weekdaysResolveAgainstTheDocumentDate() throws {
        // 2016-05-01 was a Sunday.
        let published = "2016-05-01T10:00:00Z"
        #expect(try dates("طلبت واشنطن السبت ان", published: published) == [Found(kind: .date, text: "السبت", normalized: "2016-04-30")])
        #expect(try dates("سيتوجه الى جنيف اليوم الاحد", published: published) == [Found(kind: .date, text: "اليوم الاحد", normalized: "2016-05-01")])
        #expect(try dates("يصل الثلاثاء المقبل", published: published) == [Found(kind: .date, text: "الثلاثاء المقبل", normalized: "2016-05-03")])
        #expect(try dates("وصل الأحد الماضي", published: published) == [Found(kind: .date, text: "الأحد الماضي", normalized: "2016-04-24")])
        // Without a date, the weekday is tagged with no value; reference-date stands in.
        #expect(try dates("طلبت واشنطن السبت ان") == [Found(kind: .date, text: "السبت", normalized: nil)])
        #expect(try dates("طلبت واشنطن السبت ان", ["reference-date": "2016-05-01"]).map(\.normalized) == ["2016-04-30"])
        // Yearless dates take the year from it.
        #expect(try dates("منذ 22 نيسان/ابريل", published: published).map(\.normalized) == ["2016-04-22"])
        #expect(try dates("في كانون الأول", published: published).map(\.normalized) == ["2015-12"])
    }

    @Test func aBadReferenceDateIsRefused() throws {
        #expect(throws: Diagnostic.self) { _ = try Tagging.entities("السبت", ["reference-date": "30/04/2016"]) }
        // When the options are checked, before any document: a date that does not exist too.
        for bad in ["30/04/2016", "2015-02-29", "2016-13-01", "2016-4-30", ""] {
            do {
                _ = try Tagging.options(["reference-date": bad])
                Issue.record("reference-date \(bad) accepted")
            } catch let error as Diagnostic {
                #expect(error.code == "bad-option-value" && error.message.contains("YYYY-MM-DD"), "\(error.message)")
            }
        }
        _ = try Tagging.options(["reference-date": "2016-02-29"])
    }

    @Test(arguments: [
        ("قتل 246 مدنيا", Found(kind: .number, text: "246", normalized: "246")),
        ("قتل ٢٤٦ مدنيا", Found(kind: .number, text: "٢٤٦", normalized: "246")),
        ("بلغ 1,500,000 نسمة", Found(kind: .number, text: "1,500,000", normalized: "1500000")),
        ("بلغ ١٬٥٠٠ نسمة", Found(kind: .number, text: "١٬٥٠٠", normalized: "1500")),
        ("نما ٢٫٥ مرة", Found(kind: .number, text: "٢٫٥", normalized: "2.5")),
        ("نما 2.5 مرة", Found(kind: .number, text: "2.5", normalized: "2.5")),
        ("انتاج خمسة ملايين سيارة", Found(kind: .number, text: "خمسة ملايين", normalized: "5000000")),
        ("نحو 63 مليون سيارة", Found(kind: .number, text: "63 مليون", normalized: "63000000")),
        ("قتل ثلاثة آلاف وخمسمئة شخص", Found(kind: .number, text: "ثلاثة آلاف وخمسمئة", normalized: "3500")),
        ("زاد 40% عن", Found(kind: .percent, text: "40%", normalized: "40%")),
        ("زاد ٤٠٪ عن", Found(kind: .percent, text: "٤٠٪", normalized: "40%")),
        ("زاد 40 بالمئة عن", Found(kind: .percent, text: "40 بالمئة", normalized: "40%")),
        ("بنسبة ستة في المائة فقط", Found(kind: .percent, text: "ستة في المائة", normalized: "6%")),
        ("دفع 10 دولارات", Found(kind: .money, text: "10 دولارات", normalized: "10 USD")),
        ("دفع $10 فقط", Found(kind: .money, text: "$10", normalized: "10 USD")),
        ("بقيمة 5 ملايين يورو", Found(kind: .money, text: "5 ملايين يورو", normalized: "5000000 EUR")),
        ("بسعر 300 ليرة سورية", Found(kind: .money, text: "300 ليرة سورية", normalized: "300 SYP")),
        ("بسعر 20 جنيها استرلينيا", Found(kind: .money, text: "20 جنيها", normalized: "20 جنيه")),
        ("بقيمة 12 مليار ريال سعودي", Found(kind: .money, text: "12 مليار ريال سعودي", normalized: "12000000000 SAR")),
        ("في الساعة 10:30 مساء", Found(kind: .time, text: "10:30 مساء", normalized: "22:30")),
    ])
    func numbersPercentagesMoneyAndTimes(_ text: String, _ expected: Found) throws {
        let found = try Tagging.entities(text).filter { ![.person, .place, .organization].contains($0.kind) }
        #expect(found == [expected], "\(found)")
    }

    @Test func rulesCanBeSwitchedOff() throws {
        let text = "في 29 ابريل 2016 قتل 246 شخصا بنسبة 40% و10 دولارات"
        #expect(!Tagging.texts(try Tagging.entities(text), .date).isEmpty)
        #expect(Tagging.texts(try Tagging.entities(text, ["dates": "false"]), .date).isEmpty)
        #expect(Tagging.texts(try Tagging.entities(text, ["percentages": "false"]), .percent).isEmpty)
        #expect(Tagging.texts(try Tagging.entities(text, ["money": "false"]), .money).isEmpty)
        let onlyNumbers = try Tagging.entities(text, ["kinds": "number"])
        #expect(Set(onlyNumbers.map(\.kind)) == [.number])
    }

    @Test func personsFromTitlesAndGivenNames() throws {
        let found = try Tagging.entities(
            "قال وزير الخارجية الاميركي جون كيري ان الرئيس الفرنسي فرانسوا هولاند التقى المدرب مورينيو وعادل الجبير ورياض حجاب")
        let persons = Tagging.texts(found, .person)
        #expect(persons.contains("جون كيري"))
        #expect(persons.contains("فرانسوا هولاند"))
        #expect(persons.contains("مورينيو"))
        #expect(persons.contains("عادل الجبير"))
        #expect(persons.contains("رياض حجاب"))
        #expect(!persons.contains { $0.hasPrefix("و") })
    }

    @Test func aGivenNameAloneOrInAKunya() throws {
        // A known given name alone is a person; after أبو it is a kunya.
        #expect(Tagging.texts(try Tagging.entities("وقال محمد إن الاتفاق صامد"), .person) == ["محمد"])
        #expect(Tagging.texts(try Tagging.entities("وقال أبو أيوب إن الاتفاق صامد"), .person) == ["أبو أيوب"])
        #expect(Tagging.texts(try Tagging.entities("وتبنى أبو أيوب المصري الهجوم"), .person) == ["أبو أيوب المصري"])
        // Not when the document also writes it with the article: then it is a common word.
        #expect(Tagging.texts(try Tagging.entities("كان المشهد جميلا وكريم\nقال الكريم"), .person).isEmpty)
        // Nor without the persons rule.
        #expect(Tagging.texts(try Tagging.entities("وقال محمد إن الاتفاق صامد", ["persons": "false"]), .person).isEmpty)
    }

    @Test func aGivenNameAloneIsNoVerbMonthOrTitle() throws {
        // يزيد is a given name and the verb "increases": the document also writes تزيد.
        #expect(Tagging.texts(try Tagging.entities("تزيد الصادرات كما يزيد ."), .person).isEmpty)
        #expect(Tagging.texts(try Tagging.entities("وقال يزيد إن الاتفاق صامد"), .person) == ["يزيد"])
        // أمير is a given name and a title: before a definite word it is the title.
        #expect(Tagging.texts(try Tagging.entities("استقبل أمير البلاد الوفد"), .person).isEmpty)
        // A sovereign's ordinal belongs to the name.
        #expect(Tagging.texts(try Tagging.entities("وصل عبد الله الثاني إلى عمان"), .person) == ["عبد الله الثاني"])
    }

    @Test func aTitleBeforeAKnownNameLeavesItsEndToTheGazetteer() throws {
        // Without the gazetteer, the title's name would run on into the verb.
        #expect(Tagging.texts(try Tagging.entities("ولا الرئيس شيراك استنكروا هذه العملية"), .person) == ["شيراك"])
    }

    @Test func aParticleAfterAParticleTakesTheNextWord() throws {
        #expect(Tagging.texts(try Tagging.entities("قاد سعد بن أبي وقاص الجيش"), .person) == ["سعد بن أبي وقاص"])
    }

    @Test func aDatelineNamesItsSource() throws {
        let found = try Tagging.entities("دبي - الخليج : ارتفعت الأسهم في الخليج")
        #expect(found.contains(Tagging.Found(kind: .organization, text: "الخليج", normalized: nil)))
        #expect(found.contains(Tagging.Found(kind: .place, text: "الخليج", normalized: "الخليج")))
        #expect(found.contains { $0.kind == .place && $0.text == "دبي" })
        // A newspaper's name the gazetteers do not know: one definite word.
        let paper = try Tagging.entities("الدوحة - الراية : تحتفل البلاد اليوم")
        #expect(Tagging.texts(paper, .organization) == ["الراية"])
    }

    @Test func aCreditInBracketsNamesTheAgency() throws {
        let found = try Tagging.entities("ارتفع عدد القتلى ( الفرنسية ) وقال المسؤول إن الحكومة الفرنسية تدرس")
        // The agency in brackets; the adjective of الحكومة الفرنسية stays in the government's name.
        #expect(Tagging.texts(found, .organization) == ["الفرنسية", "الحكومة الفرنسية"])
        #expect(Tagging.texts(try Tagging.entities("صورة أرشيفية ( الألمانية - أرشيف )"), .organization) == ["الألمانية"])
    }

    @Test func aGivenNameThatIsAlsoAFunctionWordNeedsMore() throws {
        // على normalizes to علي (Ali).
        #expect(Tagging.texts(try Tagging.entities("عمل على احلال السلام وعلى الضغط"), .person).isEmpty)
        #expect(Tagging.texts(try Tagging.entities("قال علي عبد الله صالح"), .person) == ["علي عبد الله صالح"])
    }

    @Test func organizationsAndPlacesFromTheirHeads() throws {
        let found = try Tagging.entities(
            "اعلنت وزارة شؤون اللاجئين وحزب الأمة القومي ان المرصد السوري لحقوق الانسان رصد قصفا على حي القاطرجي وبلدة كفرزيتا ومطار دمشق الدولي")
        #expect(Tagging.texts(found, .organization).contains("وزارة شؤون اللاجئين"))
        #expect(Tagging.texts(found, .organization).contains("حزب الأمة القومي"))
        #expect(Tagging.texts(found, .organization).contains("المرصد السوري لحقوق الانسان"))
        let places = Tagging.texts(found, .place)
        #expect(places.contains("القاطرجي"))
        #expect(places.contains("كفرزيتا"))
        #expect(places.contains("مطار دمشق الدولي"))
        // Switched off, only gazetteer names are left.
        let off = try Tagging.entities("قصف على حي القاطرجي", ["places": "false"])
        #expect(Tagging.texts(off, .place).isEmpty)
    }

    @Test func theDocumentLevelPassFindsShortForms() throws {
        let text = "التقى ستافان دي ميستورا جون كيري\nوقال كيري لدي ميستورا ان\nواكد دي ميستورا"
        let found = try Tagging.entities(text)
        #expect(Tagging.texts(found, .person) == ["ستافان دي ميستورا", "جون كيري", "كيري", "دي ميستورا", "دي ميستورا"])
        let kerry = found.first { $0.text == "كيري" }
        #expect(kerry?.normalized == "جون كيري")
        let off = try Tagging.entities(text, ["propagation": "false", "shipped-gazetteers": "false", "gazetteers": GazetteerTests.shipped + "/first-names.tsv"])
        #expect(!Tagging.texts(off, .person).contains("كيري"))
    }

    @Test func aShortFormThatIsACommonWordDoesNotSpread() throws {
        // "أحمد الكبير" makes a person, but the document writes كبير as a common word too.
        let text = "قال أحمد الكبير ان\nالمبنى الكبير وبيت كبير"
        let found = try Tagging.entities(text)
        #expect(Tagging.texts(found, .person) == ["أحمد الكبير"])
    }

    @Test func entitiesLandInsideEmphasisAndLinksAndNeverCutThem() throws {
        let g = try GazetteerTests().scratch("حلب\tplace\nمدينة حلب القديمة\tplace\n")
        let doc = Document(
            metadata: Metadata(language: "ar"),
            blocks: [
                Block(.paragraph([.text("في "), Inline(.emphasis([.text("حلب")])), .text(" و"), Inline(.link(Link(target: "x"), [.text("حلب اليوم")]))])),
                Block(.paragraph([.text("مدينة "), Inline(.strong([.text("حلب القديمة")]))])),
                Block(.paragraph([.text("في "), Inline(.code("حلب"))])),
            ])
        let tagged = try Tagging.tag(doc, ["shipped-gazetteers": "false", "gazetteers": g, "places": "false"])
        #expect(tagged.blocks[0].plainText == doc.blocks[0].plainText)
        let found = Tagging.entities(of: tagged)
        #expect(found.map(\.text) == ["حلب", "حلب", "مدينة حلب القديمة"])
        if case .paragraph(let content) = tagged.blocks[0].kind {
            // Around the whole emphasis; inside the link, which holds more than the name.
            #expect(content[1].typeName == "entity" && content[1].children.first?.typeName == "emphasis")
            #expect(content[3].typeName == "link" && content[3].children.first?.typeName == "entity")
        }
        if case .paragraph(let content) = tagged.blocks[1].kind {
            #expect(content.count == 1 && content[0].typeName == "entity")  // around the text and the strong
        }
    }

    @Test func nestedBlocksAreTaggedAsTheSameParagraphsInOneList() throws {
        // Paragraphs and headings at the top (plain, or with emphasis), and inside a quote, a
        // list and a division: tagged in place, each must come out as the same paragraph does
        // in a document of those paragraphs alone, in the same order (the document-level pass
        // carries the names across both the same way).
        let leaves: [Block] = [
            Block(.heading(level: 1, content: [.text("جون كيري في حلب")])),
            .paragraph("قال وزير الخارجية الاميركي جون كيري السبت في باريس ان الهدنة في حلب صامدة"),
            Block(.paragraph([.text("ووصل "), Inline(.emphasis([.text("كيري")])), .text(" الى دمشق يوم 27 شباط 2016")])),
            .paragraph("وقال كيري ان 40% من المساعدات وصلت"),
            .paragraph("بلا كيان"),
            .paragraph("واكد ستافان دي ميستورا في جنيف ان دي ميستورا سيزور حلب"),
            Block(.heading(level: 2, content: [.text("دي ميستورا و"), Inline(.strong([.text("جنيف")]))])),
        ]
        let nested = Document(
            metadata: Metadata(language: "ar"),
            blocks: [
                leaves[0],
                Block(.blockQuote([leaves[1], Block(.list(ordered: false, start: 1, items: [[leaves[2]], [leaves[3]]]))])),
                leaves[4],
                Block(.division([Block(.division([leaves[5]])), Block(.thematicBreak)])),
                Block(.codeBlock(language: nil, text: "كيري")),
                leaves[6],
            ])
        let flat = try Tagging.tag(Document(metadata: Metadata(language: "ar"), blocks: leaves))
        let tagged = try Tagging.tag(nested)
        let taggedLeaves = tagged.allBlocks.filter { if case .paragraph = $0.kind { true } else if case .heading = $0.kind { true } else { false } }
        #expect(taggedLeaves == flat.blocks)
        #expect(Tagging.entities(of: flat).count >= 10)
    }

    @Test func existingEntitiesAreKept() throws {
        let doc = Document(
            metadata: Metadata(language: "ar"),
            blocks: [Block(.paragraph([.text("في "), Inline(.entity(Entity(kind: "custom"), [.text("حلب")])), .text(" وحلب")]))])
        let tagged = try Tagging.tag(doc)
        #expect(Tagging.entities(of: tagged).map(\.kind) == ["custom", .place])
    }

    @Test func documentsAreTaggedConcurrentlyWithOneSharedGazetteer() async throws {
        let doc = try TestDocumentsLoader.sample()
        let first = try Tagging.tag(doc)
        let results = try await withThrowingTaskGroup(of: [Tagging.Found].self) { group in
            for _ in 0..<8 { group.addTask { Tagging.entities(of: try Tagging.tag(doc)) } }
            var all: [[Tagging.Found]] = []
            for try await r in group { all.append(r) }
            return all
        }
        for r in results { #expect(r == Tagging.entities(of: first)) }
    }
}
