import DocumentModel
import PlainTextPlugin
import TestSupport
import Testing
import WarraqKit

/// UTF-8 input is split straight from its bytes, each line validated as its string is made;
/// the reference is the way every other input goes: the whole input decoded first.
@Suite("Plain-text input: UTF-8 read line by line")
struct PlainTextFastPathTests {
    /// Random bytes of text; sometimes a bad byte or sequence put somewhere in them.
    static func bytes(_ rng: inout SplitMix64) -> [UInt8] {
        var bytes = PlainTextPropertyTests.generate(&rng)
        if rng.next() % 2 == 0 && !bytes.isEmpty {
            let bad: [[UInt8]] = [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0x80]]
            bytes.insert(contentsOf: bad[Int(rng.next() % UInt64(bad.count))], at: Int(rng.next() % UInt64(bytes.count + 1)))
        }
        return bytes
    }

    @Test("Documents, warnings and errors are those of decoding the whole input first", arguments: [1, 2, 3, 4] as [UInt64])
    func readingMatchesDecodingFirst(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var valid = 0, invalid = 0
        for _ in 0..<150 {
            let bytes = Self.bytes(&rng)
            let structure = rng.next() % 2 == 0 ? "article" : "paragraphs"
            if String(validating: bytes, as: UTF8.self) != nil {
                valid += 1
                // Valid: `encoding=auto` decodes the whole input and finds it UTF-8.
                let got = try readText(bytes, ["structure": structure])
                let want = try readText(bytes, ["structure": structure, "encoding": "auto"])
                #expect(got.0 == want.0)
                #expect(got.1 == want.1)
            } else {
                // Not valid: the error of decoding the whole input, with its place.
                invalid += 1
                var context = PluginContext(inputName: "t.txt")
                let decoding: Diagnostic? = {
                    do throws(Diagnostic) {
                        _ = try TextDecoding.decode(InputSource(bytes: bytes, path: "t.txt"), encoding: "utf-8", onInvalid: .error, context: &context)
                        return nil
                    } catch {
                        return error
                    }
                }()
                #expect(decoding != nil)
                #expect(throws: decoding!) { try readText(bytes, ["structure": structure]) }
            }
        }
        #expect(valid > 20 && invalid > 20)
    }
}
