import Foundation
import Glibc
import Testing

/// The platform layer stays one (docs/architecture.md, "The platform layer"): `Errno` is the one errno type,
/// `Errno.retryingInterrupts` the one retry on `EINTR`, and nothing decides by the text of a system error.
struct PlatformLayerTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")
    static let platformModule = "SystemSupport/"

    /// Every Swift file under Sources: (path relative to Sources, text).
    static func files() throws -> [(path: String, text: String)] {
        let paths = (FileManager.default.enumerator(atPath: sources.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".swift") }.sorted()
        return try paths.map {
            ($0, try String(contentsOfFile: sources.appendingPathComponent($0).path, encoding: .utf8))
        }
    }

    /// `(file, line)` of every line outside SystemSupport that matches `pattern`.
    static func outsidePlatform(_ pattern: String) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern)
        return try files().filter { !$0.path.hasPrefix(platformModule) }.flatMap { file in
            file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap {
                number, line -> String? in
                let text = String(line)
                let range = NSRange(text.startIndex..., in: text)
                return regex.firstMatch(in: text, range: range) == nil ? nil : "\(file.path):\(number + 1): \(text)"
            }
        }
    }

    @Test func thereIsOneErrnoType() throws {
        let declarations = try Self.files().filter {
            $0.text.contains(/(struct|enum|class)\s+\w*(Errno|SystemError)\b/)
        }
        #expect(declarations.map(\.path) == ["SystemSupport/Errno.swift"])
        #expect(try Self.outsidePlatform(#"\b(errno|code)\s*:\s*Int32\b"#) == [], "an errno kept as a bare Int32")
        #expect(try Self.outsidePlatform(#"\bstrerror\s*\("#) == [], "strerror outside Errno")
    }

    @Test func thereIsOneRetryOnInterrupt() throws {
        #expect(try Self.outsidePlatform(#"\bEINTR\b"#) == [])
    }

    @Test func systemCallsWithDescriptorsOrSignalsGoThroughThePlatformLayer() throws {
        let calls =
            #"^(?!\s*//).*(?<![.\w])(pipe2?|accept4?|getaddrinfo|sigaction|signal|socket|bind|listen|fcntl)\s*\("#
        let direct = try Self.outsidePlatform(calls).filter { !$0.contains("func ") }
        #expect(direct == [])
        #expect(
            !FileManager.default.fileExists(
                atPath: Self.sources.appendingPathComponent("ZKProbeExporter/ExporterSyscalls.swift").path))
    }

    /// No source holds the text of a system error in a string literal: that text is for people, the code is for
    /// decisions (`Checker` once matched "Too many open files").
    @Test func noSourceMatchesTheTextOfASystemError() throws {
        let eaiCodes: [Int32] = [
            EAI_BADFLAGS, EAI_NONAME, EAI_AGAIN, EAI_FAIL, EAI_FAMILY, EAI_SOCKTYPE, EAI_SERVICE, EAI_MEMORY,
            EAI_SYSTEM, EAI_OVERFLOW,
        ]
        let texts = Set(
            (1..<134).map { String(cString: strerror($0)) } + eaiCodes.map { String(cString: gai_strerror($0)) }
        )
        .filter { !$0.hasPrefix("Unknown error") }
        var found: [String] = []
        for file in try Self.files() {
            let code = file.text.split(separator: "\n").filter {
                !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//")
            }
            for literal in code.joined(separator: "\n").matches(of: /"([^"\\\n]|\\.)*"/) {
                let text = String(literal.output.0.dropFirst().dropLast())
                for message in texts where text.contains(message) { found.append("\(file.path): \(message)") }
            }
        }
        #expect(found == [])
    }
}
