// swift-tools-version:6.0
import PackageDescription

// Layers (docs/architecture.md): SystemSupport (every system call, `Errno`, signals) at the bottom; ToolkitSupport
// (JSON writer, number text) under the two domain libraries, ZKProbe and QuorumSim; CommandLineSupport (option
// tables, outcomes, streams) under the two command modules, ZKProbeCommands and QuorumSimCommands; the
// executables only call a command module's `main`.
// No unsafe flags: `-enforce-exclusivity=unchecked` on QuorumSim bought nothing measurable in
// benchmarks/sim-vs-simpy (six alternating 1-thread runs: 23.5 M events/s with it, 25.6 without, on a shared
// 2-core machine), and unsafe flags stop others from depending on QuorumSim as a versioned package.
let package = Package(
    name: "zookeeper-toolkit",
    products: [
        .library(name: "ZKProbe", targets: ["ZKProbe"]),
        .library(name: "QuorumSim", targets: ["QuorumSim"]),
        .executable(name: "zkprobe", targets: ["ZKProbeCLI"]),
        .executable(name: "quorumsim", targets: ["QuorumSimCLI"]),
    ],
    targets: [
        .target(name: "CSystemSupport"),
        .target(name: "SystemSupport", dependencies: ["CSystemSupport"]),
        .target(name: "ToolkitSupport", dependencies: ["SystemSupport"]),
        .target(name: "ZKProbe", dependencies: ["SystemSupport", "ToolkitSupport"]),
        .target(name: "QuorumSim", dependencies: ["SystemSupport", "ToolkitSupport"]),
        .target(name: "CommandLineSupport", dependencies: ["SystemSupport", "ToolkitSupport"]),
        // zoo.cfg and connect strings (read by ZKProbe) to scenarios: here, so that QuorumSim needs no ZKProbe.
        .target(name: "QuorumSimDeployment", dependencies: ["QuorumSim", "ZKProbe", "ToolkitSupport"]),
        .target(name: "ZKProbeExporter", dependencies: ["ZKProbe", "SystemSupport", "ToolkitSupport"]),
        .target(
            name: "ZKProbeCommands",
            dependencies: ["ZKProbe", "ZKProbeExporter", "CommandLineSupport", "SystemSupport", "ToolkitSupport"]),
        .target(
            name: "QuorumSimCommands",
            dependencies: ["QuorumSim", "QuorumSimDeployment", "CommandLineSupport", "ToolkitSupport"]),
        .executableTarget(name: "ZKProbeCLI", dependencies: ["ZKProbeCommands", "CommandLineSupport"]),
        .executableTarget(name: "QuorumSimCLI", dependencies: ["QuorumSimCommands", "CommandLineSupport"]),
        .executableTarget(name: "ZKProbeBench", dependencies: ["ZKProbe", "CommandLineSupport", "ToolkitSupport"]),
        .executableTarget(name: "KafkaExactBench", dependencies: ["QuorumSim", "ToolkitSupport"]),
        // The driver of benchmarks/kafka-throughput and benchmarks/kafka-coverage; not shipped.
        .executableTarget(name: "QuorumSimBench", dependencies: ["QuorumSim", "ToolkitSupport"]),
        .target(
            name: "TestSupport", dependencies: ["CommandLineSupport", "SystemSupport", "ToolkitSupport"],
            path: "Tests/TestSupport"),
        .testTarget(
            name: "ZKProbeTests", dependencies: ["ZKProbe", "ZKProbeCommands", "SystemSupport", "ToolkitSupport", "TestSupport"],
            exclude: ["Fixtures", "Snapshots"]),
        .testTarget(
            name: "ZKProbeCommandsTests",
            dependencies: ["ZKProbeCommands", "ZKProbe", "ZKProbeExporter", "CommandLineSupport", "TestSupport"]),
        .testTarget(name: "QuorumSimTests", dependencies: ["QuorumSim", "ToolkitSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "QuorumSimCommandsTests",
            dependencies: ["QuorumSimCommands", "QuorumSim", "ZKProbe", "CommandLineSupport", "TestSupport"],
            exclude: ["Fixtures", "Snapshots"]),
        .testTarget(name: "QuorumSimDeploymentTests", dependencies: ["QuorumSimDeployment", "QuorumSim"]),
        .testTarget(name: "ToolkitSupportTests", dependencies: ["ToolkitSupport"]),
        .testTarget(name: "SystemSupportTests", dependencies: ["SystemSupport", "TestSupport"]),
        .testTarget(
            name: "CommandLineSupportTests", dependencies: ["CommandLineSupport", "SystemSupport", "ToolkitSupport"]),
        .testTarget(name: "IntegrationTests", dependencies: [
                "ZKProbe", "ZKProbeCommands", "ZKProbeExporter", "CommandLineSupport", "ToolkitSupport", "TestSupport",
            ]),
    ],
    swiftLanguageModes: [.v6]
)
