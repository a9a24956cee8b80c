import DocumentModel
import TestSupport
import Testing

/// The writer's output, against the simplest statement of what it writes.
@Suite("JSON writer against a recursive reference")
struct JSONWriterReferenceTests {
    /// A value to write, and how to write it.
    indirect enum Tree {
        case null, bool(Bool), int(Int), double(Double), string(String)
        case array([Tree])
        /// Members; a key that is one of `staticKeys` is written with `staticKey`.
        case object([(String, Tree)])
        /// Written with `value(_:)`, as a parsed value.
        case parsed(JSONValue)
    }

    static let staticKeys: [StaticString] = ["type", "content", "span", "endOffset"]

    /// The reference: JSON text by its rules, recursively. Compact has no white space; pretty
    /// puts each member on its own line, indented two spaces a level, and an empty container
    /// on one line.
    static func reference(_ tree: Tree, pretty: Bool, depth: Int = 0) -> [UInt8] {
        func container(_ open: String, _ close: String, _ members: [[UInt8]]) -> [UInt8] {
            guard !members.isEmpty else { return Array((open + close).utf8) }
            let inner = pretty ? "\n" + String(repeating: " ", count: 2 * (depth + 1)) : ""
            let outer = pretty ? "\n" + String(repeating: " ", count: 2 * depth) : ""
            var out = Array(open.utf8)
            for (i, member) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out += Array(inner.utf8) + member
            }
            return out + Array((outer + close).utf8)
        }
        switch tree {
        case .null: return Array("null".utf8)
        case .bool(let b): return Array((b ? "true" : "false").utf8)
        case .int(let n): return Array(String(n).utf8)
        case .double(let d): return Array(d.description.utf8)
        case .string(let s): return JSONWriterTests.referenceString(s)
        case .array(let items): return container("[", "]", items.map { reference($0, pretty: pretty, depth: depth + 1) })
        case .object(let members):
            return container("{", "}", members.map { key, value in
                JSONWriterTests.referenceString(key) + Array((pretty ? ": " : ":").utf8) + reference(value, pretty: pretty, depth: depth + 1)
            })
        case .parsed(let value): return reference(Self.tree(value), pretty: pretty, depth: depth)
        }
    }

    static func tree(_ value: JSONValue) -> Tree {
        switch value.kind {
        case .null: .null
        case .bool(let b): .bool(b)
        case .number(let n): .int(Int(n)!)
        case .string(let s): .string(s)
        case .array(let items): .array(items.map(tree))
        case .object(let members): .object(members.map { ($0.key, tree($0.value)) })
        }
    }

    static func write(_ tree: Tree, into writer: inout JSONWriter) {
        switch tree {
        case .null: writer.null()
        case .bool(let b): writer.bool(b)
        case .int(let n): writer.int(n)
        case .double(let d): writer.double(d)
        case .string(let s): writer.string(s)
        case .array(let items):
            writer.beginArray()
            for item in items { write(item, into: &writer) }
            writer.endArray()
        case .object(let members):
            writer.beginObject()
            for (key, value) in members {
                guard let known = staticKeys.first(where: { $0.description == key }) else {
                    writer.key(key)
                    write(value, into: &writer)
                    continue
                }
                // Two of the static keys take their string or integer in one call.
                switch (key, value) {
                case ("type", .string(let s)), ("endOffset", .string(let s)): writer.member(known, s)
                case ("type", .int(let n)), ("endOffset", .int(let n)): writer.member(known, n)
                default:
                    writer.staticKey(known)
                    write(value, into: &writer)
                }
            }
            writer.endObject()
        case .parsed(let value): writer.value(value)
        }
    }

    static func randomTree(_ rng: inout SplitMix64, depth: Int = 0) -> Tree {
        let pick = rng.next() % (depth > 6 ? 6 : 9)
        switch pick {
        case 0: return .null
        case 1: return .bool(rng.next() % 2 == 0)
        case 2: return .int(Int(bitPattern: UInt(rng.next())) >> Int(rng.next() % 64))
        case 3: return .double([0.85, 1e-05, 0.5, 1, 0, 0.123456789][Int(rng.next() % 6)])
        case 4, 5: return .string(JSONWriterTests.randomString(&rng))
        case 6: return .array((0..<Int(rng.next() % 5)).map { _ in randomTree(&rng, depth: depth + 1) })
        case 7:
            return .object((0..<Int(rng.next() % 5)).map { _ in
                let key = rng.next() % 2 == 0 ? staticKeys[Int(rng.next() % 4)].description : JSONWriterTests.randomString(&rng)
                return (key, randomTree(&rng, depth: depth + 1))
            })
        default:
            let ints = (0..<Int(rng.next() % 4)).map { _ in JSONValue(.number(String(Int(rng.next() % 1000)))) }
            return .parsed(JSONValue(.object([
                JSONMember(key: "k", value: JSONValue(.array(ints))), JSONMember(key: JSONWriterTests.randomString(&rng), value: JSONValue(.string("v"))),
            ])))
        }
    }

    @Test("Random values are written as the reference writes them", arguments: [1, 2, 3, 4] as [UInt64])
    func writingMatchesTheReference(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        for _ in 0..<500 {
            let tree = Self.randomTree(&rng)
            for pretty in [false, true] {
                // A small buffer to begin with, so that it grows in the middle of values.
                var writer = JSONWriter(pretty: pretty, reservingCapacity: Int(rng.next() % 64))
                Self.write(tree, into: &writer)
                #expect(writer.bytes == Self.reference(tree, pretty: pretty))
            }
        }
    }

    @Test func aCopyOfAWriterGoesOnAlone() {
        var rng = SplitMix64(seed: 9)
        for _ in 0..<200 {
            let first = Self.randomTree(&rng), second = Self.randomTree(&rng), third = Self.randomTree(&rng)
            for pretty in [false, true] {
                var writer = JSONWriter(pretty: pretty)
                writer.beginArray()
                Self.write(first, into: &writer)
                var copy = writer
                Self.write(second, into: &writer)
                Self.write(third, into: &copy)
                writer.endArray()
                copy.endArray()
                #expect(writer.bytes == Self.reference(.array([first, second]), pretty: pretty))
                #expect(copy.bytes == Self.reference(.array([first, third]), pretty: pretty))
            }
        }
    }
}
