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

    private var blocks: [UnsafeMutableRawPointer] = []
    private var next: UnsafeMutableRawPointer? = nil
    private var left = 0

    init() {}

    deinit {
        for block in blocks { free(block) }
    }

    /// `size` bytes, aligned to 16.
    func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
        let rounded = (max(size, 1) + 15) & ~15
        if rounded > left {
            if rounded > Self.blockSize / 4 {
                // A large allocation gets a block of its own; the current one stays in use.
                guard let block = malloc(rounded) else { return nil }
                blocks.append(block)
                return block
            }
            guard let block = malloc(Self.blockSize) else { return nil }
            blocks.append(block)
            next = block
            left = Self.blockSize
        }
        let result = next!
        next = result + rounded
        left -= rounded
        return result
    }

    /// Gumbo's options with this arena as its allocator (`self` must outlive the parse and
    /// the copy of its tree).
    func options(_ base: GumboOptions) -> GumboOptions {
        var options = base
        options.allocator = { userdata, size in
            Unmanaged<GumboArena>.fromOpaque(userdata!).takeUnretainedValue().allocate(size)
        }
        options.deallocator = { _, _ in }
        options.userdata = Unmanaged.passUnretained(self).toOpaque()
        return options
    }
}
