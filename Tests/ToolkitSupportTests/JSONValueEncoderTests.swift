import Foundation
import Testing

@testable import ToolkitSupport

struct JSONValueEncoderTests {
    struct Inner: Codable, Equatable {
        var b: Int
        var a: String?
    }

    struct Outer: Codable, Equatable {
        var zeta: String
        var alpha: Int?
        var u32: UInt32?
        var u64: UInt64
        var d: Double?
        var flag: Bool?
        var list: [Inner]
        var nested: Inner?
    }

    static let value = Outer(
        zeta: "z\n\"q\"", alpha: nil, u32: nil, u64: UInt64.max, d: 0.5, flag: nil,
        list: [Inner(b: 1, a: nil), Inner(b: -2, a: "x")], nested: nil)

    @Test func keepsDeclarationOrderAndWritesEveryMissingValueAsNull() throws {
        let text = try JSONValueEncoder().encode(Self.value).serialized(indent: nil)
        #expect(
            text
                == #"{"zeta":"z\n\"q\"","alpha":null,"u32":null,"u64":18446744073709551615,"d":0.5,"flag":null,"#
                + #""list":[{"b":1,"a":null},{"b":-2,"a":"x"}],"nested":null}"#)
    }

    @Test func whatItWritesFoundationReadsBack() throws {
        let text = try JSONValueEncoder().encode(Self.value).serialized()
        #expect(try JSONDecoder().decode(Outer.self, from: Data(text.utf8)) == Self.value)
    }

    @Test func layoutsIndentThenInline() {
        let value = JSONValue.array([.object([("a", .array([.int(1), .double(2.5)])), ("b", .object([]))])])
        #expect(value.serialized(indent: 2) == "[\n  {\n    \"a\": [\n      1,\n      2.5\n    ],\n    \"b\": {}\n  }\n]")
        #expect(value.serialized(indent: 2, inlineFrom: 2) == "[\n  {\n    \"a\": [1, 2.5],\n    \"b\": {}\n  }\n]")
        #expect(value.serialized(indent: 2, inlineFrom: 0) == "[{\"a\": [1, 2.5], \"b\": {}}]")
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteNumbersAreNull(_ x: Double) {
        #expect(JSONValue.double(x).serialized() == "null")
    }

    @Test func controlCharactersAndLineSeparatorsAreEscaped() {
        #expect(JSONValue.string("a\u{0}b\u{1B}c\u{2028}").serialized() == #""a\u0000b\u001bc\u2028""#)
    }
}

struct NumberTextTests {
    @Test(arguments: [
        (3.0, "3"), (-0.0, "0"), (0.25, "0.25"), (1e15, "1000000000000000.0"), (123456789012345.0, "123456789012345"),
        (1e30, "1e+30"), (.nan, "nan"), (.infinity, "inf"),
    ])
    func compactIsAnIntegerOnlyWhenWholeAndExact(_ value: Double, _ expected: String) {
        #expect(NumberText.compact(value) == expected)
    }

    @Test func aFormatAppliesOnlyToFractions() {
        #expect(NumberText.compact(2, format: "%.3f") == "2")
        #expect(NumberText.compact(2.5, format: "%.3f") == "2.500")
    }

    @Test func checkedSecondsRefuseWhatDoesNotFit() {
        #expect(Duration(checkedSeconds: 1.5) == .milliseconds(1500))
        #expect(Duration(checkedSeconds: 1e30) == nil)
        #expect(Duration(checkedSeconds: .nan) == nil)
        #expect(Duration.milliseconds(1500).seconds == 1.5)
    }

    @Test func oneLineEscapesControlCharactersAndCuts() {
        #expect(oneLine("a\nb\u{1B}[31m") == "a\\u{a}b\\u{1b}[31m")
        #expect(oneLine(String(repeating: "x", count: 10), limit: 4) == "xxxx…")
        #expect(oneLine("héllo") == "héllo")
    }
}
