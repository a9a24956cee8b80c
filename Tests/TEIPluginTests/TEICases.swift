import DocumentModel
import Foundation
import TEIPlugin
import TestSupport
import Testing
import WarraqKit

/// The documents the TEI tests write, each with its golden file and output options.
struct TEICase: Sendable, CustomTestStringConvertible {
    var name: String
    var document: Document
    var options: [String: String] = [:]

    var golden: String { "tei/\(name).tei.xml" }
    var testDescription: String { name }

    /// Every golden case: the sample, the every-kind document and its option variants, the
    /// edge cases, and the document of hard nestings.
    static func all() throws -> [TEICase] {
        let everyKind = TestDocuments.everyKindDocument()
        var cases = [
            TEICase(name: "aleppo-ceasefire.ar", document: try TestDocuments.sampleArticle()),
            TEICase(name: "every-kind", document: everyKind),
            TEICase(name: "every-kind.minimal-header", document: everyKind, options: ["header": "minimal"]),
            TEICase(name: "every-kind.no-entities", document: everyKind, options: ["entities": "false"]),
            TEICase(name: "every-kind.compact", document: everyKind, options: ["pretty": "false"]),
        ]
        cases += TestDocuments.edgeCases().map { TEICase(name: $0.name, document: $0.document) }
        cases.append(TEICase(name: "nesting", document: nestingDocument()))
        cases.append(TEICase(name: "values", document: valuesDocument()))
        return cases
    }

    /// Writes the case; returns the bytes and the warnings.
    func write() throws -> (bytes: [UInt8], warnings: [Diagnostic]) {
        let plugin = TEIOutput()
        let values = try OptionValues.check(
            options.sorted { $0.key < $1.key }.map { RawOption(name: $0.key, value: $0.value) },
            against: plugin.options, plugin: plugin.name)
        var context = PluginContext(inputName: name)
        let bytes = try plugin.write(document, options: values, context: &context)
        return (bytes, context.diagnostics)
    }

