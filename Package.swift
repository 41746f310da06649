// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "PaddyMethane",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PaddyMethane", targets: ["PaddyMethane"]),
        .library(name: "PaddyMethaneIO", targets: ["PaddyMethaneIO"]),
        .library(name: "NetCDF", targets: ["NetCDF"]),
        .executable(name: "scenario-runner", targets: ["scenario-runner"]),
        .executable(name: "paddy-synth", targets: ["paddy-synth"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CNetCDF",
            pkgConfig: "netcdf",
            providers: [.apt(["libnetcdf-dev"])]
        ),
        .systemLibrary(
            name: "CXlsxWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        .target(name: "NetCDF", dependencies: ["CNetCDF"], swiftSettings: strictSettings),
        .target(name: "PaddyMethane", swiftSettings: strictSettings),
        .target(
            name: "PaddyMethaneIO",
            dependencies: [
                "NetCDF", "CXlsxWriter", "PaddyMethane", .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "scenario-runner",
            dependencies: [
                "NetCDF", "PaddyMethane", "PaddyMethaneIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "paddy-synth",
            dependencies: ["NetCDF", "PaddyMethane", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "paddy-fuzz",
            dependencies: ["NetCDF", "PaddyMethane", "PaddyMethaneIO", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PaddyMethaneTests",
            dependencies: ["PaddyMethane", "PaddyMethaneIO", "NetCDF", .product(name: "PropertyBased", package: "swift-property-based")],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
    ]
)
