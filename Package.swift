// swift-tools-version:6.1
import PackageDescription

/// Module map (see docs/architecture.md):
/// C shims (CHiredis, CCurl, CReadline) → LoomCore → LoomRedis / LoomRing / LoomHTTP / LoomOutput
/// → LoomLLM / LoomCluster → LoomShell → LoomCLI → loomctl. Only LoomHTTP imports CCurl; only LoomCLI
/// imports ArgumentParser.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "loomctl",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "loomctl", targets: ["loomctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // C libraries
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"]), .brew(["hiredis"])]),
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"]), .brew(["readline"])]),

        // Libraries, one job each
        .target(name: "LoomCore", dependencies: [.product(name: "Yams", package: "Yams")], swiftSettings: swiftSettings),
        .target(name: "LoomRedis", dependencies: ["CHiredis", "LoomCore"], swiftSettings: swiftSettings),
        .target(name: "LoomRing", dependencies: [.product(name: "Crypto", package: "swift-crypto")], swiftSettings: swiftSettings),
        .target(name: "LoomHTTP", dependencies: ["CCurl", "LoomCore"], swiftSettings: swiftSettings),
        .target(name: "LoomOutput", dependencies: ["LoomCore", .product(name: "Yams", package: "Yams")], swiftSettings: swiftSettings),
        .target(
            name: "LoomCluster",
            dependencies: [
                "LoomCore", "LoomRedis", "LoomRing", "LoomHTTP", .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "LoomLLM",
            dependencies: ["LoomCore", "LoomRedis", "LoomHTTP", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Resources/prices.json")],
            swiftSettings: swiftSettings),
        .target(name: "LoomShell", dependencies: ["LoomCore", "CReadline"], swiftSettings: swiftSettings),
        .target(
            name: "LoomCLI",
            dependencies: [
                "LoomCore", "LoomRedis", "LoomRing", "LoomCluster", "LoomHTTP", "LoomLLM", "LoomOutput", "LoomShell",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(name: "loomctl", dependencies: ["LoomCLI"], swiftSettings: swiftSettings),

        // Test support: a real redis-server per suite, loopback HTTP servers, capturing sinks
        .target(
            name: "LoomTesting", dependencies: ["LoomCore", "LoomRedis", "LoomOutput", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "LoomBench",
            dependencies: ["CCurl", "LoomCore", "LoomRedis", "LoomRing", "LoomCluster", "LoomHTTP", "LoomLLM", "LoomCLI", "LoomOutput", "LoomTesting"],
            path: "Benchmarks/LoomBench",
            swiftSettings: swiftSettings),

        .testTarget(name: "LoomCoreTests", dependencies: ["LoomCore"]),
        .testTarget(name: "LoomRedisTests", dependencies: ["LoomRedis", "LoomTesting"]),
        .testTarget(name: "LoomRingTests", dependencies: ["LoomRing"], exclude: ["Fixtures"]),
        .testTarget(name: "LoomClusterTests", dependencies: ["LoomCluster", "LoomHTTP", "LoomTesting"]),
        .testTarget(name: "LoomHTTPTests", dependencies: ["LoomHTTP", "LoomTesting"]),
        .testTarget(name: "LoomLLMTests", dependencies: ["LoomLLM", "LoomHTTP", "LoomTesting"]),
        .testTarget(name: "LoomCLITests", dependencies: ["LoomCLI", "LoomHTTP", "LoomTesting", .product(name: "Yams", package: "Yams")]),
    ]
)
