// swift-tools-version: 6.1
// Micro-benchmarks of PaddyMethane's hot kernels (package-benchmark). A separate package so that
// the main package does not depend on the benchmark tooling:
//   cd Benchmarks && swift package --disable-sandbox benchmark
// The end-to-end benchmark (I/O floor, scenario-runner) is scripts/benchmark.sh; see BENCHMARKS.md.
import PackageDescription

let package = Package(
    name: "PaddyMethaneBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "PaddyMethane", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "Kernels",
            dependencies: [
                .product(name: "PaddyMethane", package: "PaddyMethane"),
                .product(name: "PaddyMethaneIO", package: "PaddyMethane"),
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/Kernels",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
