import Foundation
import Testing

/// zkprobe and quorumsim ship without Foundation's ICU data (docs/packaging.md, "Size and start-up"): one
/// `import Foundation` in any module of their graphs links Foundation and ICU back in, and a packaged binary grows
/// by some 43 MiB. Nor does any import FoundationEssentials (below). Glibc and Synchronization are fine.
struct LeanImportsTests {
    /// The shipped binaries' module graphs (Package.swift: ZKProbeCLI, QuorumSimCLI and what they depend on).
    static let shippedModules = [
        "ZKProbeCLI", "ZKProbeCommands", "ZKProbeExporter", "ZKProbe", "CommandLineSupport", "ToolkitSupport",
        "SystemSupport", "QuorumSimCLI", "QuorumSimCommands", "QuorumSimDeployment", "QuorumSim",
    ]

    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// Every Swift file of `module`, by its path inside the module, with its text.
    static func swiftFiles(of module: String) throws -> [(file: String, text: String)] {
        let folder = sources.appendingPathComponent(module)
        let files = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty, "no sources under \(folder.path)")
        return try files.map { file in
            (file, try String(contentsOfFile: folder.appendingPathComponent(file).path, encoding: .utf8))
        }
    }

    /// Records every import line of `module` that `isForbidden` finds, with its file.
    static func expectNoImport(in module: String, where isForbidden: (Substring) -> Bool) throws {
        for (file, text) in try swiftFiles(of: module) {
            let imports = text.split(separator: "\n").filter(isForbidden)
            #expect(imports.isEmpty, "\(module)/\(file): \(imports.joined(separator: "; "))")
        }
    }

    @Test(arguments: shippedModules)
    func noShippedModuleImportsFullFoundation(_ module: String) throws {
        try Self.expectNoImport(in: module) {
            $0.firstMatch(of: /^\s*(@\w+\s+)*(\w+\s+)?import\s+Foundation(Internationalization|Networking|XML)?\s*$/) != nil
        }
    }

    /// Any Foundation module, whole or one declaration of it (`import struct FoundationEssentials.Data`), in either
    /// tool's graph: neither imports FoundationEssentials, so that the dynamic binaries do not load
    /// libFoundationEssentials.so and bind its symbols at every start, and the packaged ones do not carry it
    /// (about 5 MiB of quorumsim's limit; docs/packaging.md, "Size and start-up").
    @Test(arguments: shippedModules)
    func noShippedModuleImportsFoundationEssentials(_ module: String) throws {
        try Self.expectNoImport(in: module) {
            $0.firstMatch(of: /^\s*(@\w+\s+)*(\w+\s+)?import\s+(\w+\s+)?Foundation\w*(\.\w+)?\s*$/) != nil
        }
    }

    /// The list above is each tool's whole graph: every module an executable reaches through Package.swift's
    /// dependencies, so that a new module under a tool cannot escape the check.
    @Test func theShippedModulesAreBothToolsWholeGraphs() throws {
        let manifest = try String(
            contentsOfFile: Self.sources.deletingLastPathComponent().appendingPathComponent("Package.swift").path,
            encoding: .utf8)
        var dependencies: [String: [String]] = [:]
        // `.target(name: "X", dependencies: ["A", "B"])` and `.executableTarget(...)`, possibly over several lines.
        for match in manifest.matches(of: /\.(?:executableT|t)arget\(\s*name:\s*"(\w+)"(?:,\s*dependencies:\s*\[([^\]]*)\])?/) {
            let names = (match.output.2 ?? "").matches(of: /"(\w+)"/).map { String($0.output.1) }
            dependencies[String(match.output.1)] = names
        }
        var graph: Set<String> = []
        var pending = ["ZKProbeCLI", "QuorumSimCLI"]
        while let module = pending.popLast() {
            guard graph.insert(module).inserted else { continue }
            pending += try #require(dependencies[module], "\(module) is not a target of Package.swift")
        }
        // C targets have no Swift imports to check.
        #expect(Set(Self.shippedModules) == graph.subtracting(["CSystemSupport"]))
    }
}
