// swift-tools-version: 6.1
// word-stats: warraq plugins in Swift. `swift run word-stats --help` is warraq with them
// registered beside the built-in plugins; `swift test` runs their tests.
import PackageDescription

let package = Package(
    name: "word-stats",
    platforms: [.macOS(.v13)],
    dependencies: [
        // warraq: WarraqKit (the plugin protocols and the AST) and WarraqCLI (the command).
        .package(name: "warraq", path: "../../../.."),
    ],
    targets: [
        .target(name: "WordStatsPlugin", dependencies: [.product(name: "WarraqKit", package: "warraq")]),
        .executableTarget(
            name: "word-stats",
            dependencies: ["WordStatsPlugin", .product(name: "WarraqCLI", package: "warraq")]),
        .testTarget(
            name: "WordStatsPluginTests",
            dependencies: ["WordStatsPlugin", .product(name: "WarraqKit", package: "warraq")]),
    ],
    swiftLanguageModes: [.v6]
)
