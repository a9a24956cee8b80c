import DocumentModel
@testable import HTMLPlugin
import TestSupport
import Testing
import WarraqKit

@Suite("HTML input: bytes to text")
struct HTMLEncodingTests {
    static let story = "طلبت الولايات المتحدة السبت ان توقف القوات السورية قصفها لمدينة حلب وتساعد على احلال وقف لاطلاق النار في جميع انحاء البلاد، وكان اعلن عن هدنة في شباط بين الجيش السوري وتحالف مسلحي المعارضة لكنها هشة جدا."

    static func page(head: String) -> String {
        "<!DOCTYPE html><html><head>\(head)<title>خبر</title></head><body><article><p>\(story)</p><p>\(story)</p></article></body></html>"
    }

    func paragraphs(_ document: Document) -> [String] { document.blocks.map(\.plainText) }

    @Test func declarationsInTheFirst1024Bytes() {
        func declared(_ s: String) -> String? { HTMLEncoding.declaredEncoding(Array(s.utf8)[...]) }
        #expect(declared("<meta charset=\"windows-1256\">") == "windows-1256")
        #expect(declared("<META CHARSET=cp1256>") == "cp1256")
        #expect(declared("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\">") == "windows-1256")
        #expect(declared("<meta content='text/html;charset=ISO-8859-6' http-equiv='content-type'>") == "iso-8859-6")
        #expect(declared("<!-- <meta charset=koi8-r> --><meta charset=utf-8>") == "utf-8")
        #expect(declared("<meta name=description content=\"charset=x\">") == nil)
        #expect(declared(String(repeating: " ", count: 1100) + "<meta charset=windows-1256>") == nil)
        #expect(HTMLEncoding.whatwgName("ISO-8859-1") == "windows-1252")
        #expect(HTMLEncoding.whatwgName("utf-16") == "utf-8")
    }

    @Test(arguments: [
        "<meta charset=\"windows-1256\">",
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\">",
        "",
    ])
    func windows1256DeclaredOrNot(head: String) throws {
        let bytes = try LegacyEncoder("windows-1256").encode(Self.page(head: head))
        let (document, warnings) = try readHTML(bytes)
        #expect(paragraphs(document) == [Self.story, Self.story])
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(document.metadata.language == "ar" && document.metadata.direction == .rightToLeft)
    }

    @Test func iso88596IsToldFromWindows1256() throws {
        let bytes = try LegacyEncoder("iso-8859-6").encode(Self.page(head: ""))
        let (document, _) = try readHTML(bytes)
        #expect(paragraphs(document) == [Self.story, Self.story])
    }

    @Test func aDeclarationTheBytesContradictIsWarnedAbout() throws {
        // Declared UTF-8, written in windows-1256.
        let cp1256 = try LegacyEncoder("windows-1256").encode(Self.page(head: "<meta charset=utf-8>"))
        var (document, warnings) = try readHTML(cp1256)
        #expect(paragraphs(document) == [Self.story, Self.story])
        #expect(warnings.map(\.code) == ["charset-mismatch"])
        #expect(warnings.first?.message.contains("windows-1256") == true)
        // Declared windows-1252 (a Latin encoding), written in windows-1256: no mojibake.
        let latin = try LegacyEncoder("windows-1256").encode(Self.page(head: "<meta charset=windows-1252>"))
        (document, warnings) = try readHTML(latin)
        #expect(paragraphs(document) == [Self.story, Self.story])
        #expect(warnings.map(\.code) == ["charset-mismatch"])
        // Declared windows-1256, written in iso-8859-6: the reading that does not mix scripts
        // inside words wins.
        let arabicCousin = try LegacyEncoder("iso-8859-6").encode(Self.page(head: "<meta charset=windows-1256>"))
        (document, warnings) = try readHTML(arabicCousin)
        #expect(paragraphs(document) == [Self.story, Self.story])
        #expect(warnings.map(\.code) == ["charset-mismatch"])
        // Declared windows-1256, saved as UTF-8.
        (document, warnings) = try readHTML(Self.page(head: "<meta charset=windows-1256>"))
        #expect(paragraphs(document) == [Self.story, Self.story])
        #expect(warnings.map(\.code) == ["charset-mismatch"])
    }

    @Test func theOptionOverridesTheDeclarationAndAByteOrderMarkWins() throws {
        let utf8 = Array(Self.page(head: "<meta charset=windows-1256>").utf8)
        var (document, warnings) = try readHTML(utf8, ["encoding": "utf-8"])
        #expect(paragraphs(document) == [Self.story, Self.story])
        #expect(warnings.isEmpty)
        (document, warnings) = try readHTML([0xEF, 0xBB, 0xBF] + utf8)
        #expect(paragraphs(document) == [Self.story, Self.story])
        #expect(warnings.isEmpty)
        // UTF-16 with its mark.
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in Self.page(head: "").utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        (document, _) = try readHTML(utf16)
        #expect(paragraphs(document) == [Self.story, Self.story])
        // Spans of a UTF-8 page with a byte-order mark count it.
        #expect(try readHTML([0xEF, 0xBB, 0xBF] + Array("<p>x</p>".utf8), ["extract": "body"]).0.blocks.first?.span?.start.offset == 3)
    }

    @Test func invalidBytesAreReplacedWithAWarningOrAnError() throws {
        let bytes = Array("<p>abc ".utf8) + [0xFF] + Array(" def</p>".utf8)
        let (document, warnings) = try readHTML(bytes + Array(String(repeating: " ", count: 10).utf8), ["encoding": "utf-8", "extract": "body"])
        #expect(document.blocks.first?.plainText == "abc \u{FFFD} def")
        #expect(warnings.map(\.code) == ["invalid-utf8-replaced"])
        #expect(throws: Diagnostic.self) { try readHTML(bytes, ["encoding": "utf-8", "on-invalid": "error"]) }
    }
}