    /// Nestings and values the schema is strict about: entities inside links and links inside
    /// entities, every inline in an image description, headings and divisions where TEI allows
    /// no `head` or `div`, blocks after a division, empty lists, rows and tables, bad ids,
    /// language tags, URLs and entity values, raw text of every sort.
    static func nestingDocument() -> Document {
        func text(_ string: String) -> Inline { Inline(.text(string)) }
        func paragraph(_ inlines: [Inline], _ attributes: Attributes = .empty) -> Block {
            Block(.paragraph(inlines), attributes: attributes)
        }
        func entity(_ kind: EntityKind, _ normalized: String? = nil, reference: String? = nil, _ content: [Inline]) -> Inline {
            Inline(.entity(Entity(kind: kind, normalized: normalized, reference: reference), content))
        }
        func entity(_ kind: EntityKind, _ content: [Inline]) -> Inline { entity(kind, nil, content) }
        let kerry = entity(.person, "John Kerry", reference: "https://www.wikidata.org/wiki/Q22316", [text("جون كيري")])

        let links = paragraph([
            Inline(.link(Link(target: "https://example.com/kerry"), [kerry])),
            text(" and "),
            entity(.organization, [Inline(.link(Link(target: "https://un.org/"), [text("الامم المتحدة")]))]),
            text(" and "),
            entity(.organization, [text("جامعة "), entity(.place, [text("حلب")])]),
            text(" and "),
            Inline(.emphasis([Inline(.link(Link(target: ""), [entity(.date, "2016-04-30", [text("السبت")])]))])),
            text(" "),
            Inline(.quoted(.double, [entity(.person, [Inline(.strong([text("كيري")]))]), Inline(.lineBreak)])),
        ])

        let values = paragraph([
            entity(.date, "2016-04-22/..", [text("since the 22nd")]), text(", "),
            entity(.date, "/2016-04-29", [text("until the 29th")]), text(", "),
            entity(.date, "2016-W17", [text("week 17")]), text(", "),
            entity(.date, "2016-04-30T10:15:00+03:00", [text("Saturday morning")]), text(", "),
            entity(.date, "2016-02-30", [text("a day that is not")]), text(", "),
            entity(.date, "Friday", [text("Friday")]), text(", "),
            entity(.time, "10:15", [text("quarter past ten")]), text(", "),
            entity(.time, "10:15:00", [text("10:15")]), text(", "),
            entity(.number, "1/2", [text("half")]), text(", "),
            entity(.number, "1,000", [text("a thousand")]), text(", "),
            entity(.number, "-2.5e3", reference: "https://example.com/n", [text("minus 2500")]), text(", "),
            entity(.percent, "40%", [text("٤٠٪")]), text(", "),
            entity(.money, "10 USD", [text("ten dollars")]), text(", "),
            entity(.money, "EUR 3.5", [text("€3.50")]), text(", "),
            entity(.money, "a lot", [text("a fortune")]), text(", "),
            entity(EntityKind("work of art"), "Guernica", [text("Guernica")]), text(", "),
            Inline(.entity(Entity(kind: .place, confidence: 0.5), [text("دمشق")]), attributes: Attributes(id: "damascus", language: "ar")),
        ])

        let description: [Inline] = [
            text("a "), Inline(.span([text("span")]), attributes: Attributes(language: "en")), text(", a break"),
            Inline(.lineBreak), text(", "), Inline(.link(Link(target: "https://example.com/"), [text("a link")])), text(", "),
            entity(.place, reference: "https://www.wikidata.org/wiki/Q41183", [text("حلب")]), text(", "),
            Inline(.emphasis([text("emphasis")])), text(", "), Inline(.quoted(.single, [text("quoted")])), text(", "),
            Inline(.code("code")), text(", "), Inline(.image(Image(source: "inner.png", description: [text("an inner image")]))),
            text(", "), Inline(.raw(format: "tei", text: "<hi rend=\"caps\">raw</hi>")),
        ]

        let attributes = paragraph(
            [
                Inline(.span([text("bad id")]), attributes: Attributes(id: "a b")),
                Inline(.span([text("emoji id")]), attributes: Attributes(id: "id-😀")),
                Inline(.span([text("first")]), attributes: Attributes(id: "twice")),
                Inline(.span([text("second")]), attributes: Attributes(id: "twice")),
                Inline(.span([text("bad language")]), attributes: Attributes(language: "x-klingon-whatever123456")),
                Inline(.span([text("classes")]), attributes: Attributes(classes: ["two words", "rtl\u{200F}mark"], direction: .rightToLeft)),
                Inline(.link(Link(target: "https://example.com/a b?q=%zz#one#two\u{1}"), [text("odd URL")])),
                Inline(.link(Link(target: "1st:place"), [text("not a scheme")])),
                Inline(.code("a < b && c > \"d\"")),
            ],
            Attributes(id: "عنوان_١", language: "en-GB", direction: .leftToRight))

        let raw: [Block] = [
            Block(.raw(format: "tei", text: "<note type=\"editorial\">a <hi rend=\"italic\">well-formed</hi> note</note>")),
            Block(.raw(format: "tei", text: "<note>not closed")),
            Block(.raw(format: "tei", text: "<x:note>prefix not declared</x:note>")),
            Block(.raw(format: "html", text: "<div>html</div>")),
            Block(.raw(format: "markdown", text: "*md*")),
            paragraph([text("inline raw: "), Inline(.raw(format: "tei", text: "a & b")), text(" "), Inline(.raw(format: "html", text: "<b>b</b>"))]),
        ]

        let containers: [Block] = [
            Block(.blockQuote([
                .heading(3, "A heading in a quote"),
                paragraph([text("quoted")]),
                Block(.division([paragraph([text("a division in a quote")])]), attributes: Attributes(id: "lifted", language: "en")),
            ])),
            Block(.list(ordered: true, start: 0, items: [
                [paragraph([text("zero")])],
                [.heading(4, "A heading in an item"), Block(.codeBlock(language: "objective c", text: "a\r\nb\tc"))],
                [Block(.division([paragraph([text("a division in an item")])]), attributes: Attributes(language: "fr"))],
            ])),
            Block(.list(ordered: false, start: 1, items: [])),
            Block(.table(Table(
                caption: [paragraph([text("A table")]), Block(.list(ordered: false, start: 1, items: [[paragraph([text("caption list")])]]))],
                body: [
                    TableRow(cells: []),
                    TableRow(cells: [TableCell([.heading(5, "A heading in a cell"), paragraph([text("and text")])])]),
                ]))),
            Block(.table(Table(caption: [paragraph([text("A caption without a table")])], body: [TableRow(cells: [])]))),
            Block(.figure(
                image: Image(source: "https://example.com/a b.jpg", title: "A figure", description: description),
                caption: [paragraph([text("Caption")]), Block(.division([paragraph([text("caption division")])]))])),
        ]

        let blocks: [Block] = [
            paragraph([text("Before any heading.")]),
            Block(.division([.heading(2, "A division's head"), paragraph([text("in the division")])]), attributes: Attributes(classes: ["box"])),
            paragraph([text("After a division, so in a div of its own.")]),
            Block(.thematicBreak),
            .heading(2, "Links and entities"),
            links,
            .heading(3, "Values"),
            values,
            .heading(3, "Attributes"),
            attributes,
            .heading(2, "Containers"),
        ] + containers + [.heading(2, "Raw")] + raw

        return Document(
            metadata: Metadata(
                title: "Nesting\u{7}", authors: ["", "Only Author"], published: "April 30, 2016", modified: "2016-04-22/2016-04-29",
                language: "en", direction: .leftToRight, canonicalURL: "https://example.com/canonical page",
                keywords: ["", "nesting"], extra: [KeyValue("data source", "tests"), KeyValue("section", "")]),
            blocks: blocks)
    }

