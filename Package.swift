// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "ValueGate",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "valuegate", targets: ["valuegate"]),
        // The shared extractor is a product of its own so other tools can compute profiles
        // exactly as ValueGate does.
        .library(name: "ValueExtractor", targets: ["ValueExtractor"]),
        .library(name: "ValueStats", targets: ["ValueStats"]),
        .library(name: "ValueGateKit", targets: ["ValueGateKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
    ],
    targets: [
        .target(name: "ValueStats"),
        .target(
            name: "ValueExtractor",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Resources/Taxonomy"), .copy("Resources/Lexicon"), .copy("Resources/Model")]
        ),
        .target(
            name: "ValueGateKit",
            dependencies: [
                "ValueExtractor",
                "ValueStats",
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.copy("Resources/suite.schema.json")]
        ),
        .executableTarget(
            name: "valuegate",
            dependencies: [
                "ValueGateKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Development only: mutation fuzzing of the suite loader, the importers and the extractor.
        .executableTarget(name: "valuegate-fuzz", dependencies: ["ValueGateKit"]),
        .testTarget(name: "ValueStatsTests", dependencies: ["ValueStats"]),
        .testTarget(name: "ValueExtractorTests", dependencies: ["ValueExtractor"]),
        .testTarget(
            name: "ValueGateKitTests",
            dependencies: ["ValueGateKit", .product(name: "NIOPosix", package: "swift-nio")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "valuegateTests", dependencies: ["valuegate", "ValueGateKit"]),
    ]
)
