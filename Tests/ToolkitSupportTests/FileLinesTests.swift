import Testing
import ToolkitSupport

/// `String.fileLines`: the one line splitter of the operator's files (serve configuration, auth file, zoo.cfg
/// timing, zone map).
struct FileLinesTests {
    /// An LF text gives the lines of a `Character` split on `\n` (which is right for LF), and its CRLF twin the same
    /// lines: the same count, so the same line numbers, and no line end left in any line.
    @Test(arguments: [
        "", "a", "a\n", "a\nb", "\n", "\n\n", "# comment\n\nkey = value\n  indented\t\n", "é\u{301}\nx\u{301}\n",
        "last line without an end",
    ])
    func crlfTextHasTheLinesOfItsLFTwin(_ text: String) {
        let expected = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(text.fileLines == expected)
        let crlf = text.replacingEvery("\n", with: "\r\n")
        #expect(crlf.unicodeScalars.filter { $0 == "\r" }.count == text.unicodeScalars.filter { $0 == "\n" }.count)
        #expect(crlf.fileLines == expected)
    }

    /// One `\r` is dropped at the end of each line, the last too; any other `\r` is part of the line.
    @Test(arguments: [
        ("a\r\nb\nc\r\n", ["a", "b", "c", ""]), ("\r\n", ["", ""]), ("a\r", ["a"]), ("a\r\r\n", ["a\r", ""]),
        ("a\rb\r\n", ["a\rb", ""]), ("\r", [""]), ("\r\r", ["\r"]),
    ])
    func oneCarriageReturnBeforeEachLineEndIsDropped(_ text: String, _ lines: [String]) {
        #expect(text.fileLines.map(String.init) == lines)
    }
}
