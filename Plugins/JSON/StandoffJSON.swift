import DocumentModel

/// The `layout: standoff` form of the `json` output: each top-level block's plain text and
/// the entities in it as offsets, for tools that read annotations beside the text (spaCy,
/// brat, Label Studio) rather than a tree.
///
/// ```json
/// {"warraq-standoff": "1.0", "metadata": {…},
///  "blocks": [{"index": 0, "type": "paragraph", "text": "قال جون كيري",
///              "entities": [{"start": 4, "end": 12, "kind": "person", "text": "جون كيري", …}]}]}
/// ```
///
/// Offsets count Unicode scalars into `text` (as Python does), end exclusive; `text` is the
/// block's plain text as CSV's `rows: entities` and ``DocumentModel/TextView`` give it.
enum StandoffJSON {
    static let version = "1.0"

    static func encode(_ document: Document, pretty: Bool) throws -> [UInt8] {
        // The metadata as the AST JSON writes it.
        var bare = document
        bare.blocks = []
        let metadata = try JSONParser().parse(try ASTJSON.encode(bare))["metadata"]
        var w = JSONWriter(pretty: pretty, reservingCapacity: 4096)
        w.beginObject()
        w.key("warraq-standoff")
        w.string(version)
        if let metadata {
            w.key("metadata")
            w.value(metadata)
        }
        w.key("blocks")
        w.beginArray()
        for (index, block) in document.blocks.enumerated() {
            let view = block.textView
            w.beginObject()
            w.key("index")
            w.int(index)
            w.key("type")
            w.string(block.typeName)
            w.key("text")
            w.string(view.text)
            w.key("entities")
            w.beginArray()
            for found in block.entityRanges(in: view) {
                let e = found.entity
                w.beginObject()
                w.key("start")
                w.int(found.range.lowerBound)
                w.key("end")
                w.int(found.range.upperBound)
                w.key("kind")
                w.string(e.kind.rawValue)
                w.key("text")
                w.string(view.substring(found.range))
                if let v = e.normalized { w.key("normalized"); w.string(v) }
                if let v = e.reference { w.key("reference"); w.string(v) }
                if let v = e.source { w.key("source"); w.string(v) }
                if let v = e.confidence { w.key("confidence"); w.double(v) }
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.bytes
    }
}
