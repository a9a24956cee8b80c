import DocumentModel
import Foundation
import Testing
import TestSupport
import WarraqKit

@testable import EntityTaggingPlugin

@Suite("Gazetteers")
struct GazetteerTests {
    static let shipped = TestDocuments.packageRoot.appendingPathComponent("config/gazetteers/ar").path

    func scratch(_ content: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gazetteer-\(UUID().uuidString).tsv")
        try Data(content.utf8).write(to: url)
        return url.path
    }

    func load(_ content: String, articleOptional: Bool = false) throws -> Gazetteer {
        let path = try scratch(content)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try Gazetteer.load([path], normalization: TaggerSettings.defaultNormalization, articleOptional: articleOptional)
    }

    func error(_ content: String) throws -> Diagnostic? {
        let path = try scratch(content)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try Gazetteer.load([path], normalization: TaggerSettings.defaultNormalization, articleOptional: false)
            return nil
        } catch {
            return error
        }
    }

    @Test func everyShippedLineParses() throws {
        let files = try Gazetteer.files(at: Self.shipped)
        #expect(files.count >= 6)
        var entries = 0
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for (n, line) in lines.enumerated() where !line.isEmpty && !line.hasPrefix("#") {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                #expect((2...4).contains(fields.count), "\(file):\(n + 1): \(fields.count) fields")
                if fields.count >= 3, !fields[2].isEmpty {
                    #expect(fields[2].hasPrefix("Q") && fields[2].dropFirst().allSatisfy(\.isNumber), "\(file):\(n + 1): reference \(fields[2])")
                }
                entries += 1
            }
            // And the loader takes the whole file.
            _ = try Gazetteer.load([file], normalization: TaggerSettings.defaultNormalization, articleOptional: false)
        }
        #expect(entries >= 3000, "the shipped gazetteers hold \(entries) entries")
        let all = try Gazetteer.load([Self.shipped], normalization: TaggerSettings.defaultNormalization, articleOptional: false)
        #expect(all.names.count + all.firstNames.count >= 2900)
    }

    @Test func shippedKindsAreTheStandardOnes() throws {
        for file in try Gazetteer.files(at: Self.shipped) {
            for line in try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
                let kind = line.split(separator: "\t", omittingEmptySubsequences: false)[1]
                #expect(["person", "place", "organization", "first-name"].contains(kind), "\(file): \(line)")
            }
        }
    }

    @Test(arguments: [
        ("حلب\n", 1, 4, "expected a kind"),
        ("# comment\n\nحلب\tPlace\n", 3, 5, "bad kind"),
        ("حلب\tplace\tX12\n", 1, 11, "bad reference"),
        ("حلب\tplace\tQ1\tحلب\textra\n", 1, 18, "too many fields"),
        ("\tplace\n", 1, 1, "the name is empty"),
        ("…\tplace\n", 1, 1, "no letters or digits"),
    ])
    func malformedLinesNameFileLineAndColumn(_ content: String, _ line: Int, _ column: Int, _ message: String) throws {
        let d = try #require(try error(content))
        #expect(d.message.contains(message), "\(d.message)")
        #expect(d.location?.line == line)
        #expect(d.location?.column == column)
        #expect(d.location?.path.hasSuffix(".tsv") == true)
        #expect(d.rendered.contains(":\(line):\(column): error:"))
    }

    @Test func aBadGazetteerStopsTheRecipeBeforeAnyDocument() throws {
        // The options are checked, then the gazetteers they name are loaded once: a bad line is
        // an error of the recipe, not of each document.
        let path = try scratch("حلب\tplace\nدمشق\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let transform = TagEntitiesTransform()
        let options = try Tagging.options(["gazetteers": path, "shipped-gazetteers": "false"])
        do {
            try transform.prepare(options: options)
            Issue.record("no error for a gazetteer line without a kind")
        } catch {
            #expect(error.location?.path == path && error.location?.line == 2 && error.location?.column == 5, "\(error.rendered)")
        }
        // A good one is loaded once and shared with the documents.
        let good = try scratch("حلب\tplace\n")
        defer { try? FileManager.default.removeItem(atPath: good) }
        try transform.prepare(options: try Tagging.options(["gazetteers": good, "shipped-gazetteers": "false"]))
        let found = try Tagging.entities("في حلب", ["gazetteers": good, "shipped-gazetteers": "false"])
        #expect(Tagging.texts(found, .place) == ["حلب"])
    }

    @Test func aMissingGazetteerIsAnError() throws {
        #expect(throws: Diagnostic.self) {
            _ = try Gazetteer.load(["/nonexistent/places.tsv"], normalization: .none, articleOptional: false)
        }
    }

    @Test func referencesAndCanonicalNames() throws {
        let g = try load("سورية\tplace\tQ858\tسوريا\nحلب\tplace\t\thttps://example.org/aleppo\n")
        #expect(g.names.count == 2)
        let doc = Document(metadata: Metadata(language: "ar"), blocks: [.paragraph("من سورية")])
        let tagger = EntityTagger(gazetteer: g, lexicon: Lexicon(normalization: TaggerSettings.defaultNormalization), settings: TaggerSettings())
        let tagged = try tagger.tag(doc)
        let e = try #require(tagged.entities.first?.entity)
        #expect(e.reference == "http://www.wikidata.org/entity/Q858")
        #expect(e.normalized == "سوريا")
        #expect(e.source?.hasPrefix("gazetteer:gazetteer-") == true)
    }

    @Test func matchingIsOnTheNormalizedViewAndLandsOnTheOriginal() throws {
        let found = try Tagging.entities("زار أُسامة الأسد الإسكندرية ومكّة المكرّمة", ["shipped-gazetteers": "false", "gazetteers": try scratch("اسامة الاسد\tperson\nالاسكندرية\tplace\nمكة المكرمة\tplace\n")])
        #expect(found.map(\.text) == ["أُسامة الأسد", "الإسكندرية", "مكّة المكرّمة"])
    }

    @Test func proclitics() throws {
        let g = try scratch("عادل الجبير\tperson\nالغوطة الشرقية\tplace\nحلب\tplace\nالمرصد السوري\torganization\nبغداد\tplace\n(ال)عراق\tplace\n")
        let found = try Tagging.entities(
            "وعادل الجبير والغوطة الشرقية لمدينة حلب وبحلب للمرصد السوري في بغداد وبالعراق والعراق وعراق",
            ["shipped-gazetteers": "false", "gazetteers": g, "places": "false", "organizations": "false", "persons": "false"])
        #expect(found.map(\.text) == ["عادل الجبير", "الغوطة الشرقية", "حلب", "حلب", "لمرصد السوري", "بغداد", "العراق", "العراق", "عراق"])
        // Without proclitics only the bare names.
        let bare = try Tagging.entities(
            "وعادل الجبير في بغداد", ["shipped-gazetteers": "false", "gazetteers": g, "proclitics": "false", "persons": "false"])
        #expect(bare.map(\.text) == ["بغداد"])
    }

    @Test func theArticleWhenTheEntryOrTheOptionSaysSo() throws {
        let g = try scratch("يمن\tplace\nحلب\tplace\n")
        let listed = try Tagging.entities("في اليمن وحلب والحلب", ["shipped-gazetteers": "false", "gazetteers": g])
        #expect(listed.map(\.text) == ["حلب"])
        let optional = try Tagging.entities("في اليمن وحلب", ["shipped-gazetteers": "false", "gazetteers": g, "article": "optional"])
        #expect(optional.map(\.text) == ["اليمن", "حلب"])
    }

    @Test func longestMatchWinsAndOverlapsAreDeterministic() throws {
        let g = try scratch("الولايات\tplace\nالولايات المتحدة\tplace\nالمتحدة الأميركية\torganization\nالأمم المتحدة\torganization\n")
        let found = try Tagging.entities("الولايات المتحدة الأميركية والأمم المتحدة", ["shipped-gazetteers": "false", "gazetteers": g])
        #expect(found.map(\.text) == ["الولايات المتحدة", "الأمم المتحدة"])
        for _ in 0..<3 {
            #expect(try Tagging.entities("الولايات المتحدة الأميركية والأمم المتحدة", ["shipped-gazetteers": "false", "gazetteers": g]) == found)
        }
    }

    @Test func matchingSettingsAreOptions() throws {
        let g = try scratch("أسامة\tfirst-name\nمدينة النور\tplace\n")
        let on = try Tagging.entities("زار مدينه النور", ["shipped-gazetteers": "false", "gazetteers": g, "places": "false"])
        #expect(on.map(\.text) == ["مدينه النور"])
        let off = try Tagging.entities("زار مدينه النور", ["shipped-gazetteers": "false", "gazetteers": g, "places": "false", "teh-marbuta": "keep"])
        #expect(off.isEmpty)
    }
}
