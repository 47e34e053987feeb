/// Parses a JSON document (RFC 8259, top level an object or an array) into a `JSONInput`, with the syntax errors
/// the scenario reader has always reported: the texts of Foundation's `JSONSerialization`, whose positions
/// ("around character N", a byte offset) `JSONDocument` turns into a line and column. Its leniencies are kept too:
/// a UTF-8 byte-order mark is skipped and a comma before `}` or `]` is accepted.
package struct JSONInputParser {
    /// A syntax error: Foundation's text, and the byte offset it names, if any.
    package struct Failure: Error, Equatable {
        package var text: String
    }

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    /// Foundation's limit on nested arrays and objects.
    private static let maxDepth = 512

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The document in `bytes`. With `allowingFragments`, a scalar at the top level is a document too (as
    /// Foundation's `JSONDecoder` reads it); without, it is `JSONSerialization`'s error.
    package static func parse(_ bytes: [UInt8], allowingFragments: Bool = false) throws(Failure) -> JSONInput {
        var parser = JSONInputParser(bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        let document = try parser.value()
        parser.skipTrailingWhitespace()
        guard parser.index == bytes.count else { throw invalid(at: parser.index) }
        switch document {
        case .object, .array: return document
        case _ where allowingFragments: return document
        default:
            throw Failure(text: "JSON text did not start with array or object and option to allow fragments not set.")
        }
    }

    private static var endOfFile: Failure { Failure(text: "Unexpected end of file during JSON parse.") }
    private static func invalid(at offset: Int) -> Failure { Failure(text: "Invalid value around character \(offset).") }

    /// Skips blanks; the end of the input is an error here, since a value or a delimiter must follow.
    private mutating func skipWhitespace() throws(Failure) {
        skipTrailingWhitespace()
        guard index < bytes.count else { throw Self.endOfFile }
    }

    private mutating func skipTrailingWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func value() throws(Failure) -> JSONInput {
        try skipWhitespace()
        switch bytes[index] {
        case UInt8(ascii: "{"): return try nested { (p: inout JSONInputParser) throws(Failure) in try p.object() }
        case UInt8(ascii: "["): return try nested { (p: inout JSONInputParser) throws(Failure) in try p.array() }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw Self.invalid(at: index)
        }
    }

    private mutating func nested(_ body: (inout JSONInputParser) throws(Failure) -> JSONInput) throws(Failure)
        -> JSONInput
    {
        depth += 1
        guard depth <= Self.maxDepth else {
            throw Failure(text: "Too many nested arrays or dictionaries around character \(index + 1).")
        }
        defer { depth -= 1 }
        return try body(&self)
    }

    private mutating func literal(_ word: String, _ result: JSONInput) throws(Failure) -> JSONInput {
        let expected = Array(word.utf8)
        // Foundation reports any misspelt literal (`tru}`) as the end of the input.
        guard bytes[index...].starts(with: expected) else { throw Self.endOfFile }
        index += expected.count
        return result
    }

    private mutating func object() throws(Failure) -> JSONInput {
        index += 1
        var members: [String: JSONInput] = [:]
        try skipWhitespace()
        while bytes[index] != UInt8(ascii: "}") {
            guard bytes[index] == UInt8(ascii: "\"") else { throw Self.invalid(at: index) }
            let key = try string()
            try skipWhitespace()
            guard bytes[index] == UInt8(ascii: ":") else { throw Self.invalid(at: index) }
            index += 1
            members[key] = try value()
            try separator(closing: UInt8(ascii: "}"))
        }
        index += 1
        return .object(members)
    }

    private mutating func array() throws(Failure) -> JSONInput {
        index += 1
        var elements: [JSONInput] = []
        try skipWhitespace()
        while bytes[index] != UInt8(ascii: "]") {
            elements.append(try value())
            try separator(closing: UInt8(ascii: "]"))
        }
        index += 1
        return .array(elements)
    }

    /// After a member or an element: a comma and blanks, or the closing `closing`, which the caller's loop ends on.
    private mutating func separator(closing: UInt8) throws(Failure) {
        try skipWhitespace()
        if bytes[index] == UInt8(ascii: ",") {
            index += 1
            try skipWhitespace()
        } else if bytes[index] != closing {
            throw Self.invalid(at: index)
        }
    }

    /// The string whose opening quote is at `index`, unescaped.
    private mutating func string() throws(Failure) -> String {
        index += 1
        let start = index
        var utf8: [UInt8] = []
        while true {
            guard index < bytes.count else { throw Self.endOfFile }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    throw Failure(text: "Invalid UTF-8 sequence 1 bytes starting from character \(start).")
                }
                return text
            case UInt8(ascii: "\\"):
                try escape(into: &utf8)
            case 0..<0x20:
                throw Failure(text: "Unescaped control character around character \(index).")
            default:
                utf8.append(byte)
                index += 1
            }
        }
    }

    /// The escape at `index` (a backslash), appended to `utf8` as UTF-8.
    private mutating func escape(into utf8: inout [UInt8]) throws(Failure) {
        guard index + 1 < bytes.count else { throw Self.endOfFile }
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F, UInt8(ascii: "b"): 0x08,
            UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
        ]
        if let replacement = simple[bytes[index + 1]] {
            utf8.append(replacement)
            index += 2
            return
        }
        guard bytes[index + 1] == UInt8(ascii: "u") else {
            throw Failure(text: "Invalid escape sequence around character \(index).")
        }
        var scalar = try hexQuad(at: index + 2)
        index += 6
        if (0xD800...0xDBFF).contains(scalar) {
            let lowSurrogateMissing = Failure(
                text: "Unexpected end of file during string parse (expected low-surrogate code point but did not find one).")
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { throw lowSurrogateMissing }
            let low = try hexQuad(at: index + 2)
            guard (0xDC00...0xDFFF).contains(low) else { throw lowSurrogateMissing }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            index += 6
        }
        guard let unicode = Unicode.Scalar(scalar) else {
            throw Failure(text: "Unable to convert hex escape sequence (no high character) to UTF8-encoded character.")
        }
        utf8.append(contentsOf: Array(String(Character(unicode)).utf8))
    }

    /// The four hex digits at `offset` of a `\u` escape.
    private func hexQuad(at offset: Int) throws(Failure) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw Self.endOfFile }
        let digits = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
        guard digits.utf8.count == 4, digits.allSatisfy(\.isHexDigit), let value = UInt32(digits, radix: 16) else {
            throw Failure(text: "Invalid hex encoded sequence in \"\(digits)\" at \(offset).")
        }
        return value
    }

    /// The number at `index`: an integer when written as one and it fits 64 bits, else a double.
    private mutating func number() throws(Failure) -> JSONInput {
        let start = index
        var integral = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        try requireDigit()
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw Failure(text: "Number with leading zero around character \(index).")
            }
        } else {
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            try requireDigit()
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            try requireDigit()
            skipDigits()
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        // Foundation read -2^63 as a double (it negates a magnitude of at most Int64.max): so does this.
        if integral, let value = Int64(text), value != .min { return .integer(value) }
        if integral, let value = UInt64(text) { return .unsigned(value) }
        guard let value = Double(text), value.isFinite else {
            throw Failure(text: "Number \(text) is not representable in Swift.")
        }
        return .double(value)
    }

    private func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private mutating func requireDigit() throws(Failure) {
        guard index < bytes.count else { throw Self.endOfFile }
        guard isDigit(bytes[index]) else { throw Self.invalid(at: index) }
    }

    private mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
}
