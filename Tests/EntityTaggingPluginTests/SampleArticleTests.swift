import CSVPlugin
import DocumentModel
import Foundation
import JSONPlugin
import MarkdownPlugin
import TEIPlugin
import Testing
import TestSupport
import WarraqKit

@testable import EntityTaggingPlugin

/// The sample article through `tag-entities` and every writer.
@Suite("tag-entities on the sample article")
struct SampleArticleTests {
    static func tagged(_ raw: [String: String] = [:]) throws -> Document { try Tagging.tag(try TestDocuments.sampleArticle(), raw) }

    @Test func everyTargetIsTaggedWithTheRightKind() throws {
        let found = Tagging.entities(of: try Self.tagged())
        let persons = Set(Tagging.texts(found, .person))
        for name in ["جون كيري", "ستافان دي ميستورا", "رياض حجاب", "جون كيربي", "ناصر جودة", "عادل الجبير", "كيري", "دي ميستورا", "كيربي"] {
            #expect(persons.contains(name), "person \(name)")
        }
        // Every later mention of Kerry, de Mistura and Kirby.
        #expect(Tagging.texts(found, .person).filter { $0 == "كيري" }.count == 5)
        #expect(Tagging.texts(found, .person).filter { $0 == "دي ميستورا" }.count == 2)
        #expect(Tagging.texts(found, .person).filter { $0 == "كيربي" }.count == 2)
        let places = Set(Tagging.texts(found, .place))
        for name in ["حلب", "سوريا", "واشنطن", "الولايات المتحدة", "روسيا", "اللاذقية", "الغوطة الشرقية", "جنيف", "القاطرجي"] {
            #expect(places.contains(name), "place \(name)")
        }
        #expect(Tagging.texts(found, .place).filter { $0 == "حلب" }.count == 8)
        let organizations = Set(Tagging.texts(found, .organization))
        for name in ["الامم المتحدة", "لمرصد السوري لحقوق الانسان", "جبهة النصرة", "الخارجية الاميركية"] {
            #expect(organizations.contains(name), "organization \(name)")
        }
        let dates = found.filter { $0.kind == .date }
        #expect(dates.contains(Tagging.Found(kind: .date, text: "29 ابريل 2016", normalized: "2016-04-29")))
        #expect(dates.contains(Tagging.Found(kind: .date, text: "شباط/فبراير", normalized: "--02")))
        #expect(dates.contains(Tagging.Found(kind: .date, text: "22 نيسان/ابريل", normalized: "--04-22")))
        #expect(dates.contains { $0.text == "السبت" })
        #expect(dates.contains { $0.text == "اليوم الاحد" })
        #expect(found.contains(Tagging.Found(kind: .number, text: "246", normalized: "246")))
        // Beyond the targets, only two organizations named by context: the opposition's
        // negotiating body and the Syrian army, which are organizations indeed.
        let targets: Set<String> = ["الامم المتحدة", "لمرصد السوري لحقوق الانسان", "جبهة النصرة", "الخارجية الاميركية"]
        #expect(organizations.subtracting(targets) == ["هيئة المعارضة السورية", "الجيش السوري"])
        #expect(persons == ["جون كيري", "ستافان دي ميستورا", "رياض حجاب", "جون كيربي", "ناصر جودة", "عادل الجبير", "كيري", "دي ميستورا", "كيربي"])
        #expect(places == ["حلب", "سوريا", "واشنطن", "الولايات المتحدة", "روسيا", "اللاذقية", "الغوطة الشرقية", "جنيف", "القاطرجي"])
        #expect(Set(found.map(\.kind)) == [.person, .place, .organization, .date, .number])
    }

    @Test func weekdaysResolveAgainstTheArticleDateWhenItHasOne() throws {
        var doc = try TestDocuments.sampleArticle()
        doc.metadata.published = "2016-05-01"
        let dates = Tagging.entities(of: try Tagging.tag(doc)).filter { $0.kind == .date }
        #expect(dates.contains(Tagging.Found(kind: .date, text: "السبت", normalized: "2016-04-30")))
        #expect(dates.contains(Tagging.Found(kind: .date, text: "اليوم الاحد", normalized: "2016-05-01")))
        #expect(dates.contains(Tagging.Found(kind: .date, text: "22 نيسان/ابريل", normalized: "2016-04-22")))
        #expect(dates.contains(Tagging.Found(kind: .date, text: "شباط/فبراير", normalized: "2016-02")))
    }

    @Test func theTextIsUnchanged() throws {
        let before = try TestDocuments.sampleArticle()
        let after = try Self.tagged()
        #expect(after.blocks.map(\.plainText) == before.blocks.map(\.plainText))
        #expect(after.metadata == before.metadata)
    }

