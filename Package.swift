// swift-tools-version:6.1
import PackageDescription

/// Module map (docs/architecture.md has each module's one job and what it may import):
/// C shims (CHiredis, CCurl, CReadline)
///   → LoomCore → LoomRedis (hiredis), LoomHTTP (libcurl), LoomRing, LoomOutput, LoomShell (readline)
///   → LoomKeyspace (Loom's keys and records) → LoomRegistry (actors) → LoomMembership (nodes, ring, agent)
///   → LoomRouting, LoomHealth, LoomDev; LoomLLM (providers, over LoomRedis and LoomHTTP)
///   → LoomCLI (the only module that imports ArgumentParser) → loomctl.
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
        // Loom's cluster model, one job per module (docs/architecture.md)
        .target(name: "LoomKeyspace", dependencies: ["LoomCore", "LoomRedis", "LoomRing"], swiftSettings: swiftSettings),
        .target(name: "LoomRegistry", dependencies: ["LoomCore", "LoomRedis", "LoomKeyspace"], swiftSettings: swiftSettings),
        .target(
            name: "LoomMembership", dependencies: ["LoomCore", "LoomRedis", "LoomRing", "LoomHTTP", "LoomKeyspace", "LoomRegistry"],
            swiftSettings: swiftSettings),
        .target(
            name: "LoomRouting", dependencies: ["LoomCore", "LoomRedis", "LoomKeyspace", "LoomRegistry", "LoomMembership"],
            swiftSettings: swiftSettings),
        .target(
            name: "LoomHealth",
            dependencies: [
                "LoomCore", "LoomRedis", "LoomKeyspace", "LoomRegistry", "LoomMembership", "LoomHTTP",
                .product(name: "Histogram", package: "hdrhistogram-swift"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "LoomDev", dependencies: ["LoomCore", "LoomRedis", "LoomRing", "LoomKeyspace", "LoomRegistry", "LoomMembership"],
            swiftSettings: swiftSettings),
        .target(
            name: "LoomLLM",
            dependencies: ["LoomCore", "LoomRedis", "LoomKeyspace", "LoomHTTP", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Resources/prices.json")],
            swiftSettings: swiftSettings),
        .target(name: "LoomShell", dependencies: ["LoomCore", "CReadline"], swiftSettings: swiftSettings),
        .target(
            name: "LoomCLI",
            dependencies: [
                "LoomCore", "LoomRedis", "LoomRing", "LoomHTTP", "LoomKeyspace", "LoomRegistry", "LoomMembership", "LoomRouting", "LoomHealth", "LoomDev", "LoomLLM",
                "LoomOutput", "LoomShell",
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
            dependencies: [
                "CCurl", "LoomCore", "LoomRedis", "LoomRing", "LoomHTTP", "LoomKeyspace", "LoomRegistry", "LoomMembership", "LoomRouting", "LoomHealth", "LoomDev", "LoomLLM",
                "LoomCLI", "LoomOutput", "LoomTesting",
            ],
            path: "Benchmarks/LoomBench",
            swiftSettings: swiftSettings),

        .testTarget(name: "LoomCoreTests", dependencies: ["LoomCore"]),
        .testTarget(name: "LoomRedisTests", dependencies: ["LoomRedis", "LoomTesting"]),
        .testTarget(name: "LoomRingTests", dependencies: ["LoomRing"], exclude: ["Fixtures"]),
        .testTarget(name: "LoomHTTPTests", dependencies: ["LoomHTTP", "LoomTesting"]),
        .testTarget(
            name: "LoomMembershipTests", dependencies: ["LoomKeyspace", "LoomRegistry", "LoomMembership", "LoomHTTP", "LoomTesting"]),
        .testTarget(
            name: "LoomRegistryTests",
            dependencies: ["LoomKeyspace", "LoomRegistry", "LoomMembership", "LoomHealth", "LoomDev", "LoomTesting"]),
        .testTarget(name: "LoomRoutingTests", dependencies: ["LoomKeyspace", "LoomRouting", "LoomTesting"]),
        .testTarget(name: "LoomLLMTests", dependencies: ["LoomLLM", "LoomHTTP", "LoomTesting"]),
        .testTarget(
            name: "LoomCLITests",
            dependencies: [
                "LoomCLI", "LoomHTTP", "LoomKeyspace", "LoomRegistry", "LoomMembership", "LoomRouting", "LoomHealth", "LoomDev", "LoomTesting",
                .product(name: "Yams", package: "Yams"),
            ]),
    ]
)
