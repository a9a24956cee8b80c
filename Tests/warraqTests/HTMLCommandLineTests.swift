import Foundation
import Testing

@Suite("Command line: web pages")
struct HTMLCommandLineTests {
    static let page = """
        <!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>عنوان الخبر | موقع</title></head>
        <body><nav><a href="/">الرئيسية</a></nav><article><h1>عنوان الخبر</h1>
        <p>طلبت الولايات المتحدة السبت ان توقف القوات السورية قصفها لمدينة حلب وتساعد على احلال وقف لاطلاق النار في جميع انحاء البلاد.</p>
        </article></body></html>
        """

    @Test func anHTMLFileIsReadByItsExtension() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["story.html", "story.htm"] {
            let path = directory.appendingPathComponent(name)
            try Data(Self.page.utf8).write(to: path)
            let result = try CLI.run(["convert", path.path, "--to", "json"])
            #expect(result.status == 0, "\(result.stderr)")
            let json = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
            let metadata = json?["metadata"] as? [String: Any]
            #expect(metadata?["title"] as? String == "عنوان الخبر")
            #expect(metadata?["direction"] as? String == "rtl")
            // The story alone: the navigation and the heading that repeats the title are left out.
            #expect((json?["blocks"] as? [Any])?.count == 1)
        }
        let piped = try CLI.run(["convert", "-", "--from", "html", "--to", "markdown"], stdin: Data(Self.page.utf8))
        #expect(piped.status == 0)
        #expect(piped.text.contains("طلبت الولايات المتحدة السبت"))
        #expect(!piped.text.contains("الرئيسية"))
    }

    @Test func aBinaryFileFailsWithAClearMessage() throws {
        let result = try CLI.run(["convert", "-", "--from", "html", "--to", "json"], stdin: Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]))
        #expect(result.status == 1)
        #expect(result.exitedNormally)
        #expect(result.stderr.hasPrefix("<stdin>:1:"), "\(result.stderr)")
        #expect(result.stderr.contains("error: this is not an HTML page: it holds binary data (a NUL byte at byte offset 4)"))
    }

    @Test func thePluginsListExplainsEveryOption() throws {
        let result = try CLI.run(["plugins"])
        #expect(result.status == 0)
        for option in ["encoding=windows-1256", "extract=body", "on-invalid=error", "language=ar", "direction=rtl"] {
            #expect(result.text.contains(option), "\(option)")
        }
    }
}
