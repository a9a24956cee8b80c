import DocumentModel

/// Inlines and entities.
///
/// TEI lets names, dates, numbers, links and highlighting nest in one another freely, so an
/// entity inside a link (`<ref><persName>…`) and a link inside an entity
/// (`<persName><ref>…`) are both written as they are. The one narrower place is an image
/// description (`figDesc`), which takes no `seg`, `lb` or `figure`: there a span and an image
/// are written as their text and a line break as a space.
extension TEIWriter {
    mutating func writeInlines(_ inlines: [Inline], inImageDescription limited: Bool = false) {
        for inline in inlines { writeInline(inline, limited: limited) }
    }

    private mutating func writeInline(_ inline: Inline, limited: Bool) {
        switch inline.kind {
        case .text(let text):
            xml.text(text)
        case .softBreak:
            xml.text(" ")
        case .lineBreak:
            if limited {
                xml.text(" ")
            } else {
                xml.start("lb", attributes(inline.attributes), content: .mixed)
                xml.end()
            }
        case .emphasis(let content):
            highlighted("italic", inline.attributes, content, limited)
        case .strong(let content):
            highlighted("bold", inline.attributes, content, limited)
        case .strikeout(let content):
            highlighted("strikethrough", inline.attributes, content, limited)
        case .superscript(let content):
            highlighted("superscript", inline.attributes, content, limited)
        case .subscript(let content):
            highlighted("subscript", inline.attributes, content, limited)
        case .code(let text):
            xml.element("code", attributes(inline.attributes), text: text)
        case .link(let link, let content):
            let target = TEIValues.uri(link.target)
            if let title = nonEmpty(link.title) { losses.note(.linkTitle, example: "'\(title)'") }
            xml.start("ref", attributes(inline.attributes, target.isEmpty ? [] : [("target", target)]), content: .mixed)
            writeInlines(content, inImageDescription: limited)
            xml.end()
        case .image(let image):
            if limited {
                losses.note(.inImageDescription, example: "an image of \(image.source)")
                writeInlines(image.description, inImageDescription: true)
            } else {
                xml.start("figure", attributes(inline.attributes), content: .elements)
                writeGraphic(image)
                xml.end()
            }
        case .quoted(let kind, let content):
            xml.start("q", attributes(inline.attributes, rend: kind == .single ? ["single"] : []), content: .mixed)
            writeInlines(content, inImageDescription: limited)
            xml.end()
        case .span(let content):
            if limited {
                if !inline.attributes.isEmpty { losses.note(.inImageDescription, example: "a span") }
                writeInlines(content, inImageDescription: true)
            } else {
                xml.start("seg", attributes(inline.attributes), content: .mixed)
                writeInlines(content)
                xml.end()
            }
        case .entity(let entity, let content):
            if options.entities {
                writeEntity(entity, content, inline.attributes, limited)
            } else {
                writeInlines(content, inImageDescription: limited)
            }
        case .raw(let format, let text):
            writeRaw(format: format, text: text, asBlock: false)
        }
    }

    private mutating func highlighted(_ rendition: String, _ attributes: Attributes, _ content: [Inline], _ limited: Bool) {
        xml.start("hi", self.attributes(attributes, rend: [rendition]), content: .mixed)
        writeInlines(content, inImageDescription: limited)
        xml.end()
    }

    /// An entity as its TEI element:
    ///
    /// | kind | element | from `normalized` | `reference` |
    /// |---|---|---|---|
    /// | person, place, organization | `persName`, `placeName`, `orgName` | `key` | `ref` |
    /// | date, time | `date`, `time` | `when`, `notBefore`/`notAfter` (`A/B`), or `when-iso` | `ref` |
    /// | number | `num` | `value` | — |
    /// | percent | `measure type="percent"` | `quantity` | — |
    /// | money | `measure type="currency"` | `quantity`, `unit` (`10 USD`) | — |
    /// | any other | `rs type="KIND"` | `key` | `ref` |
    ///
    /// `confidence` is `cert`. A value TEI cannot take in its form, and a reference where
    /// TEI has no attribute for it, are left out and counted.
    private mutating func writeEntity(_ entity: Entity, _ content: [Inline], _ nodeAttributes: Attributes, _ limited: Bool) {
        let normalized = nonEmpty(entity.normalized)
        let reference = nonEmpty(entity.reference).map(TEIValues.uri)
        var specific: [(String, String)] = []
        specific.reserveCapacity(3)  // one allocation for the usual two or three
        var takesKeyAndReference = true
        let element: String
        func badValue(_ value: String) {
            losses.note(.entityValue, example: "\(entity.kind) '\(value)'")
        }
        switch entity.kind {
        case .person: element = "persName"
        case .place: element = "placeName"
        case .organization: element = "orgName"
        case .date, .time:
            element = entity.kind == .date ? "date" : "time"
            if let normalized {
                if let temporal = TEIValues.temporal(normalized) {
                    specific += temporalAttributes(temporal)
                } else {
                    badValue(normalized)
                }
            }
        case .number:
            element = "num"
            takesKeyAndReference = false
            if let normalized {
                if TEIValues.isNumeric(normalized) { specific.append(("value", normalized)) } else { badValue(normalized) }
            }
        case .percent:
            element = "measure"
            takesKeyAndReference = false
            specific.append(("type", "percent"))
            if let normalized {
                var number = normalized.trimmingWhiteSpace
                if number.hasSuffix("%") { number = String(number.dropLast()).trimmingWhiteSpace }
                if TEIValues.isNumeric(number) { specific.append(("quantity", number)) } else { badValue(normalized) }
            }
        case .money:
            element = "measure"
            takesKeyAndReference = false
            specific.append(("type", "currency"))
            if let normalized {
                if let amount = Self.amount(normalized) {
                    specific.append(("quantity", amount.quantity))
                    if let unit = amount.unit { specific.append(("unit", unit)) }
                } else {
                    badValue(normalized)
                }
            }
        default:
            element = "rs"
            if let type = TEIValues.token(entity.kind.rawValue) { specific.append(("type", type)) }
        }
        if takesKeyAndReference {
            if element != "date" && element != "time", let normalized { specific.append(("key", normalized)) }
            if let reference { specific.append(("ref", reference)) }
        } else if let reference {
            losses.note(.entityReference, example: "'\(reference)'")
        }
        if let confidence = entity.confidence, confidence.isFinite { specific.append(("cert", "\(confidence)")) }

        xml.start(element, attributes(nodeAttributes, specific), content: .mixed)
        writeInlines(content, inImageDescription: limited)
        xml.end()
    }

    /// An amount of money as `quantity` and `unit`: `10`, `10 USD` or `USD 10`.
    static func amount(_ text: String) -> (quantity: String, unit: String?)? {
        let parts = text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        switch parts.count {
        case 1 where TEIValues.isNumeric(parts[0]):
            return (parts[0], nil)
        case 2 where TEIValues.isNumeric(parts[0]) && !TEIValues.isNumeric(parts[1]):
            return TEIValues.token(parts[1]).map { (parts[0], $0) }
        case 2 where TEIValues.isNumeric(parts[1]) && !TEIValues.isNumeric(parts[0]):
            return TEIValues.token(parts[0]).map { (parts[1], $0) }
        default:
            return nil
        }
    }
}
