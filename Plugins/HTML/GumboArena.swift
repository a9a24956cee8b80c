internal import CGumbo
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory for one gumbo parse, given out from large blocks and freed all at once.
///
/// Gumbo allocates every node, attribute, string and vector of its tree on its own, and frees
/// each again in `gumbo_destroy_output`; on a news page that was a tenth of the parse. The
/// copy of the tree into an ``HTMLTree`` is made before anything is freed, so gumbo is given
/// this arena instead: an allocation moves a pointer along a block, a free does nothing, and
/// the blocks go when the copy is made. What gumbo frees while it parses (a buffer it grew,
/// its own state) stays until then, so the arena holds at most a few times what the tree
/// does; pages past ``largestPage`` are parsed with `malloc` as before, so that a very large
/// page's memory does not grow with it.
final class GumboArena {
    /// The bytes given to gumbo above which it uses `malloc` and `free` instead.
    static let largestPage = 8 << 20

    /// The size of a block; a larger allocation gets a block of its own. Under `malloc`'s
    /// threshold for giving memory its own mapping (128 KB), so that blocks come from the heap
    /// and reuse its pages from one page to the next instead of faulting in fresh ones.
    private static let blockSize = (1 << 17) - 4096

    /// Each block starts with this many bytes holding the block before it (a list to free).
    private static let header = 16

    /// Where the next allocation goes, what is left of the current block, and the last block
    /// made: plain values behind a pointer, so that gumbo's calls into the arena cost no
    /// reference counting.
    struct State {
        var next: UnsafeMutableRawPointer? = nil
        var left = 0
        var lastBlock: UnsafeMutableRawPointer? = nil
    }

    private let state: UnsafeMutablePointer<State>

    init() {
        state = .allocate(capacity: 1)
        state.initialize(to: State())
    }

    deinit {
        var block = state.pointee.lastBlock
        while let current = block {
            block = current.load(as: UnsafeMutableRawPointer?.self)
            free(current)
        }
        state.deallocate()
    }

    /// `size` bytes, aligned to 16.
    func allocate(_ size: Int) -> UnsafeMutableRawPointer? { Self.allocate(size, in: state) }

    private static func allocate(_ size: Int, in state: UnsafeMutablePointer<State>) -> UnsafeMutableRawPointer? {
        let rounded = (max(size, 1) + 15) & ~15
        if rounded > state.pointee.left {
            if rounded > blockSize / 4 {
                // A large allocation gets a block of its own; the current one stays in use.
                guard let block = newBlock(header + rounded, in: state) else { return nil }
                return block + header
            }
            guard let block = newBlock(blockSize, in: state) else { return nil }
            state.pointee.next = block + header
            state.pointee.left = blockSize - header
        }
        let result = state.pointee.next!
        state.pointee.next = result + rounded
        state.pointee.left -= rounded
        return result
    }

    /// A block of `size` bytes linked into the list.
    private static func newBlock(_ size: Int, in state: UnsafeMutablePointer<State>) -> UnsafeMutableRawPointer? {
        guard let block = malloc(size) else { return nil }
        block.storeBytes(of: state.pointee.lastBlock, as: UnsafeMutableRawPointer?.self)
        state.pointee.lastBlock = block
        return block
    }

    /// Gumbo's options with this arena as its allocator (`self` must outlive the parse and
    /// the copy of its tree).
    func options(_ base: GumboOptions) -> GumboOptions {
        var options = base
        options.allocator = { userdata, size in
            GumboArena.allocate(size, in: userdata!.assumingMemoryBound(to: State.self))
        }
        options.deallocator = { _, _ in }
        options.userdata = UnsafeMutableRawPointer(state)
        return options
    }
}
