/// A block or an inline, for code that visits both.
public enum Node: Sendable, Hashable {
    case block(Block)
    case inline(Inline)
}

/// Thrown when a document is nested deeper than a walker allows.
public struct DepthLimitExceeded: Error, Sendable, Hashable, CustomStringConvertible {
    /// The limit that was passed.
    public var limit: Int

    public init(limit: Int) { self.limit = limit }

    public var description: String {
        "the document is nested more than \(limit) levels deep; warraq stops there rather than risk running out of stack"
    }
}

/// Limits that every recursive walker of the AST keeps to.
public enum DocumentLimits {
    /// How many levels of nested blocks and inlines a walker follows before it stops with
    /// ``DepthLimitExceeded``. Real documents stay far below it (an article nests a handful of
    /// levels); a hostile one is refused, not allowed to overflow the stack, even in a debug
    /// build on a thread with an ordinary 8 MB stack.
    public static let maximumDepth = 256
}
