import Foundation
import Testing

@testable import ToolkitSupport

/// The text edits that replaced Foundation's `NSString` calls give the text those calls gave.
struct PlainTextTests {
    static let samples = [
        "", " ", "\t", "  a b  ", "\ta\t", "\u{00A0}x\u{3000}", "\u{2009}thin\u{2009}", "\nline\n", " \r\n ",
        "a'b''c", "x;y;z", "p|q", "back\\slash", "two\nlines", "crlf\r\nend", "{host}.example:{host}", "é'\u{301}'",
        "zk1.example.com:2181", "\u{1F600} wide ", "3.8.0 ",
    ]

    @Test(arguments: samples)
    func trimmingBlanksIsFoundationsWhitespaceTrim(_ text: String) {
        #expect(text.trimmingBlanks() == text.trimmingCharacters(in: .whitespaces))
        #expect(text[...].trimmingBlanks() == text.trimmingCharacters(in: .whitespaces))
    }

    @Test(arguments: samples + ["\u{85}x\u{2028}", "\u{0B}\u{0C}y\u{2029}", "\r\tz\r"])
    func theOtherTrimsAreFoundations(_ text: String) {
        #expect(text.trimmingBlanksAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(
            text.trimmingBlanks(alsoTrimming: "\r")
                == text.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r"))))
    }

    @Test(arguments: samples)
    func replacingEveryIsFoundationsReplace(_ text: String) {
        for (target, replacement) in [("'", "''"), (";", ","), ("|", "/"), ("\\", "\\\\"), ("\n", "\\n"), ("{host}", "zk")] {
            #expect(
                text.replacingEvery(target, with: replacement)
                    == text.replacingOccurrences(of: target, with: replacement), "\(target) in \(text)")
        }
    }

    @Test(arguments: samples)
    func paddedWithSpacesIsFoundationsPadding(_ text: String) {
        for length in [0, 1, 3, 8, 12, 30] {
            #expect(text.paddedWithSpaces(to: length) == text.padding(toLength: length, withPad: " ", startingAt: 0))
        }
    }

    @Test func jsonEscapesControlCharactersAsFoundationFormatted() {
        for value in [0, 1, 0x1F] as [UInt32] {
            var out = ""
            JSONValue.quote(String(Character(Unicode.Scalar(value)!)), into: &out)
            #expect(out == "\"" + String(format: "\\u%04x", value) + "\"")
        }
        var out = ""
        JSONValue.quote("\u{2028}\u{2029}", into: &out)
        #expect(out == "\"\\u2028\\u2029\"")
    }
}
