import ToolkitSupport

/// A message that may name ``CheckHint``s: text with the hints kept as values, so whoever shows it decides how
/// they read (``spelled(_:)``; ``description`` uses the library's own words). Written as a string literal:
/// `"judged on srvr; add \(hint: .requireWords(["mntr"])) to make this a warning"`.
public struct HintedText: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// A piece of the message.
    public enum Part: Sendable, Hashable {
        case text(String)
        case hint(CheckHint)
    }

    /// The pieces, in order.
    public private(set) var parts: [Part] = []

    /// Plain text, without hints.
    public init(_ text: String) { append(text) }

    public init(stringLiteral value: String) { append(value) }

    public init(stringInterpolation: StringInterpolation) { parts = stringInterpolation.text.parts }

    /// Builds a ``HintedText`` from a literal with `\(hint:)` interpolations.
    public struct StringInterpolation: StringInterpolationProtocol {
        var text = HintedText("")

        public init(literalCapacity: Int, interpolationCount: Int) {}
        public mutating func appendLiteral(_ literal: String) { text.append(literal) }
        /// A value as `String` interpolation shows it; a ``HintedText`` keeps its hints.
        public mutating func appendInterpolation<T>(_ value: T) {
            if let hinted = value as? HintedText { text += hinted } else { text.append(String(describing: value)) }
        }
        public mutating func appendInterpolation(hint: CheckHint) { text.parts.append(.hint(hint)) }
    }

    /// The hints the message names.
    public var hints: [CheckHint] { parts.compactMap { if case .hint(let h) = $0 { h } else { nil } } }

    /// The message with each hint in the words `spell` gives it.
    public func spelled(_ spell: (CheckHint) -> String) -> String {
        parts.map { part in
            switch part {
            case .text(let text): return text
            case .hint(let hint): return spell(hint)
            }
        }.joined()
    }

    /// The message in the library's words (``CheckHint/description``).
    public var description: String { spelled(\.description) }

    /// `self` with its text made safe for one line (``oneLine(_:limit:)``): `limit` counts the text around the
    /// hints, and a hint after the cut goes with it.
    func oneLine(limit: Int) -> HintedText {
        var out = HintedText("")
        var left = limit
        for part in parts {
            guard case .text(let text) = part else {
                out.parts.append(part)
                continue
            }
            let count = text.unicodeScalars.count
            out.append(ToolkitSupport.oneLine(text, limit: left))
            if count > left { break }
            left -= count
        }
        return out
    }

    mutating func append(_ text: String) {
        guard !text.isEmpty else { return }
        if case .text(let last)? = parts.last {
            parts[parts.count - 1] = .text(last + text)
        } else {
            parts.append(.text(text))
        }
    }

    public static func += (a: inout HintedText, b: HintedText) {
        for part in b.parts {
            if case .text(let text) = part { a.append(text) } else { a.parts.append(part) }
        }
    }

    public static func + (a: HintedText, b: HintedText) -> HintedText {
        var out = a
        out += b
        return out
    }
}
