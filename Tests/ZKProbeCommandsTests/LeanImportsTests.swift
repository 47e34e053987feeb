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

    @Test(arguments: shippedModules)
    func noShippedModuleImportsFullFoundation(_ module: String) throws {
        for (file, text) in try Self.swiftFiles(of: module) {
            let imports = text.split(separator: "\n").filter {
                $0.firstMatch(of: /^\s*(@\w+\s+)*(\w+\s+)?import\s+Foundation(Internationalization|Networking|XML)?\s*$/)
                    != nil
            }
            #expect(imports.isEmpty, "\(module)/\(file): \(imports.joined(separator: "; "))")
        }
    }
}
