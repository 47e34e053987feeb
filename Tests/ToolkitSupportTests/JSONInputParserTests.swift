import Foundation
import Testing

@testable import ToolkitSupport

/// `JSONInputParser` replaced Foundation's `JSONSerialization` in the scenario and check readers: on every document
/// here it must read the same values, or fail with the same text (whose "around character N" becomes the line and
/// column of the reader's error).
struct JSONInputParserTests {
    static let documents: [String] = [
        "{}", "[]", " {\"a\": 1} \n", "\u{FEFF}{}", "{\"a\": 1,}", "[1,]", "[1, [2, {\"b\": null}], true, false]",
        "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":.5}", "5", "\"s\"", "true", "x", "5 x", "{\"a\":\"\\u0000\"}",
        "{\"a\":\"\\ud800\"}", "{\"a\":\"\\ud800\\u0041\"}", "{\"a\":\"\\ud83d\\ude00\"}", "{\"a\":NaN}", "{/*c*/}",
        "{\"a\":1e400}", "{\"a\":-1e400}", "{\"a\":18446744073709551615}", "{\"a\":18446744073709551616}",
        "{\"a\":-9223372036854775809}", "{\"a\":9223372036854775807}", "{\"a\":-9223372036854775808}", "{\"a\":1.5e3}",
        "{\"a\":1E+2}", "{\"a\":-0}", "{\"a\":-0.0}", "{\"a\":1e-400}", "{\"a\":0.1}", "{\"a\":123456789.123456789}",
        "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":fals}", "{\"a\":[1 2]}", "{,}", "[,]",
        "{\"a\":1,,}", "[1,,2]", "{1:2}", "{\"a\":\"x\ty\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":\"\\u12\"}",
        "{\"a\":\"abc", "{\"a\"", "{\"a\":", "{", "[", "", "  ", "{}  x", "{} {}", "{\"a\":[]}", "{\"a\":{}}",
        "{\"\\u00e9\":\"\\\"\\/\\b\\f\\n\\r\\t\"}", "{\"a\":\"é\"}", "{\"a\":+1}", "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":0x10}",
        "{\"a\":true,\"a\":false}", "{\"a\":1.0}", "{\"a\":100000000000000000000.0}", "{\"a\":-}", "{\"a\":-a}",
        "{\"a\":\"\\udc00\"}", "{\"a\":\"line\nbreak\"}", "{\n  \"a\": [\n    1,\n    2\n  ]\n}\n", "{\"a\":1}garbage",
        String(repeating: "[", count: 600), String(repeating: "[", count: 512) + String(repeating: "]", count: 512),
        "{\"servers\": [{\"zone\": \"a\", \"votes\": 1}, {\"zone\": \"b\"}], \"run\": {\"years\": 1e3, \"seed\": 42}}",
    ]

    static func foundation(_ bytes: [UInt8]) -> Result<JSONInput, JSONInputParser.Failure> {
        do {
            return .success(value(try JSONSerialization.jsonObject(with: Data(bytes))))
        } catch {
            let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            return .failure(.init(text: text))
        }
    }

    static func value(_ any: Any) -> JSONInput {
        switch any {
        case is NSNull: return .null
        case let number as NSNumber:
            switch String(cString: number.objCType) {
            case "c": return .bool(number.boolValue)
            case "Q": return .unsigned(number.uint64Value)
            case "d", "f": return .double(number.doubleValue)
            default: return .integer(number.int64Value)
            }
        case let string as String: return .string(string)
        case let array as [Any]: return .array(array.map(value))
        case let object as [String: Any]: return .object(object.mapValues(value))
        default: return .string("unexpected \(type(of: any))")
        }
    }

    static func ours(_ bytes: [UInt8]) -> Result<JSONInput, JSONInputParser.Failure> {
        do { return .success(try JSONInputParser.parse(bytes)) } catch { return .failure(error) }
    }

    @Test(arguments: documents)
    func readsAsJSONSerializationDid(_ document: String) {
        let bytes = Array(document.utf8)
        #expect(Self.ours(bytes) == Self.foundation(bytes))
    }

    @Test func invalidUTF8IsRefusedAsJSONSerializationDid() {
        for bytes: [UInt8] in [[0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D]] {
            #expect(Self.ours(bytes) == Self.foundation(bytes))
        }
    }
}
