/// Where a writer's bytes go as they are made: a file, a pipe, memory.
///
/// Writers that stream (the AST JSON encoder, the `json` output) hand their bytes over in
/// pieces of a fixed size, so that a large document's output is never held whole in memory.
public protocol ByteSink: AnyObject {
    /// Takes the next bytes of the output, in order.
    ///
    /// - Throws: when the bytes cannot be written (a full disk); the writer then stops.
    func write(_ bytes: UnsafeRawBufferPointer) throws
}

/// A sink that keeps what it is given in memory.
public final class ByteBuffer: ByteSink {
    /// Everything written so far.
    public private(set) var bytes: [UInt8] = []

    public init(reservingCapacity capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public func write(_ bytes: UnsafeRawBufferPointer) {
        self.bytes.append(contentsOf: bytes)
    }
}
