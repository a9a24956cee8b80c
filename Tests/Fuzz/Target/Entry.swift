import FuzzHarness
import Foundation

/// The target named by WARRAQ_FUZZ_TARGET (text, json, yaml, writers).
let target: @Sendable ([UInt8]) -> [String] = {
    let name = ProcessInfo.processInfo.environment["WARRAQ_FUZZ_TARGET"] ?? ""
    guard let found = FuzzHarness.targets.first(where: { $0.name == name }) else {
        fatalError("set WARRAQ_FUZZ_TARGET to one of: \(FuzzHarness.targets.map(\.name).joined(separator: ", "))")
    }
    return found.run
}()

/// libFuzzer's entry point; this target is built only by `Tests/Fuzz/run`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let problems = target(bytes)
    if !problems.isEmpty { fatalError(problems.joined(separator: "\n")) }
    return 0
}
