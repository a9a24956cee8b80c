/// A whole document: its metadata and its body.
///
/// `Document` is the centre of warraq: input plugins produce one, transforms rewrite it and
/// output plugins write it. It is a plain value; copying it is cheap until one copy changes.
public struct Document: Sendable, Hashable {
    /// Title, authors, dates, language and everything else a header or a record needs.
    public var metadata: Metadata
    /// The body, in reading order.
    public var blocks: [Block]

    public init(metadata: Metadata = Metadata(), blocks: [Block] = []) {
        self.metadata = metadata
        self.blocks = blocks
    }
}
