// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "zookeeper-toolkit",
    products: [
        .library(name: "ZKProbe", targets: ["ZKProbe"]),
        .library(name: "QuorumSim", targets: ["QuorumSim"]),
        .executable(name: "zkprobe", targets: ["ZKProbeCLI"]),
        .executable(name: "quorumsim", targets: ["QuorumSimCLI"]),
    ],
    targets: [
        .target(name: "ZKProbe"),
        .target(
            name: "QuorumSim",
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        .executableTarget(name: "ZKProbeCLI", dependencies: ["ZKProbe"]),
        .executableTarget(name: "ZKProbeBench", dependencies: ["ZKProbe"]),
        .executableTarget(name: "QuorumSimCLI", dependencies: ["QuorumSim"]),
        .testTarget(name: "ZKProbeTests", dependencies: ["ZKProbe"], exclude: ["Fixtures", "Snapshots"]),
        .testTarget(name: "QuorumSimTests", dependencies: ["QuorumSim"], exclude: ["Fixtures", "Snapshots"]),
        .testTarget(name: "IntegrationTests", dependencies: ["ZKProbe"]),
    ],
    swiftLanguageModes: [.v6]
)
