import Foundation
import Testing

/// zkprobe ships without Foundation's ICU data (docs/packaging.md, "Size and start-up"): one `import Foundation` in
/// any module of its graph links Foundation and ICU back in, and the packaged binary grows from about 6 MB to 57.
/// FoundationEssentials, Glibc, Dispatch and Synchronization are fine.
struct LeanImportsTests {
    /// zkprobe's module graph (Package.swift: ZKProbeCLI and what it depends on).
    static let zkprobeModules = [
        "ZKProbeCLI", "ZKProbeCommands", "ZKProbeExporter", "ZKProbe", "CommandLineSupport", "ToolkitSupport",
    ]

    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    @Test(arguments: zkprobeModules)
    func noModuleOfZkprobeImportsFullFoundation(_ module: String) throws {
        let folder = Self.sources.appendingPathComponent(module)
        let files = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty, "no sources under \(folder.path)")
        for file in files {
            let text = try String(contentsOfFile: folder.appendingPathComponent(file).path, encoding: .utf8)
            let imports = text.split(separator: "\n").filter {
                $0.firstMatch(of: /^\s*(@\w+\s+)*(\w+\s+)?import\s+Foundation(Internationalization|Networking|XML)?\s*$/)
                    != nil
            }
            #expect(imports.isEmpty, "\(module)/\(file): \(imports.joined(separator: "; "))")
        }
    }
}
