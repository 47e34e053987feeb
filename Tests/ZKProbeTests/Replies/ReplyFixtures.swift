import Foundation
import Testing

/// The reply files under `Tests/ZKProbeTests/Fixtures`, found from this source file's path.
enum ReplyFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// One fixture: `<set>/<role>-<word>.txt`.
    struct File: CustomTestStringConvertible, Sendable {
        /// The folder: a version (`3.4.14`) or `captured-3.8.0`.
        let setName: String
        let role: String
        let word: String
        let url: URL

        var testDescription: String { "\(setName)/\(role)-\(word)" }

        /// The bytes as the server sent them, decoded as UTF-8 the way a client would.
        var text: String {
            let data = (try? Data(contentsOf: url)) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }

        /// The ZooKeeper version the set holds, e.g. `3.8.0` for `captured-3.8.0`.
        var version: String {
            setName.hasPrefix("captured-") ? String(setName.dropFirst("captured-".count)) : setName
        }

        /// Whether the version prints the average latency as an integer (before 3.6).
        var isBefore36: Bool {
            let parts = version.split(separator: ".").compactMap { Int($0) }
            return parts.count >= 2 && (parts[0], parts[1]) < (3, 6)
        }
    }

    /// Every fixture file, sorted by path.
    static func all() -> [File] {
        let sets = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        var files: [File] = []
        for set in sets.sorted() {
            let folder = root.appendingPathComponent(set)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
            else { continue }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".txt") {
                let stem = name.dropLast(4)
                guard let dash = stem.lastIndex(of: "-") else { continue }
                files.append(
                    File(
                        setName: set, role: String(stem[..<dash]), word: String(stem[stem.index(after: dash)...]),
                        url: folder.appendingPathComponent(name)))
            }
        }
        return files
    }

    static func file(_ set: String, _ name: String) -> File? {
        all().first { $0.setName == set && "\($0.role)-\($0.word)" == name }
    }

    /// The text of `<set>/<name>.txt`, or an empty string when it is missing (the test then fails on it).
    static func text(_ set: String, _ name: String) -> String {
        file(set, name)?.text ?? ""
    }

    /// The words this package parses (others stay raw).
    static let parsedWords: Set<String> = ["ruok", "srvr", "stat", "mntr", "conf", "isro", "cons"]
}
