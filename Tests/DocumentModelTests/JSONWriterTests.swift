import DocumentModel
import TestSupport
import Testing

@Suite("JSON writer")
struct JSONWriterTests {
    /// The escaping the writer promises, one byte at a time: `"`, `\` and the bytes below 0x20
    /// escaped (the short forms where JSON has them), every other byte copied.
    static func referenceString(_ value: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for b in value.utf8 {
            switch b {
            case 0x22: out += Array(#"\""#.utf8)
            case 0x5C: out += Array(#"\\"#.utf8)
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case 0x08: out += Array(#"\b"#.utf8)
            case 0x0C: out += Array(#"\f"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array(#"\u00"#.utf8) + [hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            default: out.append(b)
            }
        }
        out.append(0x22)
        return out
    }

    /// Scalars that stress the escaper: every control, quotes, backslashes, the bytes around
    /// them, multi-byte UTF-8 (Arabic, CJK, emoji), U+007F, U+0085, U+2028 and U+2029, and
    /// plain letters so that runs longer than eight bytes occur.
    static let pool: [Unicode.Scalar] = (0..<0x20).map { Unicode.Scalar(UInt8($0)) }
        + ["\"", "\\", "!", "#", "[", "]", " ", "a", "z", "\u{7F}", "\u{80}", "\u{85}", "\u{A0}", "é", "ب", "ة", "\u{200F}",
           "\u{2028}", "\u{2029}", "\u{3000}", "中", "😀", "\u{10FFFF}", "\u{FFFD}"]

    static func randomString(_ rng: inout SplitMix64) -> String {
        var scalars = String.UnicodeScalarView()
        let length = Int(rng.next() % 80)
        for _ in 0..<length {
            // Mostly letters in runs, as text is; sometimes anything of the pool.
            if rng.next() % 3 == 0 {
                scalars.append(pool[Int(rng.next() % UInt64(pool.count))])
            } else {
                let run = Int(rng.next() % 20)
                for _ in 0..<run { scalars.append(rng.next() % 2 == 0 ? "ك" : "x") }
            }
        }
        return String(scalars)
    }

    @Test("Strings are escaped as the byte-at-a-time reference escapes them", arguments: [1, 2, 3, 4] as [UInt64])
    func escapingMatchesTheReference(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<2_000 {
            let value = Self.randomString(&rng)
            for pretty in [false, true] {
                var writer = JSONWriter(pretty: pretty)
                writer.string(value)
                #expect(writer.bytes == Self.referenceString(value), "\(Array(value.unicodeScalars))")
                var keyed = JSONWriter(pretty: pretty)
                keyed.beginObject()
                keyed.key(value)
                keyed.null()
                keyed.endObject()
                let expected = [UInt8(ascii: "{")] + (pretty ? Array("\n  ".utf8) : []) + Self.referenceString(value)
                    + Array((pretty ? ": null\n}" : ":null}").utf8)
                #expect(keyed.bytes == expected)
            }
        }
    }

    @Test func everyByteThatNeedsEscapingIsFoundAtEveryPlaceOfAWord() {
        // One byte to escape at each of the positions 0 to 16 of plain ASCII or Arabic text:
        // the eight-byte scan must see it wherever it falls.
        for special in [0x00, 0x01, 0x08, 0x0A, 0x1F, 0x22, 0x5C] as [UInt8] {
            for filler in ["a", "ب"] {
                for position in 0...16 {
                    let scalars = Array(repeating: Unicode.Scalar(filler)!, count: position) + [Unicode.Scalar(special)]
                        + Array(repeating: Unicode.Scalar(filler)!, count: 16 - position)
                    let value = String(String.UnicodeScalarView(scalars))
                    var writer = JSONWriter()
                    writer.string(value)
                    #expect(writer.bytes == Self.referenceString(value))
                }
            }
        }
        // Bytes just outside the escaped set are copied as they are.
        for b in [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F] as [UInt8] {
            let value = String(repeating: String(UnicodeScalar(b)), count: 17)
            var writer = JSONWriter()
            writer.string(value)
            #expect(writer.bytes == [0x22] + Array(value.utf8) + [0x22])
        }
    }
}
