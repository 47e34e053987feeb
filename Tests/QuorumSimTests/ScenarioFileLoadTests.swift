import Foundation
import Testing

@testable import QuorumSim

/// `ScenarioFile.load(path:)` without FoundationEssentials: the file read by `FileBytes`, the default name cut
/// from the path as `URL` cut it, and the same scenarios as parsing the bytes Foundation reads.
struct ScenarioFileLoadTests {
    static let scenariosFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scenarios")

    @Test(arguments: [
        "scenarios/five-zones.json", "five-zones.json", "/abs/path/x.tar.gz", "x", "/x", "dir/.hidden", ".hidden",
        "a.b.c", "trailing.", "dir.d/name", "dir.d/name.json", "./x.json", "../up/y.JSON", "with space.json",
        "é-zone.json", "//double//slash.json", "x..json", "x.j son", "x.-", "x.j/",
    ])
    func theDefaultNameIsCutAsURLCutIt(path: String) {
        #expect(
            ScenarioFile.defaultName(ofPath: path)
                == URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent)
    }

    @Test func everyShippedScenarioLoadsAsItsBytesParse() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.scenariosFolder.path)
            .filter { $0.hasSuffix(".json") }
        #expect(!files.isEmpty)
        for file in files {
            let path = Self.scenariosFolder.appendingPathComponent(file).path
            let data = try #require(FileManager.default.contents(atPath: path))
            let parsed = try ScenarioFile.parse(
                [UInt8](data), file: path, defaultName: String(file.dropLast(".json".count)))
            #expect(try ScenarioFile.load(path: path) == parsed, "\(file)")
        }
    }

    @Test func textParsesAsItsUTF8Bytes() throws {
        let text = #"{"zones": [{"name": "a"}], "servers": [{"id": 1, "zone": "a"}]}"#
        #expect(try ScenarioFile.parse(text.utf8, file: "t.json") == ScenarioFile.parse(Array(text.utf8), file: "t.json"))
    }

    @Test func aFileOverTheCapIsRefusedFromItsSizeAndAFolderIsNamed() throws {
        let path = NSTemporaryDirectory() + "scenario-load-\(UUID().uuidString).json"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(truncate(path, off_t(ScenarioFile.maxFileBytes + 1)) == 0)  // sparse: nothing is written
        #expect(throws: ScenarioFile.tooLarge(path, bytes: Int64(ScenarioFile.maxFileBytes + 1))) {
            try ScenarioFile.load(path: path)
        }
        #expect(
            throws: ScenarioFileError(
                file: Self.scenariosFolder.path, field: "", message: "is a directory, not a scenario file")
        ) { try ScenarioFile.load(path: Self.scenariosFolder.path) }
    }
}
