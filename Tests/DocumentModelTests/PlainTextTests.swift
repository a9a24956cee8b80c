import DocumentModel
import TestSupport
import Testing

@Suite("Plain text of a block")
struct PlainTextTests {
    /// `plainText` takes a walk that records no runs; it must give the text view's text.
    @Test("plainText is the text view's text", arguments: [1, 2, 3] as [UInt64])
    func plainTextIsTheTextViewsText(seed: UInt64) {
        var generator = DocumentGenerator(rng: SplitMix64(seed: seed))
        var nonEmpty = 0
        for _ in 0..<300 {
            for block in generator.document().blocks {
                let view = block.textView
                #expect(block.plainText == view.text)
                #expect(view.scalarCount == view.text.unicodeScalars.count)
                if !view.text.isEmpty { nonEmpty += 1 }
            }
        }
        #expect(nonEmpty > 100)
    }

    @Test func separatorsAndBreaks() {
        let quote = Block(.blockQuote([
            Block(.paragraph([.text("a"), Inline(.softBreak), .text("b"), Inline(.lineBreak)])),
            Block(.codeBlock(language: nil, text: "x")),
            Block(.paragraph([Inline(.emphasis([.text("c")]))])),
        ]))
        #expect(quote.plainText == "a b\nx\nc")
        #expect(quote.textView.text == "a b\nx\nc")
    }
}