    func write(_ plugin: some OutputPlugin, _ raw: [String: String] = [:]) throws -> String {
        let options = try OptionValues.check(raw.map { RawOption(name: $0.key, value: $0.value) }, against: plugin.options, plugin: plugin.name)
        var context = PluginContext(inputName: "sample")
        return String(decoding: try plugin.write(try Self.tagged(), options: options, context: &context), as: UTF8.self)
    }

    @Test func jsonTreeNestsTheEntities() throws {
        let json = try write(JSONOutput())
        let decoded = try ASTJSON.decode(Array(json.utf8))
        #expect(decoded.entities.count == (try Self.tagged()).entities.count)
        #expect(json.contains("\"type\": \"entity\""))
        #expect(json.contains("\"reference\": \"http://www.wikidata.org/entity/Q41183\""))
    }

    @Test func jsonStandoffGivesTextAndOffsets() throws {
        let json = try write(JSONOutput(), ["layout": "standoff"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["warraq-standoff"] as? String == "1.0")
        let blocks = try #require(object["blocks"] as? [[String: Any]])
        var checked = 0
        for block in blocks {
            let text = try #require(block["text"] as? String)
            let scalars = Array(text.unicodeScalars)
            for e in try #require(block["entities"] as? [[String: Any]]) {
                let start = try #require(e["start"] as? Int), end = try #require(e["end"] as? Int)
                #expect(String(String.UnicodeScalarView(scalars[start..<end])) == e["text"] as? String)
                checked += 1
            }
        }
        #expect(checked == (try Self.tagged()).entities.count)
        #expect(json.contains("\"kind\": \"person\""))
    }

    @Test func csvHasARowPerEntity() throws {
        let csv = try write(CSVOutput(), ["rows": "entities"])
        let lines = csv.split(separator: "\r\n")
        #expect(lines.count == (try Self.tagged()).entities.count + 1)
        #expect(csv.contains(",person,جون كيري,"))
        #expect(csv.contains(",date,29 ابريل 2016,2016-04-29,"))
        #expect(csv.contains(",number,246,246,"))
    }

    @Test func teiHasNamesDatesAndNumbers() throws {
        let tei = try write(TEIOutput())
        #expect(tei.contains("<persName key=\"جون كيري\" ref=\"http://www.wikidata.org/entity/Q22316\">كيري</persName>"))
        #expect(tei.contains("<placeName key=\"حلب\" ref=\"http://www.wikidata.org/entity/Q41183\">حلب</placeName>"))
        #expect(tei.contains("<orgName key=\"جبهة النصرة\">جبهة النصرة</orgName>"))
        #expect(tei.contains("<date when=\"2016-04-29\">29 ابريل 2016</date>"))
        #expect(tei.contains("<num value=\"246\">246</num>"))
        // Valid against tei_all when jing and the schema are there.
        let schema = TestDocuments.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/schemas/tei_all.rng").path
        guard FileManager.default.fileExists(atPath: schema), ExternalTool.works(["which", "jing"]) else {
            print("skipped: jing or ../shared/schemas/tei_all.rng not found; the TEI output was not validated")
            return
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sample-\(UUID().uuidString).tei.xml")
        try Data(tei.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try #require(ExternalTool.run(["jing", schema, file.path]))
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func markdownShowsSpans() throws {
        let md = try write(MarkdownOutput(), ["entities": "spans"])
        #expect(md.contains("[جون كيري]{.person}"))
        #expect(md.contains("[حلب]{.place}"))
        #expect(md.contains("[جبهة النصرة]{.organization}"))
        #expect(md.contains("[29 ابريل 2016]{.date}"))
        #expect(md.contains("[246]{.number}"))
    }
}

@Suite("tag-entities: the second pass with and without the first pass's texts")
struct KeptPreparedTextTests {
    /// The second pass (names found once, found again) reads each block's prepared text kept
    /// from the first while there are few, and prepares the rest again: the entities are the
    /// same whether it keeps all, none or some of them.
    @Test func theEntitiesAreTheSameWhateverIsKept() throws {
        let sample = try TestDocumentsLoader.sample()
        var document = sample
        document.blocks = sample.blocks + sample.blocks + sample.blocks
        var settings = try TaggerSettings(Tagging.options([:]))
        var context = PluginContext(inputName: "test")
        let tagger = try TagEntitiesTransform.tagger(settings, language: "ar", context: &context)
        let none = try tagger.tag(document, keepingPrepared: 0)
        let all = try tagger.tag(document, keepingPrepared: .max)
        let scalars = document.blocks.reduce(0) { $0 + $1.plainText.unicodeScalars.count }
        let some = try tagger.tag(document, keepingPrepared: scalars / 2)
        #expect(all == none)
        #expect(some == none)
        // The second pass found something here: without it there are fewer entities.
        settings.rules.remove(.propagation)
        let once = try TagEntitiesTransform.tagger(settings, language: "ar", context: &context).tag(document)
        #expect(once.entities.count < none.entities.count, "\(once.entities.count) / \(none.entities.count)")
    }
}
