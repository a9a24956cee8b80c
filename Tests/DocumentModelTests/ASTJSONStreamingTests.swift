import DocumentModel
import TestSupport
import Testing

/// A sink that keeps its chunks apart, and can refuse from a chunk on.
final class RecordingSink: ByteSink {
    var chunks: [[UInt8]] = []
    let failingFrom: Int?

    struct Refused: Error {}

    init(failingFrom: Int? = nil) { self.failingFrom = failingFrom }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        if let failingFrom, chunks.count >= failingFrom { throw Refused() }
        chunks.append(Array(bytes))
    }
}

@Suite("AST JSON, streamed")
struct ASTJSONStreamingTests {
    @Test("Streamed in chunks of any size, the bytes are those of the whole encoding", arguments: [1, 2, 3] as [UInt64])
    func streamingMatchesTheWholeEncoding(seed: UInt64) throws {
        var generator = DocumentGenerator(rng: SplitMix64(seed: seed))
        var sizes = SplitMix64(seed: seed &* 31)
        for _ in 0..<150 {
            let document = generator.document()
            for pretty in [false, true] {
                let whole = try ASTJSON.encode(document, pretty: pretty)
                let sink = RecordingSink()
                let chunkSize = 1 + Int(sizes.next() % 400)
                try ASTJSON.encode(document, pretty: pretty, terminator: 0x0A, to: sink, chunkSize: chunkSize)
                #expect(sink.chunks.flatMap { $0 } == whole + [0x0A])
                // Every chunk but the last was handed over once it was full, and none is empty.
                #expect(sink.chunks.dropLast().allSatisfy { $0.count >= chunkSize })
                #expect(sink.chunks.allSatisfy { !$0.isEmpty })
            }
        }
    }

    @Test func theEveryKindDocumentStreamsAsItEncodes() throws {
        let document = TestDocuments.everyKindDocument()
        for pretty in [false, true] {
            let buffer = ByteBuffer()
            try ASTJSON.encode(document, pretty: pretty, to: buffer, chunkSize: 64)
            #expect(buffer.bytes == (try ASTJSON.encode(document, pretty: pretty)))
        }
    }

    @Test func theSinksErrorIsThrownAndNothingMoreIsWritten() throws {
        let text = String(repeating: "نص ", count: 200)
        let document = Document(blocks: (0..<50).map { _ in Block.paragraph(text) })
        let sink = RecordingSink(failingFrom: 2)
        #expect(throws: RecordingSink.Refused.self) { try ASTJSON.encode(document, to: sink, chunkSize: 1_000) }
        #expect(sink.chunks.count == 2)
    }

    @Test func whatTheFormatCannotHoldIsFoundAfterChunksWentOut() throws {
        let text = String(repeating: "x", count: 500)
        let document = Document(blocks: (0..<20).map { _ in Block.paragraph(text) } + [Block(.heading(level: 9, content: [.text("?")]))])
        let sink = RecordingSink()
        #expect(throws: JSONError.self) { try ASTJSON.encode(document, to: sink, chunkSize: 1_000) }
        #expect(!sink.chunks.isEmpty)
    }
}