    /// Dates and times `when` takes, as the writer judges them.
    static let whenValues = [
        "2016", "2016-04", "2016-04-30", "2016-02-29", "2000-02-29", "-0044-03-15", "12016-01-01",
        "2016-04-30T10:15:00", "2016-04-30T10:15:00.5Z", "2016-04-30T10:15:00+03:00", "2016-04-30T10:15:00+14:00",
        "2016-04-30T10:15:00-13:00", "10:15:00", "23:59:59Z", "--04", "--04-30", "--02-29", "---30",
    ]

    /// Dates and times only `when-iso` takes.
    static let isoValues = [
        "2016-W17", "10:15", "2016-02-30", "1900-02-29", "0000-01-01", "24:00:00", "2016-04-30T24:00:00", "P1D",
        "2016-04-30T10:15:00+14:01", "2016-04-30-13:01",
    ]

    /// Numbers `value` and `quantity` take.
    static let numericValues = ["246", "-0.5", ".5", "5.", "+3", "1e6", "-2.5E-3", "1/2", "-1/-2"]

    /// Every value above in an entity, so that jing judges them too.
    static func valuesDocument() -> Document {
        var inlines: [Inline] = []
        for value in whenValues + isoValues {
            inlines.append(Inline(.entity(Entity(kind: .date, normalized: value), [.text(value)])))
            inlines.append(.text(" "))
        }
        for value in numericValues {
            inlines.append(Inline(.entity(Entity(kind: .number, normalized: value), [.text(value)])))
            inlines.append(.text(" "))
            inlines.append(Inline(.entity(Entity(kind: .money, normalized: value + " USD"), [.text(value)])))
            inlines.append(.text(" "))
        }
        return Document(metadata: Metadata(title: "Values"), blocks: [Block(.paragraph(inlines))])
    }
}
