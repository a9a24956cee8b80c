/// Reading Unicode scalars straight from valid UTF-8 (a Swift string's storage), for the loops
/// that are too hot for `unicodeScalars`, and Unicode's White_Space property without a
/// property lookup.
public enum UTF8Scalars {
    /// The scalar whose UTF-8 starts at `i` of `utf8` (valid UTF-8), and its length in bytes.
    @inlinable @inline(__always)
    public static func decode(_ utf8: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: UInt32, length: Int) {
        let b0 = UInt32(utf8[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(utf8[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 { return ((b0 & 0x0F) << 12 | UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F), 3) }
        return ((b0 & 0x07) << 18 | UInt32(utf8[i + 1] & 0x3F) << 12 | UInt32(utf8[i + 2] & 0x3F) << 6 | UInt32(utf8[i + 3] & 0x3F), 4)
    }

    /// Unicode's White_Space property: ASCII space, tab and line ends, U+0085, U+00A0,
    /// U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
    @inlinable @inline(__always)
    public static func isWhiteSpace(_ v: UInt32) -> Bool {
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        switch v {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// How many bytes of `mask` are 0x80 (each byte is 0x80 or 0): a multiply adds the eight
    /// bits into the top byte, cheaper than a population count where the processor's own
    /// instruction is not assumed (the baseline x86-64 has none).
    @inlinable @inline(__always)
    public static func lanesSet(_ mask: UInt64) -> Int {
        Int(truncatingIfNeeded: ((mask >> 7) &* 0x0101_0101_0101_0101) >> 56)
    }

    /// The number of scalars in valid UTF-8: the bytes that are not continuation bytes
    /// (10xxxxxx), counted eight at a time.
    @inlinable
    public static func count(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
        guard let p = utf8.baseAddress else { return 0 }
        let n = utf8.count
        var continuations = 0
        var k = 0
        while k + 8 <= n {
            let word = UnsafeRawPointer(p + k).loadUnaligned(as: UInt64.self)
            // A continuation byte has its top bit set and the next one clear.
            continuations &+= lanesSet(word & ~(word << 1) & 0x8080_8080_8080_8080)
            k += 8
        }
        while k < n {
            if p[k] & 0xC0 == 0x80 { continuations &+= 1 }
            k += 1
        }
        return n - continuations
    }

    /// The byte offset where scalar number `index` (from 0) of valid UTF-8 starts, or the
    /// length of `utf8` when it has no more than `index` scalars.
    @inlinable
    public static func offset(ofScalar index: Int, in utf8: UnsafeBufferPointer<UInt8>) -> Int {
        guard let p = utf8.baseAddress else { return 0 }
        let n = utf8.count
        var remaining = index  // scalar starts still to pass
        var offset = 0
        // Eight bytes at a time while the scalar is not among them.
        while offset + 8 <= n {
            let word = UnsafeRawPointer(p + offset).loadUnaligned(as: UInt64.self)
            let starts = 8 - lanesSet(word & ~(word << 1) & 0x8080_8080_8080_8080)
            if starts > remaining { break }
            remaining -= starts
            offset += 8
        }
        while offset < n {
            if p[offset] & 0xC0 != 0x80 {
                if remaining == 0 { return offset }
                remaining -= 1
            }
            offset += 1
        }
        return n
    }
}
