import Foundation
import CommandLineSupport
import Testing

/// Every man page the package installs, made by `scripts/package.d/man-pages` from the built tools (the script
/// `scripts/package` runs), rendered by man-db: no roff warning, no Markdown left over (`<!--` markers,
/// backquotes), SEE ALSO pointing at pages that exist and naming the file formats, and quorumsim(1) pointing at
/// the examples the package installs rather than the source tree.
struct ManPagesTests {
    struct Page {
        var name: String
        var section: String
        var roff: String
    }

    static func generatedPages() throws -> [Page] {
        let zkprobe = try ExternalTool.zkprobe()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("man-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let script = EnsembleScript.repositoryRoot.appendingPathComponent("scripts/package.d/man-pages").path
        let bin = URL(fileURLWithPath: zkprobe).deletingLastPathComponent().path
        let run = try ExternalTool.run(script, [bin, directory], timeout: .seconds(60))
        guard run.status == 0 else { throw ExternalTool.Failure(description: run.transcript) }
        var pages: [Page] = []
        for section in ["1", "5"] {
            let folder = directory + "/man" + section
            for file in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
                let roff = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
                pages.append(Page(name: String(file.dropLast(2)), section: section, roff: roff))
            }
        }
        return pages
    }

    /// The `NAME(N)` references of a page's SEE ALSO section.
    static func seeAlso(_ roff: String) -> [String] {
        guard let start = roff.range(of: ".SH \"SEE ALSO\"\n") else { return [] }
        let lines = roff[start.upperBound...].split(separator: "\n").prefix { !$0.hasPrefix(".") }
        let regex = try! NSRegularExpression(pattern: #"\\fB(.+?)\\fR\((\d)\)"#)
        let text = lines.joined(separator: "\n")
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            let name = text[Range(match.range(at: 1), in: text)!].replacingOccurrences(of: "\\-", with: "-")
            return "\(name)(\(text[Range(match.range(at: 2), in: text)!]))"
        }
    }

    @Test func everyPageRendersWithoutWarningsOrMarkdown() throws {
        let man = try ExternalTool.locate("man", package: "man-db")
        let pages = try Self.generatedPages()
        #expect(pages.filter { $0.section == "5" }.count == 2 && pages.count >= 12, "\(pages.map(\.name))")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("man-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let environment = ["PATH": "/usr/bin:/bin", "MANWIDTH": "80", "LANG": "C.UTF-8", "MAN_DISABLE_SECCOMP": "1"]
        for page in pages {
            let file = "\(directory)/\(page.name).\(page.section)"
            try page.roff.write(toFile: file, atomically: true, encoding: .utf8)
            let run = try ExternalTool.run(man, ["--warnings", "-l", file], environment: environment)
            #expect(run.status == 0 && run.standardError.isEmpty, "\(run.transcript)")
            #expect(run.standardOutput.contains("SEE ALSO"), "\(page.name): \(run.transcript)")
            for markup in ["<!--", "-->", "`"] {
                #expect(!page.roff.contains(markup), "\(page.name).\(page.section) holds \(markup)")
                #expect(!run.standardOutput.contains(markup), "\(page.name).\(page.section) shows \(markup)")
            }
        }
    }

    @Test func seeAlsoNamesPagesThatExistAndEachToolsFileFormats() throws {
        let pages = try Self.generatedPages()
        let names = Set(pages.map { "\($0.name)(\($0.section))" })
        for page in pages {
            let references = Self.seeAlso(page.roff)
            #expect(!references.isEmpty, "\(page.name)(\(page.section)) has no SEE ALSO")
            #expect(Set(references).isSubset(of: names), "\(page.name): \(Set(references).subtracting(names))")
        }
        for format in pages where format.section == "5" {
            let tool = String(format.name.prefix { $0 != "-" })
            for page in pages where page.section == "1" && (page.name == tool || page.name.hasPrefix(tool + "-")) {
                #expect(Self.seeAlso(page.roff).contains("\(format.name)(5)"), "\(page.name)(1) does not name \(format.name)(5)")
            }
        }
    }

    @Test func quorumsimPointsAtTheExamplesThePackageInstalls() throws {
        let examples = try PackageScript.path("EXAMPLES")
        let page = try #require(try Self.generatedPages().first { $0.name == "quorumsim" && $0.section == "1" })
        #expect(page.roff.contains(ManPage.escape(examples)), "quorumsim(1) does not name \(examples)")
        let scenarioFormat = try #require(try Self.generatedPages().first { $0.name == "quorumsim-scenario" && $0.section == "5" })
        #expect(scenarioFormat.roff.contains(ManPage.escape(examples)), "quorumsim-scenario(5) does not name \(examples)")
    }
}
