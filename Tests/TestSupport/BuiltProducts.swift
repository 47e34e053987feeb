import Foundation

/// The executables of the same build as the running tests: SwiftPM puts every product of a build in one
/// directory, beside the test bundle.
package enum BuiltProducts {
    /// The path of the built `name` (`zkprobe`, `quorumsim`), or `nil` when it was not built.
    package static func executable(_ name: String) -> String? {
        let here = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = here.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }
}
