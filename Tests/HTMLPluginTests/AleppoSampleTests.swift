import DocumentModel
import Foundation
@testable import HTMLPlugin
import TestSupport
import Testing
import WarraqKit

/// The sample article as a web page (`../shared/samples/aleppo-ceasefire.ar.html`) and its
/// windows-1256 twin: the same document from both, the story alone.
@Suite("HTML input: the Aleppo sample page")
struct AleppoSampleTests {
    static let utf8Path = SharedData.path("samples/aleppo-ceasefire.ar.html")
    static let cp1256Path = SharedData.path("samples/aleppo-ceasefire.ar.cp1256.html")
    static let available = utf8Path != nil && cp1256Path != nil

    static func read(_ path: String, _ options: [String: String] = [:]) throws -> (Document, [Diagnostic]) {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        return try readHTML(bytes, options, path: "aleppo-ceasefire.ar.html")
    }

    @Test(.enabled(if: available, "../shared/samples/aleppo-ceasefire.ar*.html are needed"), arguments: [utf8Path, cp1256Path])
    func theStoryAloneWithItsMetadata(path: String?) throws {
        let (document, warnings) = try Self.read(path!)
        #expect(warnings.isEmpty, "\(warnings)")
        let m = document.metadata
        #expect(m.title == "واشنطن تطالب بوقف لاطلاق النار في جميع انحاء سوريا")
        #expect(m.published?.hasPrefix("2016-04-30") == true, "\(String(describing: m.published))")
        #expect(m.authors == ["ا ف ب"])
        #expect(m.language == "ar")
        #expect(m.direction == .rightToLeft)
        let caption = "حي القاطرجي في حلب الذي تسيطر عليه المعارضة بعد غارة جوية 29 ابريل 2016"
        #expect(m.imageCaption == caption)
        #expect(m.image == "/img/aleppo.jpg")

        // The photo as a figure with its caption, then exactly the 11 paragraphs.
        try #require(document.blocks.count == 12, "\(document.blocks.map(\.plainText))")
        guard case .figure(let image, let captionBlocks) = document.blocks[0].kind else {
            Issue.record("the first block is not a figure: \(document.blocks[0])")
            return
        }
        #expect(image.source == "/img/aleppo.jpg")
        #expect(captionBlocks.map(\.plainText) == [caption])
        let paragraphs = document.blocks[1...]
        #expect(paragraphs.allSatisfy { if case .paragraph = $0.kind { true } else { false } })
        #expect(paragraphs.first?.plainText.hasPrefix("طلبت الولايات المتحدة السبت") == true)
        #expect(paragraphs.last?.plainText.hasSuffix("بدون ان يوضح مضمون هذه المبادرات.") == true)
        // Quotes from &quot; references, resolved.
        #expect(paragraphs.dropFirst().first?.plainText.hasSuffix("\"وقف دائم للقتال في كل البلاد\".") == true)

        // Nothing of the navigation, the aside, the share bar, the footer or the modal.
        let text = documentText(document)
        for furniture in ["قسم", "اقرأ أيضا", "عنوان خبر آخر", "فيسبوك", "تويتر", "جميع الحقوق محفوظة", "×"] {
            #expect(!text.contains(furniture), "\(furniture)")
        }
        // Every block has a span on its own line of the page.
        #expect(document.blocks[0].span?.start.line == 7)
        #expect(document.blocks[1].span?.start == SourcePosition(line: 8, column: 1, offset: document.blocks[1].span!.start.offset))
        #expect(document.blocks.last?.span?.start.line == 18)
    }

    @Test(.enabled(if: available, "../shared/samples/aleppo-ceasefire.ar*.html are needed"))
    func bothEncodingsGiveTheSameDocument() throws {
        let (utf8, _) = try Self.read(Self.utf8Path!)
        let (cp1256, _) = try Self.read(Self.cp1256Path!)
        #expect(try withoutSpans(utf8) == withoutSpans(cp1256))
        // Lines and columns agree after the second line (where the two declarations differ).
        #expect(utf8.blocks.map { $0.span?.start.line } == cp1256.blocks.map { $0.span?.start.line })
        // Offsets point into the UTF-8 file itself.
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.utf8Path!)))
        let span = try #require(utf8.blocks[1].span)
        #expect(String(decoding: bytes[span.start.offset..<(span.start.offset + 3)], as: UTF8.self) == "<p>")
    }

    @Test(.enabled(if: available, "../shared/samples/aleppo-ceasefire.ar*.html are needed"), arguments: [
        ("aleppo-ceasefire.ar.html.json", utf8Path), ("aleppo-ceasefire.ar.cp1256.html.json", cp1256Path),
    ])
    func goldenAST(name: String, path: String?) throws {
        let (document, _) = try Self.read(path!)
        let json = try ASTJSON.encode(document, pretty: true) + [0x0A]
        if let problem = Golden.mismatch(json, "html/" + name) { Issue.record("\(problem)") }
    }

    @Test(.enabled(if: available, "../shared/samples/aleppo-ceasefire.ar*.html are needed"))
    func bodyModeKeepsEverything() throws {
        let (document, _) = try Self.read(Self.utf8Path!, ["extract": "body"])
        let text = documentText(document)
        for part in ["قسم 11", "اقرأ أيضا", "عنوان خبر آخر رقم 14", "فيسبوك", "جميع الحقوق محفوظة", "×", "30 ابريل 2016"] {
            #expect(text.contains(part), "\(part)")
        }
        // The page's containers are divisions named after their elements.
        let divisions = document.allBlocks.compactMap { b -> String? in
            if case .division = b.kind { b.attributes.classes.first } else { nil }
        }
        for name in ["header", "nav", "main", "article", "share", "aside", "footer", "modal"] {
            #expect(divisions.contains(name), "\(name) in \(divisions)")
        }
        #expect(document.allBlocks.contains { if case .heading(1, _) = $0.kind { true } else { false } })
    }
}
