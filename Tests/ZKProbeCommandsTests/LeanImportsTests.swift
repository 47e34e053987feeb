import Foundation
import Testing

/// zkprobe and quorumsim ship without Foundation's ICU data (docs/packaging.md, "Size and start-up"): one
/// `import Foundation` in any module of their graphs links Foundation and ICU back in, and a packaged binary grows
/// by some 43 MiB. FoundationEssentials, Glibc, Dispatch and Synchronization are fine.
struct LeanImportsTests {
    /// The shipped binaries' module graphs (Package.swift: ZKProbeCLI, QuorumSimCLI and what they depend on).
    static let shippedModules = [
        "ZKProbeCLI", "ZKProbeCommands", "ZKProbeExporter", "ZKProbe", "CommandLineSupport", "ToolkitSupport",
        "SystemSupport", "QuorumSimCLI", "QuorumSimCommands", "QuorumSimDeployment", "QuorumSim",
    ]

    /// zkprobe's module graph (Package.swift: ZKProbeCLI and what it depends on), which imports no
    /// FoundationEssentials either, so that the dynamic binary does not load libFoundationEssentials.so and bind its
    /// symbols at every start (docs/packaging.md, "Size and start-up").
    static let zkprobeModules = [
        "ZKProbeCLI", "ZKProbeCommands", "ZKProbeExporter", "ZKProbe", "CommandLineSupport", "ToolkitSupport",
        "SystemSupport",
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

    /// Any Foundation module, whole or one declaration of it (`import struct FoundationEssentials.Data`).
    @Test(arguments: zkprobeModules)
    func noModuleOfZKProbeImportsFoundationEssentials(_ module: String) throws {
        try Self.expectNoImport(in: module) {
            $0.firstMatch(of: /^\s*(@\w+\s+)*(\w+\s+)?import\s+(\w+\s+)?Foundation\w*(\.\w+)?\s*$/) != nil
        }
    }
}
